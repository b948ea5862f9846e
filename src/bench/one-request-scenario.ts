/**
 * One request's lifecycle, phase by phase, against GitHub's budget: alice
 * opens a GCP request, bob approves, bob merges, the window ends and the app
 * reverts. Each line names the goal it is measured against; the last sums
 * the phases.
 *
 * It runs twice in one process. The first (`one.*`) starts cold: the process
 * has made its start-up run over the access repo, and then the reads it holds
 * are forgotten (trees, blobs, team memberships, ETags), so the policies,
 * identities and CODEOWNERS are read in full; what the start-up run learned
 * of the repo itself (its head, that no request needed the ledger) stays. The
 * second (`one.warm.*`, another file of alice's) is what a long-running
 * process pays: config blobs at unchanged shas, ETags and memberships are
 * already known. Both are reported; neither stands for the other.
 *
 * @example
 *   await oneRequestScenario((line) => process.stdout.write(line));
 *   // one.open requests=1 github_calls=… github_304=… github_posts=… … goal=…
 *   // one.total requests=1 github_calls=… goal=<=40 (aim 15)
 *   // one.warm.total requests=1 github_calls=… goal=<=40 (aim 15)
 */
import { clearReadCache } from "../github/read-files.js";
import { lifecycleOf } from "../handlers/register-lifecycle.js";
import { attachSharedReads, ConditionalCache, MembershipCache } from "../github/read-memo.js";
import type { BenchWorld } from "./bench-world.js";
import { HOUR, REPO, requestFile, requestPath, startBenchWorld } from "./bench-world.js";

async function oneLifecycle({ app, phase }: BenchWorld, prefix: string, ticket: string, write: (line: string) => void): Promise<void> {
  let number = 0;
  const costs = [
    await phase(`${prefix}.open`, 1, async () => {
      number = (await app.github.as("alice").openPullRequest(REPO, { title: `gcp access for alice (${ticket})`, files: { [requestPath("gcp", "alice", ticket)]: requestFile("gcp", ticket) } })).number;
    }),
    await phase(`${prefix}.approve`, 1, async () => void (await app.github.as("bob").approve(REPO, number))),
    await phase(`${prefix}.merge_to_granted`, 1, async () => void (await app.github.as("bob").merge(REPO, number))),
    await phase(`${prefix}.window_end_to_reverted`, 1, async () => app.clock.advance(2 * HOUR)),
  ];
  write(`${prefix}.total requests=1 github_calls=${costs.reduce((a, b) => a + b, 0)} goal=<=40 (aim 15)\n`);
}

export async function oneRequestScenario(write: (line: string) => void): Promise<void> {
  const world = await startBenchWorld({ write });
  try {
    // A deployed app starts on an access repo that is already there, and its start-up run reads it; the embedded
    // app started before the repo was seeded, so that run is made now.
    await lifecycleOf(world.app.deps)?.trigger(REPO, "reconcile");
    await world.app.settle();
    clearReadCache();
    attachSharedReads(world.app.probot, { memberships: new MembershipCache(world.app.clock), conditional: new ConditionalCache() });
    await oneLifecycle(world, "one", "INC-4711", write);
    await oneLifecycle(world, "one.warm", "INC-4712", write);
  } finally {
    await world.app.close();
  }
}
