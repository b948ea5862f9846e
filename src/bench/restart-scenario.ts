/**
 * Restarts: N requests merged while the app was down (its webhooks lost), so
 * the first run after start finds N request files with no decision record
 * and judges each once (the catch-up); then a second restart, which finds
 * every decision recorded and only reads them back. The embedded GitHub is
 * seeded with webhooks off: the pull requests are opened, approved by bob
 * and merged by the emulator's driver, as people would while the app is
 * down, and the app sees none of it until the run.
 *
 * A cold restart after that reads the decision ledger the catch-up wrote.
 *
 * `coldRestartScenario` measures the cold restart alone at sizes real pull
 * requests would take too long to seed (a thousand take many minutes): the
 * requests are seeded as the app leaves them straight into the embedded
 * GitHub's store and the GCP emulator (src/bench/seed-merged.ts; one
 * `git fast-import` for the history, a thousand in seconds), and the ledger
 * is written with the app's own installation token by the same function the
 * app uses after a run.
 *
 * @example
 *   await restartScenario(10, (line) => process.stdout.write(line));
 *   // restart.catch_up.10 requests=10 github_calls=… goal=none (…)
 *   // restart.cold_after_catch_up.10 requests=10 github_calls=… goal=<=30
 *   await coldRestartScenario(1000, (line) => process.stdout.write(line));
 *   // restart.seed.1000 requests=1000 seed_ms=…
 *   // restart.cold.1000 requests=1000 github_calls=… goal=<=3/request goal=<=50
 */
import type { GitHubClient } from "../github/client.js";
import { clearReadCache } from "../github/read-files.js";
import { attachSharedReads, ConditionalCache, MembershipCache } from "../github/read-memo.js";
import { lifecycleOf } from "../handlers/register-lifecycle.js";
import type { EmbeddedAppWithClouds } from "../sandbox/embedded-app.js";
import { writeLedger } from "../lifecycle/ledger-check.js";
import type { LifecycleService } from "../lifecycle/lifecycle-service.js";
import { REPO, requestFile, requestPath, startBenchWorld } from "./bench-world.js";
import { seedActiveGcpRequests } from "./seed-merged.js";

/** What a new process would not have: derived requests, read caches, memberships, ETags. */
/**
 * Does `work` (merges, typically) while the app receives no webhooks, as if it were down, then
 * forgets what it knew and returns its lifecycle for the first run after the "restart".
 */
export async function whileDown(app: EmbeddedAppWithClouds, work: () => Promise<void>): Promise<LifecycleService> {
  const target = app.github.webhookUrl;
  app.github.webhookUrl = undefined;
  try {
    await work();
    await app.github.settled();
  } finally {
    app.github.webhookUrl = target;
  }
  const lifecycle = lifecycleOf(app.deps);
  if (!lifecycle) throw new Error("the embedded app has no lifecycle running");
  forgetAsIfRestarted(app);
  return lifecycle;
}

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
    const lifecycle = await whileDown(app, async () => {
      for (const [i, login] of engineers.entries()) {
        const ticket = `INC-${7000 + i}`;
        const pr = await app.github.as(login).openPullRequest(REPO, { title: `gcp access for ${login}`, files: { [requestPath("gcp", login, ticket)]: requestFile("gcp", ticket) } });
        await app.github.as("bob").approve(REPO, pr.number);
        await app.github.as("bob").merge(REPO, pr.number);
      }
    });
    await phase(`restart.catch_up.${requests}`, requests, async () => lifecycle.trigger(REPO, "reconcile"), "none (each merge judged once; recorded for later restarts)");
    forgetAsIfRestarted(app);
    await phase(`restart.cold_after_catch_up.${requests}`, requests, async () => lifecycle.trigger(REPO, "reconcile"), `<=${3 * requests}`);
  } finally {
    await app.close();
  }
}

/** The cold restart alone, with `requests` active requests seeded as the app leaves them (its ledger included). */
export async function coldRestartScenario(requests: number, write: (line: string) => void): Promise<void> {
  const engineers = Array.from({ length: requests }, (_, i) => `eng-${String(i + 1).padStart(4, "0")}`);
  const { app, phase } = await startBenchWorld({ engineers, write });
  try {
    const seeding = performance.now();
    const seeded = await seedActiveGcpRequests(app.github, app.gcp, { repo: REPO, engineers, approver: "bob", windowHours: 2 });
    const [owner = "", repo = ""] = REPO.split("/");
    const gh = (await app.probot.auth(app.github.app.installationId)) as GitHubClient;
    const head = seeded.at(-1)?.pull.mergeSha ?? "";
    // The branch commit is the newest commit touching each file, as the app's history read finds it.
    const entries = seeded.map(({ pull, decision }) => ({ record: decision, mergeCommitSha: pull.mergeSha, setBy: pull.headSha }));
    await writeLedger(gh, { owner, repo }, { head, entries });
    write(`restart.seed.${requests} requests=${requests} seed_ms=${Math.round(performance.now() - seeding)}\n`);
    const lifecycle = lifecycleOf(app.deps);
    if (!lifecycle) throw new Error("the embedded app has no lifecycle running");
    forgetAsIfRestarted(app);
    const goal = requests >= 1000 ? "<=3/request goal=<=50" : "<=3/request";
    await phase(`restart.cold.${requests}`, requests, async () => lifecycle.trigger(REPO, "reconcile"), goal);
  } finally {
    await app.close();
  }
}
