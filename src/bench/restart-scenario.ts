/**
 * Restarts: N requests merged while the app was down (its webhooks lost), so
 * the first run after start finds N request files with no decision record
 * and judges each once (the catch-up); then a second restart, which finds
 * every decision recorded and only reads them back. The embedded GitHub is
 * seeded with webhooks off: the pull requests are opened, approved by bob
 * and merged by the emulator's driver, as people would while the app is
 * down, and the app sees none of it until the run.
 *
 * @example
 *   await restartScenario(10, (line) => process.stdout.write(line));
 *   // restart.catch_up requests=10 github_calls=… goal=…
 *   // restart.cold requests=10 github_calls=… goal=<=30
 */
import { clearReadCache } from "../github/read-files.js";
import { attachSharedReads, ConditionalCache, MembershipCache } from "../github/read-memo.js";
import { lifecycleOf } from "../handlers/register-lifecycle.js";
import type { EmbeddedAppWithClouds } from "../sandbox/embedded-app.js";
import { REPO, requestFile, requestPath, startBenchWorld } from "./bench-world.js";

/** What a new process would not have: derived requests, read caches, memberships, ETags. */
export function forgetAsIfRestarted(app: EmbeddedAppWithClouds): void {
  const lifecycle = lifecycleOf(app.deps);
  lifecycle?.context.caches.clear();
  lifecycle?.context.expiredRevoked?.clear();
  clearReadCache();
  attachSharedReads(app.probot, { memberships: new MembershipCache(app.clock), conditional: new ConditionalCache() });
}

export async function restartScenario(requests: number, write: (line: string) => void): Promise<void> {
  const engineers = Array.from({ length: requests }, (_, i) => `eng-${String(i + 1).padStart(4, "0")}`);
  const { app, phase } = await startBenchWorld({ engineers, write });
  try {
    const target = app.github.webhookUrl;
    app.github.webhookUrl = undefined;
    for (const [i, login] of engineers.entries()) {
      const ticket = `INC-${7000 + i}`;
      const pr = await app.github.as(login).openPullRequest(REPO, { title: `gcp access for ${login}`, files: { [requestPath("gcp", login, ticket)]: requestFile("gcp", ticket) } });
      await app.github.as("bob").approve(REPO, pr.number);
      await app.github.as("bob").merge(REPO, pr.number);
    }
    await app.github.settled();
    app.github.webhookUrl = target;
    const lifecycle = lifecycleOf(app.deps);
    if (!lifecycle) throw new Error("the embedded app has no lifecycle running");
    forgetAsIfRestarted(app);
    await phase(`restart.catch_up.${requests}`, requests, async () => lifecycle.trigger(REPO, "reconcile"), "none (each merge judged once; recorded for later restarts)");
    forgetAsIfRestarted(app);
    await phase(`restart.cold.${requests}`, requests, async () => lifecycle.trigger(REPO, "reconcile"), `<=${3 * requests}`);
  } finally {
    await app.close();
  }
}
