/**
 * Monday 09:00: N active requests whose windows end at the same instant
 * (seeded as the app leaves them, seed-active-requests.ts), then the window
 * end and the minutes after it, one clock minute at a time, until the app has
 * told every pull request. What matters is GitHub's content-creation limit
 * (REST docs, secondary rate limits: "no more than 80 content-generating
 * requests per minute and no more than 500 content-generating requests per
 * hour"), so the line gives the most content writes (POST, PATCH, PUT,
 * DELETE) the app made in one minute and in one hour of the clock, next to
 * the goal, and the one revert pull request the end must cost.
 *
 * @example
 *   await mondayScenario(1000, (line) => process.stdout.write(line));
 *   // monday.window_end.1000 requests=1000 github_calls=… github_posts=… content_writes=… writes_per_min_peak=… writes_per_hour_peak=… told_after_min=… gcp_calls=… revert_prs=1 ms=… goal=writes_per_min<80,revert_prs=1
 */
import { lifecycleOf } from "../handlers/register-lifecycle.js";
import { isContentWrite } from "../github/write-pacer.js";
import { REPO, startBenchWorld } from "./bench-world.js";
import { mondayEngineers, seedActiveRequests } from "./seed-active-requests.js";

const MINUTE = 60_000;
/** Stop stepping the clock after a day: a drain that long is a failure the line shows (told_after_min). */
const MAX_MINUTES = 24 * 60;

export async function mondayScenario(requests: number, write: (line: string) => void): Promise<void> {
  const engineers = mondayEngineers(requests);
  const { app } = await startBenchWorld({ engineers, write });
  try {
    const lifecycle = lifecycleOf(app.deps);
    if (!lifecycle) throw new Error("the embedded app has no lifecycle running");
    const target = app.github.webhookUrl;
    app.github.webhookUrl = undefined;
    const seeded = performance.now();
    const end = await seedActiveRequests(app, engineers);
    app.github.webhookUrl = target;
    // The app reads the seeded requests once (as after a restart), so the end is measured on its own.
    await lifecycle.trigger(REPO, "reconcile");
    await app.settle();
    const seedMs = Math.round(performance.now() - seeded);

    const bot = app.github.octokitFor(`${app.github.app.slug}[bot]`);
    const [owner = "", repo = ""] = REPO.split("/");
    const appPulls = async () => (await bot.paginate(bot.rest.pulls.list, { owner, repo, state: "all", per_page: 100 })).filter((p) => p.user?.login === `${app.github.app.slug}[bot]`).length;
    const pullsBefore = await appPulls();
    app.appGitHubCalls.reset();
    app.gcp.faults.resetCounts();
    const started = performance.now();
    app.clock.set(end);
    await app.settle();
    let minutes = 0;
    while (lifecycle.told.size > 0 && minutes < MAX_MINUTES) {
      app.clock.advance(MINUTE);
      await app.settle();
      minutes += 1;
    }
    const ms = Math.round(performance.now() - started);
    const calls = app.appGitHubCalls;
    const writes = calls.table().filter((r) => isContentWrite(r.route.split(" ")[0] ?? "")).reduce((sum, r) => sum + r.calls, 0);
    const peak = calls.writesPeak();
    const fields = [
      `requests=${requests} github_calls=${calls.rateLimited()} github_posts=${calls.total("POST")} content_writes=${writes}`,
      `writes_per_min_peak=${peak.perMinute} writes_per_hour_peak=${peak.perHour} told_after_min=${lifecycle.told.size > 0 ? `>${minutes}` : minutes}`,
      `gcp_calls=${app.gcp.faults.count()} revert_prs=${(await appPulls()) - pullsBefore} ms=${ms} seed_ms=${seedMs}`,
    ];
    write(`monday.window_end.${requests} ${fields.join(" ")} goal=writes_per_min<80,revert_prs=1\n`);
  } finally {
    await app.close();
  }
}
