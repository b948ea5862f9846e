/**
 * One request's lifecycle, phase by phase, against GitHub's budget: alice
 * opens a GCP request, bob approves, bob merges, the window ends and the app
 * reverts. Each line names the goal it is measured against; the last sums
 * the phases.
 *
 * @example
 *   await oneRequestScenario((line) => process.stdout.write(line));
 *   // one.open requests=1 github_calls=… github_304=… github_posts=… … goal=…
 *   // one.total requests=1 github_calls=… goal=<=40 (aim 15)
 */
import { HOUR, REPO, requestFile, requestPath, startBenchWorld } from "./bench-world.js";

export async function oneRequestScenario(write: (line: string) => void): Promise<void> {
  const { app, phase } = await startBenchWorld({ write });
  try {
    let number = 0;
    const costs = [
      await phase("one.open", 1, async () => {
        number = (await app.github.as("alice").openPullRequest(REPO, { title: "gcp access for alice", files: { [requestPath("gcp", "alice", "INC-4711")]: requestFile("gcp", "INC-4711") } })).number;
      }),
      await phase("one.approve", 1, async () => void (await app.github.as("bob").approve(REPO, number))),
      await phase("one.merge_to_granted", 1, async () => void (await app.github.as("bob").merge(REPO, number))),
      await phase("one.window_end_to_reverted", 1, async () => app.clock.advance(2 * HOUR)),
    ];
    write(`one.total requests=1 github_calls=${costs.reduce((a, b) => a + b, 0)} goal=<=40 (aim 15)\n`);
  } finally {
    await app.close();
  }
}
