/**
 * Drives a lifecycle world with GitHub's deliveries held back, then lets them
 * all go at once, shuffled and with duplicates: the app sees a whole phase
 * of a pull request's life (its pushes, reviews, merge, comments) in any
 * order, overlapping, some twice, against GitHub's state after the phase.
 *
 * @example
 *   const burst = burstFrom(w.h.github, 42);
 *   await burst.phase(async () => { await alice.openPullRequest(...); await bob.approve(...); });
 */
import { seededRandom } from "../../src/sandbox/github/delivery-order.js";
import type { GitHubEmulator } from "../../src/sandbox/github/index.js";

export interface Burst {
  /** Runs `act` with every delivery lost, then redelivers its deliveries together, each once or twice, mixed with repeats of earlier ones. */
  phase(act: () => Promise<void>, settle: () => Promise<void>): Promise<void>;
}

export function burstFrom(github: GitHubEmulator, seed: number): Burst {
  const random = seededRandom(seed);
  const earlier: string[] = [];
  return {
    async phase(act, settle) {
      const from = github.deliveries.length;
      github.delivery.lossRate = 1;
      try {
        await act();
      } finally {
        github.delivery.lossRate = 0;
      }
      const fresh = github.deliveries.slice(from).map((d) => d.guid);
      const repeats = earlier.filter(() => random() < 0.5);
      const twice = fresh.filter(() => random() < 0.5);
      earlier.push(...fresh);
      await github.redeliverAll([...fresh, ...twice, ...repeats]);
      await settle();
    },
  };
}
