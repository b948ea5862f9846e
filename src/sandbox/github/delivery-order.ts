/**
 * How the embedded GitHub hands webhooks to the app. GitHub delivers each
 * event on its own: deliveries overlap, no order between them is promised,
 * none waits for the answer to the one before, a redelivery carries the
 * same X-GitHub-Delivery id, and a delivery can be lost (GitHub does not
 * retry a failed one). "shuffled" does that, from a seed so that a failure
 * can be replayed; "serial" sends one at a time in order, each after the
 * answer to the one before, for a story told step by step.
 *
 * @example
 *   const gh = await GitHubEmulator.start({ delivery: { order: "shuffled", seed: 42, duplicateRate: 0.3 } });
 */
export interface DeliveryOptions {
  order: "serial" | "shuffled";
  /** Seeds the order, the duplicates and the losses (shuffled only). */
  seed: number;
  /** Share of deliveries sent a second time with the same id, overlapping the first (default 0). */
  duplicateRate?: number;
  /** Share of deliveries never sent, recorded with an error, until someone redelivers them (default 0). */
  lossRate?: number;
}

/** A new seed when none is given: 32 bits, printable, replayable. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 0x1_0000_0000);
}

/** Reads a replay seed such as "1234567" (e.g. from ACCESS_PR_DELIVERY_SEED); a malformed one is an error that says so. */
export function parseSeed(text: string | undefined, source: string): number | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  const seed = Number(text.trim());
  if (!Number.isInteger(seed) || seed < 0 || seed >= 0x1_0000_0000) throw new Error(`${source}=${JSON.stringify(text)} is not a delivery seed: give the whole number (0 to 4294967295) printed by the failing test`);
  return seed;
}

/** mulberry32: a small, fast, seedable generator; the same seed gives the same choices. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  };
}
