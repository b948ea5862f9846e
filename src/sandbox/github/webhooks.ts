import { createHmac, randomUUID } from "node:crypto";

/** One webhook as sent (and possibly sent again). */
export interface Delivery {
  /** The X-GitHub-Delivery guid; it stays the same on redelivery, as on GitHub. */
  guid: string;
  event: string;
  action: string | undefined;
  payload: Record<string, unknown>;
  /** HTTP status of the last attempt; null when it never got an answer (or there was no target). */
  status: number | null;
  error: string | null;
  attempts: number;
}

export function sign(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/**
 * The emulator's outbox. Deliveries go out one at a time in the order the
 * events happened, after the API answer that caused them, with one attempt
 * and a 10 s limit like GitHub.
 *
 * @example
 *   sender.target = "http://127.0.0.1:3000/api/github/webhooks";
 *   await sender.settled(); // every delivery, including ones caused by the app's own writes, answered
 */
export class WebhookSender {
  target: string | undefined;
  readonly deliveries: Delivery[] = [];
  private queue: Promise<void> = Promise.resolve();
  private pending = 0;
  private readonly receivers: Array<() => Promise<void>> = [];

  constructor(
    readonly secret: string,
    target?: string,
    private readonly timeoutMs = 10_000,
  ) {
    this.target = target;
  }

  send(event: string, payload: Record<string, unknown>): Delivery {
    const action = typeof payload.action === "string" ? payload.action : undefined;
    const delivery: Delivery = { guid: randomUUID(), event, action, payload, status: null, error: null, attempts: 0 };
    this.deliveries.push(delivery);
    this.enqueue(delivery);
    return delivery;
  }

  /** Sends a recorded delivery again with the same guid, like "Redeliver" on GitHub. */
  async redeliver(guid: string): Promise<Delivery> {
    const delivery = this.deliveries.find((d) => d.guid === guid);
    if (!delivery) throw new Error(`no delivery ${guid}; known: ${this.deliveries.map((d) => d.guid).join(", ") || "none"}`);
    this.enqueue(delivery);
    await this.settled();
    return delivery;
  }

  /**
   * Also waits for `idle` in `settled()`: a receiver that answers before it has
   * finished (Probot answers 202 "still processing" after 9 s) says here when it has.
   */
  awaitReceiver(idle: () => Promise<void>): void {
    this.receivers.push(idle);
  }

  /** Resolves when every queued delivery has been answered and handled, including deliveries queued meanwhile. */
  async settled(): Promise<void> {
    for (;;) {
      while (this.pending > 0) await this.queue;
      for (const idle of this.receivers) await idle();
      if (this.pending === 0) return;
    }
  }

  private enqueue(delivery: Delivery): void {
    this.pending += 1;
    this.queue = this.queue
      .then(() => this.attempt(delivery))
      .finally(() => {
        this.pending -= 1;
      });
  }

  private async attempt(delivery: Delivery): Promise<void> {
    delivery.attempts += 1;
    if (!this.target) {
      delivery.status = null;
      delivery.error = "no webhook target configured";
      return;
    }
    const body = JSON.stringify(delivery.payload);
    try {
      const response = await fetch(this.target, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "GitHub-Hookshot/sandbox",
          "x-github-event": delivery.event,
          "x-github-delivery": delivery.guid,
          "x-github-hook-id": "1",
          "x-hub-signature-256": sign(this.secret, body),
        },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await response.arrayBuffer();
      delivery.status = response.status;
      delivery.error = response.ok ? null : `answered ${response.status}`;
    } catch (error) {
      delivery.status = null;
      delivery.error = error instanceof Error ? error.message : String(error);
    }
  }
}
