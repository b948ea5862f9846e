/**
 * The lifecycle bench: alice and paula each ask for GCP and Azure access,
 * bob approves, mallory merges one pull request at a time, and the windows
 * end; then two idle periodic runs.
 *
 * @example
 *   await lifecycleScenario((line) => process.stdout.write(line));
 */
import { HOUR, REPO, requestFile, requestPath, startBenchWorld } from "./bench-world.js";

export async function lifecycleScenario(write: (line: string) => void): Promise<void> {
  const { app, phase } = await startBenchWorld({ write });
  try {
    const opened: number[] = [];
    await phase("lifecycle.open_and_approve", 4, async () => {
      for (const login of ["alice", "paula"]) {
        for (const provider of ["gcp", "azure"] as const) {
          const pr = await app.github.as(login).openPullRequest(REPO, { title: `${provider} access for ${login}`, files: { [requestPath(provider, login, "INC-4711")]: requestFile(provider, "INC-4711") } });
          await app.settle();
          await app.github.as("bob").approve(REPO, pr.number);
          opened.push(pr.number);
        }
      }
    });
    for (const [i, number] of opened.entries()) {
      await phase(`lifecycle.merge_to_granted.${i + 1}`, 1, async () => {
        await app.github.as("mallory").merge(REPO, number);
      });
    }
    await phase("lifecycle.window_end_to_reverted", opened.length, async () => app.clock.advance(2 * HOUR));
    await phase("lifecycle.idle_sweep", 0, async () => app.clock.advance(60_000));
    await phase("lifecycle.idle_reconcile", 0, async () => app.clock.advance(600_000));
  } finally {
    await app.close();
  }
}
