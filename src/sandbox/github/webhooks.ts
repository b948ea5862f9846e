import { createHmac, randomUUID } from "node:crypto";
import type { DeliveryOptions } from "./delivery-order.js";
import { randomSeed, seededRandom } from "./delivery-order.js";

/** One webhook as sent (and possibly sent again). */
export interface Delivery {
  /** The X-GitHub-Delivery guid; it stays the same on redelivery, as on GitHub. */
  guid: string;
  event: string;
  action: string | undefined;
  payload: Record<string, unknown>;
  /** HTTP status of the last attempt; null when it never got an answer (or there was no target, or it was lost). */
  status: number | null;
  error: string | null;
  attempts: number;
}

export function sign(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/**
 * The emulator's outbox, with one attempt per delivery and a 10 s limit like
 * GitHub. Shuffled (the default): each delivery starts on its own turn, in a
 * seeded random order among those waiting, without waiting for any answer,
 * some sent twice or lost (see DeliveryOptions). Serial: one at a time in the
 * order the events happened, each after the answer to the one before.
 *
 * @example
 *   sender.target = "http://127.0.0.1:3000/api/github/webhooks";
 *   await sender.settled(); // every delivery, including ones caused by the app's own writes, answered
 */
export class WebhookSender {
  target: string | undefined;
  readonly deliveries: Delivery[] = [];
  /** Delivery guids in the order their attempts started (a guid twice when it was sent twice). */
  readonly started: string[] = [];
  readonly options: Required<DeliveryOptions>;
  private readonly random: () => number;
  /** Shuffled: deliveries waiting for their turn, and the attempts in flight. */
  private readonly waiting: Delivery[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private turnArmed = false;
  /** Serial: the chain of attempts. */
  private queue: Promise<void> = Promise.resolve();
  private pending = 0;
  private readonly receivers: Array<() => Promise<void>> = [];

  constructor(
    readonly secret: string,
    target?: string,
    private readonly timeoutMs = 10_000,
    options: Partial<DeliveryOptions> = {},
  ) {
    this.target = target;
    this.options = { order: options.order ?? "shuffled", seed: options.seed ?? randomSeed(), duplicateRate: options.duplicateRate ?? 0, lossRate: options.lossRate ?? 0 };
    this.random = seededRandom(this.options.seed);
  }

  send(event: string, payload: Record<string, unknown>): Delivery {
    const action = typeof payload.action === "string" ? payload.action : undefined;
    const delivery: Delivery = { guid: randomUUID(), event, action, payload, status: null, error: null, attempts: 0 };
    this.deliveries.push(delivery);
    if (this.options.order === "serial") this.enqueue(delivery);
    else if (this.random() < this.options.lossRate) delivery.error = "lost: GitHub never delivered it (redeliver it to send it)";
    else {
      this.wait(delivery);
      if (this.random() < this.options.duplicateRate) this.wait(delivery);
    }
    return delivery;
  }

  /** Sends a recorded delivery again with the same guid, like "Redeliver" on GitHub, and waits until everything settled. */
  async redeliver(guid: string): Promise<Delivery> {
    const [delivery] = await this.redeliverAll([guid]);
    return delivery as Delivery;
  }

  /**
   * Redelivers these at once (a guid listed twice goes twice), as an operator
   * redelivering a backlog would: shuffled, they start in the seed's order and
   * overlap. Waits until everything settled.
   */
  async redeliverAll(guids: readonly string[]): Promise<Delivery[]> {
    const found = guids.map((guid) => {
      const delivery = this.deliveries.find((d) => d.guid === guid);
      if (!delivery) throw new Error(`no delivery ${guid}; known: ${this.deliveries.map((d) => d.guid).join(", ") || "none"}`);
      return delivery;
    });
    for (const delivery of found) {
      if (this.options.order === "serial") this.enqueue(delivery);
      else this.wait(delivery);
    }
    await this.settled();
    return found;
  }

  /**
   * Also waits for `idle` in `settled()`: a receiver that answers before it has
   * finished (Probot answers 202 "still processing" after 9 s) says here when it has.
   */
  awaitReceiver(idle: () => Promise<void>): void {
    this.receivers.push(idle);
  }

  /** Resolves when every delivery sent so far has been answered and handled, including deliveries sent meanwhile. */
  async settled(): Promise<void> {
    for (;;) {
      while (this.busy()) {
        await this.queue;
        await Promise.allSettled([...this.inFlight]);
        if (this.waiting.length > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      }
      for (const idle of this.receivers) await idle();
      if (!this.busy()) return;
    }
  }

  private busy(): boolean {
    return this.pending > 0 || this.waiting.length > 0 || this.inFlight.size > 0;
  }

  private wait(delivery: Delivery): void {
    this.waiting.push(delivery);
    this.armTurn();
  }

  /** One delivery starts per turn, picked at random among those waiting; events of one API call, or of calls close together, overtake each other. */
  private armTurn(): void {
    if (this.turnArmed) return;
    this.turnArmed = true;
    setImmediate(() => {
      this.turnArmed = false;
      const [delivery] = this.waiting.splice(Math.floor(this.random() * this.waiting.length), 1);
      if (delivery) {
        const attempt = this.attempt(delivery);
        this.inFlight.add(attempt);
        void attempt.finally(() => this.inFlight.delete(attempt));
      }
      if (this.waiting.length > 0) this.armTurn();
    });
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
    this.started.push(delivery.guid);
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
