/**
 * The seed of every embedded GitHub a test starts, so a failure under
 * shuffled delivery can be replayed: the failing test prints its seeds, and
 * ACCESS_PR_DELIVERY_SEED=<seed> runs the same order, duplicates and losses
 * again (the app's own timing still varies, so a race may need a few runs).
 *
 * @example
 *   const github = { delivery: deliveryFor() };            // in a harness
 *   ACCESS_PR_DELIVERY_SEED=123456 npx vitest run --config test/vitest.config.ts test/e2e/lifecycle.test.ts
 */
import type { DeliveryOptions } from "../../src/sandbox/github/index.js";
import { parseSeed, randomSeed } from "../../src/sandbox/github/index.js";

export const SEED_VARIABLE = "ACCESS_PR_DELIVERY_SEED";

interface SeedInUse {
  seed: number;
  closed: boolean;
}

const inUse: SeedInUse[] = [];

/** Shuffled delivery from the replay seed when one is set, else a fresh one; remembered until the test is over. */
export function deliveryFor(options: Partial<DeliveryOptions> = {}): Partial<DeliveryOptions> & { seed: number } {
  const seed = options.seed ?? parseSeed(process.env[SEED_VARIABLE], SEED_VARIABLE) ?? randomSeed();
  return { order: "shuffled", ...options, seed };
}

/** Returns a function to call when that GitHub closes. */
export function rememberSeed(seed: number): () => void {
  const entry = { seed, closed: false };
  inUse.push(entry);
  return () => void (entry.closed = true);
}

/** After each test: the seeds it ran under, for its failure report; closed ones are then forgotten. */
export function seedsOfThisTest(): number[] {
  const seeds = inUse.map((e) => e.seed);
  for (let i = inUse.length - 1; i >= 0; i -= 1) if (inUse[i]?.closed) inUse.splice(i, 1);
  return [...new Set(seeds)];
}
