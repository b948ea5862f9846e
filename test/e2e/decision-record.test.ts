import { afterEach, describe, expect, it } from "vitest";
import { createLifecycleService } from "../../src/lifecycle/lifecycle-service.js";
import { GRANT_CHECK, readDecisions } from "../../src/lifecycle/decision-check.js";
import { renderDecisions } from "../../src/lifecycle/decision-record.js";
import { ACCESS_REPO } from "../helpers/app-harness.js";
import { installationClient } from "../lifecycle/github-client.js";
import type { World } from "./lifecycle-world.js";
import { GCP_PATH, HOUR, gcpRequest, owner, repo, startWorld } from "./lifecycle-world.js";

let w: World;
afterEach(async () => w.close());
const SLOW = 400_000;
const at = (hhmm: string) => `2026-11-24T${hhmm}:00Z`;

async function extend(world: World, title: string, content: string, approve = true): Promise<{ number: number; headSha: string; mergeSha: string }> {
  const pr = await world.h.github.as("alice").openPullRequest(ACCESS_REPO, { title, files: { [GCP_PATH]: content } });
  await world.settle();
  if (approve) await world.h.github.as("bob").approve(ACCESS_REPO, pr.number);
  await world.settle();
  const mergeSha = await world.h.github.as("bob").merge(ACCESS_REPO, pr.number);
  await world.settle();
  return { number: pr.number, headSha: pr.headSha, mergeSha };
}

