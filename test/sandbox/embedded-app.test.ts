import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { startEmbeddedApp } from "../../src/sandbox/embedded-app.js";
import type { EmbeddedApp } from "../../src/sandbox/embedded-app.js";
import { EXAMPLE_ACCESS_REPO, seedExampleAccessRepo } from "../../src/sandbox/example-access-repo.js";
import { AppLog } from "../../src/sandbox/story/app-log.js";

const REQUEST = ['reason: "INC-4711: payments export failing, need to read the prod DB"', "ticket: INC-4711", "duration: 2h", "grants:", "  - provider: gcp", "    scope: projects/payments-prod", "    role: roles/cloudsql.client", ""].join("\n");

let open: EmbeddedApp | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

async function reachable(url: string): Promise<boolean> {
  try {
    await fetch(url, { method: "POST" });
    return true;
  } catch {
    return false;
  }
}

describe("startEmbeddedApp", () => {
  it("runs the real app on loopback: a request pull request gets its checks, and every GitHub call the app made is counted by route", async () => {
    const clock = new ManualClock("2026-11-24T08:00:00Z");
    const world = (open = await startEmbeddedApp({ clock }));
    expect(world.clock).toBe(clock);
    expect(world.webhookUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/github\/webhooks$/);
    expect(world.github.webhookUrl).toBe(world.webhookUrl);
    expect([world.gcp, world.azure, world.providers.size]).toEqual([undefined, undefined, 0]);

    await seedExampleAccessRepo(world.github);
    const pr = await world.github.as("alice").openPullRequest(EXAMPLE_ACCESS_REPO, { title: "Read prod DB", files: { "requests/gcp/prod/alice-inc-4711.yaml": REQUEST } });
    await world.settle();

    const { data } = await world.github.octokitFor("carol").rest.checks.listForRef({ owner: "acme", repo: "access", ref: pr.headSha });
    expect(data.check_runs.map((run) => run.name).sort()).toEqual(["access-pr / approval", "access-pr / validation"]);
    const routes = world.appGitHubCalls.table().map((row) => row.route);
    expect(routes).toContain("POST /repos/{owner}/{repo}/check-runs");
    expect(world.appGitHubCalls.total("POST")).toBeGreaterThanOrEqual(2);
    expect(world.appGitHubCalls.total()).toBeGreaterThan(world.appGitHubCalls.total("POST"));
  });

  it("with clouds, gives the app a provider for each emulator on the same clock", async () => {
    const world = (open = await startEmbeddedApp({ clouds: true, settings: { sweepSeconds: 30 } }));
    expect([...world.providers.keys()].sort()).toEqual(["azure", "gcp"]);
    expect(world.deps.settings).toEqual({ sweepSeconds: 30, reconcileSeconds: 600, accessRepos: ["acme/access"] });
    expect(world.deps.clock).toBe(world.clock);
    world.gcp.createProject("payments-prod");
    const gcp = world.providers.get("gcp");
    expect(await gcp?.list("projects/payments-prod")).toEqual([]);
    expect(world.gcp.faults.count()).toBeGreaterThan(0);
  });

  it("hands the app's warnings to the logger it is given", async () => {
    const log = new AppLog();
    const world = (open = await startEmbeddedApp({ log: log.logger }));
    world.probot.log.warn({ subsystem: "test" }, "a warning for the timeline");
    const [entry, ...more] = log.drain();
    expect([entry?.level, entry?.message, entry?.fields.subsystem, more.length]).toEqual(["warn", "a warning for the timeline", "test", 0]);
  });

  it("close stops the app's server and every emulator", async () => {
    const world = await startEmbeddedApp({ clouds: true });
    const urls = [world.webhookUrl, world.github.url, world.gcp.url];
    expect(await Promise.all(urls.map(reachable))).toEqual([true, true, true]);
    await world.close();
    expect(await Promise.all(urls.map(reachable))).toEqual([false, false, false]);
  });
});

describe("seedExampleAccessRepo", () => {
  it("adds the extra engineers to payments-eng with write access, beside the example cast", async () => {
    const world = (open = await startEmbeddedApp());
    await seedExampleAccessRepo(world.github, { engineers: ["eng-001", "eng-002"], files: { "requests/README.md": "# requests\n" } });
    const carol = world.github.octokitFor("carol");
    const members = await carol.rest.teams.listMembersInOrg({ org: "acme", team_slug: "payments-eng" });
    expect(members.data.map((m) => m.login).sort()).toEqual(["alice", "eng-001", "eng-002", "paula"]);
    const permission = await carol.rest.repos.getCollaboratorPermissionLevel({ owner: "acme", repo: "access", username: "eng-002" });
    expect(permission.data.permission).toBe("write");
    const readme = await carol.rest.repos.getContent({ owner: "acme", repo: "access", path: "requests/README.md" });
    expect("content" in readme.data ? Buffer.from(readme.data.content, "base64").toString("utf8") : "").toBe("# requests\n");
  });
});
