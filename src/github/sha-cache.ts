/**
 * A bounded cache for what git addresses by content: a blob or a commit's
 * tree never changes once it has a sha, so reading it twice is waste. Only
 * ever keyed by a full sha (never a branch name), which is what makes caching
 * safe across webhooks, sweeps and replicas. Losing it costs API calls, never
 * correctness.
 */
export class ShaCache<V> {
  private readonly entries = new Map<string, { value: V; weight: number }>();
  private total = 0;

  constructor(
    private readonly maxWeight: number,
    private readonly weigh: (value: V) => number = () => 1,
  ) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    // Map keeps insertion order: re-inserting marks the entry most recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V): void {
    const weight = this.weigh(value);
    if (weight > this.maxWeight) return;
    const old = this.entries.get(key);
    if (old) {
      this.total -= old.weight;
      this.entries.delete(key);
    }
    this.entries.set(key, { value, weight });
    this.total += weight;
    for (const [oldest, entry] of this.entries) {
      if (this.total <= this.maxWeight) break;
      this.entries.delete(oldest);
      this.total -= entry.weight;
    }
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
    this.total = 0;
  }
}

/** True for a full 40-hex git object id: only those name immutable content. */
export function isFullSha(ref: string): boolean {
  return /^[0-9a-f]{40}$/.test(ref);
}