describe("the merge decision is recorded, and windows are bounded by the first start", () => {
  it("chained extensions end at first start + max_duration; an extension that moves start is refused at file:line and grants nothing", async () => {
    w = await startWorld();
    const { mergeSha } = await w.requestAndMerge({ [GCP_PATH]: gcpRequest() });
    const [record] = await readDecisions(await installationClient(w.h.github), { owner, repo }, mergeSha, w.h.github.app.appId);
    expect(record).toMatchObject({ path: GCP_PATH, outcome: "granted", approvers: ["bob"], requester: "alice", window: { start: new Date(at("08:00")), end: new Date(at("10:00")) } });
    expect(record?.grants.map((g) => [g.rule, g.maxDurationMs, g.principalName])).toEqual([["payments-prod-db", 4 * HOUR, "alice"]]);

    w.h.clock.set(at("09:00"));
    await extend(w, "Extend to 3h", gcpRequest([], "3h"));
    w.h.clock.set(at("10:30"));
    await extend(w, "Extend to 4h", gcpRequest([], "4h"));
    expect(w.holdsGcp()).toBe(true);

    // Three hours in, move start to now and keep 4h: 7 hours in all if it were honoured.
    w.h.clock.set(at("11:00"));
    const moved = await w.h.github.as("alice").openPullRequest(ACCESS_REPO, { title: "Restart the window", files: { [GCP_PATH]: gcpRequest([`start: ${at("11:00")}`], "4h") } });
    await w.settle();
    const check = await w.h.checkRun(moved.headSha, "access-pr / validation");
    expect(check?.conclusion).toBe("failure");
    expect(check?.annotations.map((a) => [a.path, a.start_line, a.message])).toEqual([
      [GCP_PATH, 4, expect.stringMatching(/^the start of an active request cannot move: it has no start \(the window began at the first merge\) on main, and its window began at 2026-11-24 08:00 UTC/)],
    ]);
    await w.h.github.as("bob").approve(ACCESS_REPO, moved.number);
    await w.h.github.as("bob").merge(ACCESS_REPO, moved.number);
    await w.settle();
    // Merged anyway: it backs nothing, so what was held is revoked and the file reverted.
    expect([w.holdsGcp(), w.gcpBindings()]).toEqual([false, 0]);
    expect(await w.mainFiles()).toEqual([]);
  }, SLOW);

  it("an extension merged after the window ended grants nothing again", async () => {
    w = await startWorld();
    const { number } = await w.requestAndMerge({ [GCP_PATH]: gcpRequest() });
    w.h.clock.set(at("09:30"));
    const ext = await w.h.github.as("alice").openPullRequest(ACCESS_REPO, { title: "Extend", files: { [GCP_PATH]: gcpRequest([], "4h") } });
    await w.settle();
    await w.h.github.as("bob").approve(ACCESS_REPO, ext.number);
    await w.settle();
    // A repo where the app may not bypass review: its revert at the end waits, so the file is still on main when the extension lands.
    w.h.github.setProtection(ACCESS_REPO, { requiredApprovals: 1, bypass: [], adminsCanBypass: false });
    w.h.clock.set(at("10:00"));
    await w.settle();
    expect(w.holdsGcp()).toBe(false);
    w.h.clock.set(at("10:30"));
    await w.h.github.as("bob").merge(ACCESS_REPO, ext.number);
    await w.settle();
    expect([w.holdsGcp(), w.gcpBindings()]).toEqual([false, 0]);
    expect((await w.storyOf(ext.number)).join("\n")).toContain("an ended request cannot be extended");
    expect((await w.storyOf(number)).join("\n")).toContain("Access ended at 2026-11-24 10:00 UTC");
  }, SLOW);

  it("a team membership removed after the merge does not revoke; a restart rebuilds from the records with fewer GitHub calls than judging again", async () => {
    w = await startWorld();
    await w.requestAndMerge({ [GCP_PATH]: gcpRequest() });

    // A cold start that judges every request again (what every restart did before records): another app id sees no record.
    const { identity } = w.lifecycle();
    await w.lifecycle().stop();
    w.h.appGitHubCalls.reset();
    const judging = createLifecycleService(w.h.probot, w.deps, { ...identity, appId: 1 });
    await judging.trigger(ACCESS_REPO, "reconcile");
    await judging.scheduler.idle();
    const judged = w.h.appGitHubCalls.total();
    await judging.stop();
    w.h.appGitHubCalls.reset();
    await w.restart();
    await w.settle();
    const fromRecords = w.h.appGitHubCalls.total();
    process.stdout.write(`cold-start reconcile GitHub calls: from records ${fromRecords}, judging again ${judged}\n`);
    expect(fromRecords).toBeLessThan(judged);

    // bob's approval counted at the merge; leaving the team later does not undo it.
    w.h.github.setTeamMembership("acme", "sre", "bob", null);
    await w.restart();
    await w.settle();
    expect(w.holdsGcp()).toBe(true);
    w.h.clock.set(at("09:59"));
    await w.settle();
    expect(w.holdsGcp()).toBe(true);
  }, SLOW);

  it("an approver removed from the team just before the merge does not count, even with the membership webhook lost", async () => {
    w = await startWorld();
    const pr = await w.h.github.as("alice").openPullRequest(ACCESS_REPO, { title: "db access", files: { [GCP_PATH]: gcpRequest() } });
    await w.settle();
    await w.h.github.as("bob").approve(ACCESS_REPO, pr.number);
    await w.settle();
    // The PR flow has just read bob's membership; GitHub removes him, and no webhook reaches the app.
    w.h.github.setTeamMembership("acme", "sre", "bob", null);
    const mergeSha = await w.h.github.as("bob").merge(ACCESS_REPO, pr.number);
    await w.settle();
    expect(w.holdsGcp()).toBe(false);
    const [record] = await readDecisions(await installationClient(w.h.github), { owner, repo }, mergeSha, w.h.github.app.appId);
    expect(record?.outcome).not.toBe("granted");
    expect(record?.approvers ?? []).not.toContain("bob");
  }, SLOW);

  it("a person removed from identities.yaml on main loses their active grants at once, with a story line", async () => {
    w = await startWorld();
    const { number } = await w.requestAndMerge({ [GCP_PATH]: gcpRequest() });
    w.h.clock.set(at("08:20"));
    const bot = w.h.github.octokitFor("bob");
    const { data } = await bot.rest.repos.getContent({ owner, repo, path: "access-policies/identities.yaml" });
    const text = Buffer.from("content" in data ? data.content : "", "base64").toString("utf8");
    const without = text.replace(/^ {2}alice:\n(?: {4}.*\n)+/m, "");
    expect(without).not.toContain("alice:");
    await w.h.github.as("carol").commit(ACCESS_REPO, "main", { "access-policies/identities.yaml": without }, "Offboard alice");
    await w.settle();
    expect([w.holdsGcp(), w.gcpBindings()]).toEqual([false, 0]);
    expect(await w.mainFiles()).toEqual([]);
    expect((await w.storyOf(number)).at(-1)).toBe(
      `⏹️ Access ended early at 2026-11-24 08:20 UTC: alice was removed from access-policies/identities.yaml on main (offboarding). The grants are revoked. The request file is removed by #${number + 1} (merged).`,
    );
  }, SLOW);

  it("a forged access-pr / grant check run by another app is ignored", async () => {
    w = await startWorld();
    const { mergeSha } = await w.requestAndMerge({ [GCP_PATH]: gcpRequest() });
    const ours = await readDecisions(await installationClient(w.h.github), { owner, repo }, mergeSha, w.h.github.app.appId);
    const [real] = ours;
    if (!real) throw new Error("no record");
    const month = { start: real.window.start, end: new Date(real.window.start.getTime() + 30 * 24 * HOUR) };
    const forged = { ...real, window: month, grants: real.grants.map((g) => ({ ...g, spec: { ...g.spec, window: month } })) };
    // Any GitHub App on the repo can create a run with any name; `GET …/commits/{ref}/check-runs` takes
    // `app_id`, and each run names its creating `app` (github/rest-api-description, operation checks/list-for-ref).
    const other = w.h.github.installAnotherApp("helpful-ci", 9001);
    await other.rest.checks.create({ owner, repo, name: GRANT_CHECK, head_sha: mergeSha, status: "completed", conclusion: "success", output: { title: "Granted for 30 days", summary: "", text: renderDecisions([forged]) } });
    // Another app cannot edit the app's run either.
    const { data: runs } = await other.rest.checks.listForRef({ owner, repo, ref: mergeSha, check_name: GRANT_CHECK, app_id: w.h.github.app.appId, filter: "all" });
    expect(runs.check_runs.map((r) => r.app?.id)).toEqual([w.h.github.app.appId]);
    await expect(other.rest.checks.update({ owner, repo, check_run_id: runs.check_runs[0]?.id ?? 0, output: { title: "x", summary: "x", text: renderDecisions([forged]) } })).rejects.toMatchObject({ status: 403 });

    await w.restart();
    await w.settle();
    w.h.clock.set(at("10:00"));
    await w.settle();
    expect([w.holdsGcp(), w.gcpBindings()]).toEqual([false, 0]);
  }, SLOW);

  it("two edits merged back to back into one file: the version on main is not one anyone approved, so it grants nothing", async () => {
    w = await startWorld();
    await w.requestAndMerge({ [GCP_PATH]: gcpRequest() });
    w.h.clock.set(at("08:30"));
    const longer = await w.h.github.as("alice").openPullRequest(ACCESS_REPO, { title: "Longer", files: { [GCP_PATH]: gcpRequest([], "3h") } });
    const viewer = await w.h.github.as("alice").openPullRequest(ACCESS_REPO, { title: "Viewer", files: { [GCP_PATH]: gcpRequest().replace("roles/cloudsql.client", "roles/cloudsql.viewer") } });
    await w.settle();
    for (const pr of [longer, viewer]) await w.h.github.as("bob").approve(ACCESS_REPO, pr.number);
    await w.settle();
    await w.h.github.as("bob").merge(ACCESS_REPO, longer.number);
    await w.settle();
    expect(w.holdsGcp()).toBe(true);
    await w.h.github.as("bob").merge(ACCESS_REPO, viewer.number);
    await w.settle();
    expect([w.holdsGcp(), w.gcpBindings()]).toEqual([false, 0]);
    expect(w.h.gcp?.holds("projects/payments-prod", "user:alice@acme.example", "roles/cloudsql.viewer")).toBe(false);
    expect((await w.storyOf(viewer.number)).join("\n")).toContain("another change was merged into the same file");
  }, SLOW);
});
