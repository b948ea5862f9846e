// The window's end when GitHub allows the app far fewer content writes than its pacer expects (another
// replica or tool writing with the same installation, or a lower limit than published): GitHub answers
// 403 "You have exceeded a secondary rate limit" with retry-after (REST docs, rate limits for the REST API),
// and the app still revokes everything, opens and merges one revert pull request, and tells every pull
// request, waiting out each refusal on the clock and logging one structured line for each.
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { REPO, mondayEngineers, startBenchWorld } from "../../src/bench/bench-world.js";
import type { BenchWorld } from "../../src/bench/bench-world.js";
import { seedActiveGcpRequests } from "../../src/bench/seed-merged.js";
import { lifecycleOf } from "../../src/handlers/register-lifecycle.js";

const MINUTE = 60_000;
const [owner = "", repo = ""] = REPO.split("/");

interface LogLine {
  level: number;
  msg: string;
  route?: string;
  write?: string;
  retryAfterSeconds?: number;
}

let world: BenchWorld | undefined;
afterEach(async () => world?.app.close());

describe("the window's end under GitHub's secondary limit, lower than the app's pacer expects", () => {
  it("revokes all, merges one revert, tells every pull request, and logs each refusal it waited out", async () => {
    const logs: LogLine[] = [];
    const log = pino({ level: "info" }, { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) });
    const engineers = mondayEngineers(12);
    world = await startBenchWorld({ engineers, write: () => undefined, github: { contentLimits: "off" }, log });
    const { app } = world;
    const lifecycle = lifecycleOf(app.deps);
    if (!lifecycle) throw new Error("no lifecycle");
    const seeded = await seedActiveGcpRequests(app.github, app.gcp, { repo: REPO, engineers, approver: "bob", windowHours: 2, projects: ["payments-prod", "payments-dev"] });
    await lifecycle.trigger(REPO, "reconcile");
    await app.settle();
    const requestFiles = async () => (await app.github.hub.repo(owner, repo).git.lsTree("refs/heads/main", { path: "requests", recursive: true })).filter((e) => e.type === "blob" && e.path.endsWith(".yaml"));
    const bindings = () => ["payments-prod", "payments-dev"].reduce((n, p) => n + app.gcp.getPolicy(`projects/${p}`).bindings.length, 0);
    expect(bindings()).toBe(12);

    // GitHub lets this installation make 6 content writes a minute and 24 an hour; the pacer expects 80 and 500.
    app.github.contentLimit.limits = { perMinute: 6, perHour: 24 };
    app.appGitHubCalls.reset();
    app.clock.set(seeded[0]?.decision.window.end ?? new Date());
    await app.settle();
    let minutes = 0;
    while ((lifecycle.told.size > 0 || (await requestFiles()).length > 0) && minutes < 300) {
      app.clock.advance(MINUTE);
      await app.settle();
      minutes += 1;
    }

    // Revoked at the end itself (cloud revocations never wait for GitHub), reverted by one merged pull request.
    expect(bindings()).toBe(0);
    expect(await requestFiles()).toEqual([]);
    const bot = app.github.octokitFor("bob");
    const pulls = await bot.paginate(bot.rest.pulls.list, { owner, repo, state: "all", per_page: 100 });
    const reverts = pulls.filter((p) => p.user?.login === "access-pr[bot]");
    expect(reverts.map((p) => p.merged_at !== null)).toEqual([true]);
    // Every pull request is told, after the refusals were waited out.
    for (const { pull } of seeded) {
      const comments = await bot.paginate(bot.rest.issues.listComments, { owner, repo, issue_number: pull.number, per_page: 100 });
      // The plan comment's outcome, and its story line.
      const told = comments.filter((c) => c.user?.login === "access-pr[bot]" && c.body?.includes("⏹️ Access ended at 2026-11-24 10:00 UTC"));
      expect(told.map((c) => c.body?.split("\n")[0])).toEqual(["<!-- access-pr:plan -->"]);
      expect(told[0]?.body?.split("\n").filter((l) => l.startsWith("<!-- entry:ended -->⏹️ Access ended at 2026-11-24 10:00 UTC"))).toHaveLength(1);
    }
    expect(lifecycle.told.size).toBe(0);

    // GitHub did refuse, both a write that protects and one that only tells; each refusal is one warning, and none was given up.
    const refused = app.github.contentLimit.refused();
    expect(refused).toBeGreaterThan(0);
    expect(app.appGitHubCalls.refused()).toBe(refused);
    const warnings = logs.filter((l) => l.msg.includes("secondary rate limit"));
    expect(warnings).toHaveLength(refused);
    expect(warnings.every((l) => l.level === 40 && l.retryAfterSeconds !== undefined && l.retryAfterSeconds > 0 && typeof l.route === "string")).toBe(true);
    expect(new Set(warnings.map((l) => l.write))).toEqual(new Set(["protects", "tells"]));
    expect(logs.filter((l) => l.level >= 50)).toEqual([]);
    // The hour's 24 held: telling took more than an hour of the clock.
    expect(minutes).toBeGreaterThan(60);
  }, 600_000);
});
