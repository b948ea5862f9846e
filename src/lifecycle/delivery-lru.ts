/**
 * Webhook deliveries this process has handled to the end. Effects are
 * idempotent anyway; this only spares the API calls of handling a
 * redelivery a second time. A delivery whose handling failed is not
 * remembered, so an operator's redelivery of it is handled again.
 */
export class DeliveryLru {
  private readonly done = new Set<string>();

  constructor(private readonly size = 500) {}

  handled(id: string): boolean {
    return this.done.has(id);
  }

  remember(id: string): void {
    this.done.add(id);
    if (this.done.size > this.size) this.done.delete(this.done.values().next().value as string);
  }

  /** Runs `handle` unless this delivery was handled already; remembers it only when `handle` succeeds. */
  async once(id: string, handle: () => Promise<void>): Promise<void> {
    if (this.handled(id)) return;
    await handle();
    this.remember(id);
  }
}
