/**
 * Monday 09:00: N active requests whose windows end at the same instant,
 * seeded as the app leaves them straight into the embedded GitHub's store and
 * the GCP emulator (seed-merged.ts: one `git fast-import`, the decisions in the
 * app's grant check runs, the bindings in IAM, the app's decision ledger), so
 * a thousand take seconds. Then the clock jumps to the common end and moves a
 * minute at a time until the app has told every pull request; nothing waits
 * for real time.
 *
 * What matters is GitHub's content-creation limit (REST docs, secondary rate
 * limits: "no more than 80 content-generating requests per minute and no more
 * than 500 content-generating requests per hour"), which the embedded GitHub
 * enforces (a refusal is a 403 the app must wait out). The line prints each
 * figure with its goal in brackets: the content writes, the most in one
 * minute and in one hour of the clock, the revert pull requests, the 403s
 * GitHub answered, and how long after the end (clock minutes) the last pull
 * request was told. The clock moves a minute at a time, or straight to when
 * the pacer next has room, so hours of telling take a few minutes.
 *
 * @example
 *   await mondayScenario(1000, (line) => process.stdout.write(line));
 *   // monday.window_end.1000 requests=1000 content_writes=… writes_per_min_peak=60[goal<80] writes_per_hour_peak=…[goal<500] revert_prs=1[goal=1] github_403=0[goal=0] told_after_min=… github_calls=… github_posts=… gcp_calls=… ms=… seed_ms=…
 */
import type { GitHubClient } from "../github/client.js";
import { isContentWrite, writePacersOf } from "../github/write-pacer.js";
import { lifecycleOf } from "../handlers/register-lifecycle.js";
import { writeLedger } from "../lifecycle/ledger-check.js";
import { REPO, mondayEngineers, startBenchWorld } from "./bench-world.js";
import { seedActiveGcpRequests } from "./seed-merged.js";

const MINUTE = 60_000;
/** Stop stepping the clock after two days: a drain that long is a failure the line shows (told_after_min=>…). */
const MAX_MINUTES = 48 * 60;
const [OWNER = "", NAME = ""] = REPO.split("/");

export async function mondayScenario(requests: number, write: (line: string) => void): Promise<void> {
  const engineers = mondayEngineers(requests);
  const { app } = await startBenchWorld({ engineers, write });
  try {
    const lifecycle = lifecycleOf(app.deps);
    if (!lifecycle) throw new Error("the embedded app has no lifecycle running");
    const seeding = performance.now();
    // Two projects: GCP takes 600 policy writes a project a minute, and all N are revoked in the same minute.
    const seeded = await seedActiveGcpRequests(app.github, app.gcp, { repo: REPO, engineers, approver: "bob", windowHours: 2, projects: ["payments-prod", "payments-dev"] });
    const gh = (await app.probot.auth(app.github.app.installationId)) as GitHubClient;
    const head = seeded.at(-1)?.pull.mergeSha ?? "";
    await writeLedger(gh, { owner: OWNER, repo: NAME }, { head, entries: seeded.map(({ pull, decision }) => ({ record: decision, mergeCommitSha: pull.mergeSha, setBy: pull.headSha })) });
    // The app reads the seeded requests once (as after a restart, from its ledger), so the end is measured on its own.
    await lifecycle.trigger(REPO, "reconcile");
    await app.settle();
    const seedMs = Math.round(performance.now() - seeding);
    const end = seeded[0]?.decision.window.end;
    if (!end) throw new Error("nothing was seeded");

    const store = app.github.hub.repo(OWNER, NAME);
    const appPulls = () => [...store.pulls.values()].filter((p) => p.user === `${app.github.app.slug}[bot]`).length;
    const pullsBefore = appPulls();
    app.appGitHubCalls.reset();
    app.gcp.faults.resetCounts();
    app.github.contentLimit.reset();
    const started = performance.now();
    app.clock.set(end);
    await app.settle();
    // The clock moves at least a minute at a time, and straight to when the pacer next has room (an hour's 400 can leave it idle for most of an hour).
    const pacer = writePacersOf(app.probot)?.of(app.github.app.installationId);
    const elapsed = () => Math.ceil((app.clock.now().getTime() - end.getTime()) / MINUTE);
    while (lifecycle.told.size > 0 && elapsed() < MAX_MINUTES) {
      app.clock.set(new Date(Math.max(app.clock.now().getTime() + MINUTE, pacer?.nextRoom()?.getTime() ?? 0)));
      await app.settle();
    }
    const minutes = elapsed();
    const ms = Math.round(performance.now() - started);
    const calls = app.appGitHubCalls;
    const writes = calls.table().filter((r) => isContentWrite(r.route.split(" ")[0] ?? "")).reduce((sum, r) => sum + r.calls, 0);
    const peak = calls.writesPeak();
    const fields = [
      `requests=${requests} content_writes=${writes} writes_per_min_peak=${peak.perMinute}[goal<80] writes_per_hour_peak=${peak.perHour}[goal<500]`,
      `revert_prs=${appPulls() - pullsBefore}[goal=1] github_403=${app.github.contentLimit.refused()}[goal=0] told_after_min=${lifecycle.told.size > 0 ? `>${minutes}` : minutes}`,
      `github_calls=${calls.rateLimited()} github_posts=${calls.total("POST")} gcp_calls=${app.gcp.faults.count()} ms=${ms} seed_ms=${seedMs}`,
    ];
    write(`monday.window_end.${requests} ${fields.join(" ")}\n`);
  } finally {
    await app.close();
  }
}
