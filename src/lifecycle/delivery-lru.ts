/**
 * Recently seen webhook delivery ids. Effects are idempotent anyway; this
 * only spares the API calls of handling a redelivery a second time.
 */
export class DeliveryLru {
  private readonly seen = new Set<string>();

  constructor(private readonly size = 500) {}

  /** True the first time an id is offered, false for a repeat. */
  first(id: string): boolean {
    if (this.seen.has(id)) return false;
    this.seen.add(id);
    if (this.seen.size > this.size) this.seen.delete(this.seen.values().next().value as string);
    return true;
  }
}
