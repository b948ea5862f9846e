/**
 * Monday 09:00: many requests merged at the same moment, so their windows end
 * together. What matters is how many pull requests, comments and other writes
 * that end costs on GitHub, whose content-creation secondary limit is about
 * 80 requests a minute and 500 an hour (FACTS.md): every POST counts.
 *
 * @example
 *   await mondayScenario(50, (line) => process.stdout.write(line));
 *   // monday.window_end requests=50 github_calls=… github_posts=… gcp_calls=… azure_calls=… revert_prs=1 ms=…
 */
import { HOUR, REPO, requestFile, requestPath, startBenchWorld } from "./bench-world.js";

export async function mondayScenario(requests: number, write: (line: string) => void): Promise<void> {
  const engineers = Array.from({ length: requests }, (_, i) => `eng-${String(i + 1).padStart(3, "0")}`);
  const { app, phase } = await startBenchWorld({ engineers, write });
  try {
    const opened: number[] = [];
    await phase("monday.open_and_approve", requests, async () => {
      for (const [i, login] of engineers.entries()) {
        const provider = i % 2 === 0 ? "gcp" : "azure";
        const ticket = `INC-${5000 + i}`;
        const pr = await app.github.as(login).openPullRequest(REPO, { title: `${provider} access for ${login}`, files: { [requestPath(provider, login, ticket)]: requestFile(provider, ticket) } });
        opened.push(pr.number);
      }
      await app.settle();
      for (const number of opened) await app.github.as("bob").approve(REPO, number);
    });
    // The clock stands still while every pull request merges, so every window ends at the same instant.
    await phase("monday.merge", requests, async () => {
      for (const number of opened) await app.github.as("bob").merge(REPO, number);
    });
    await phase("monday.window_end", requests, async () => app.clock.advance(2 * HOUR));
    await phase("monday.idle_sweep", 0, async () => app.clock.advance(60_000));
  } finally {
    await app.close();
  }
}
