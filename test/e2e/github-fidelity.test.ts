// The app on an embedded GitHub that behaves like GitHub where it is strict: size limits, other apps'
// check runs of the same name, review requests GitHub refuses, nested teams, and tokens that expire.
import { afterEach, describe, expect, it } from "vitest";
import type { AppHarness } from "../helpers/app-harness.js";
import { ACCESS_REPO, EXAMPLE_CODEOWNERS, seedAccessRepo, startAppHarness } from "../helpers/app-harness.js";
import { prodRequest } from "../helpers/requests.js";

const [owner, repo] = ACCESS_REPO.split("/") as [string, string];
const APPROVAL = "access-pr / approval";
const VALIDATION = "access-pr / validation";
const PROD = "requests/gcp/prod/alice-inc-4711.yaml";
const open: AppHarness[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});

async function start(files: Record<string, string> = {}): Promise<AppHarness> {
  const h = await startAppHarness();
  open.push(h);
  await seedAccessRepo(h.github, files);
  return h;
}

const errors = (h: AppHarness) => h.logs.filter((line) => line.level >= 50).map((line) => line.msg);

describe("the app on GitHub's limits", () => {
  it("keeps the plan within one comment and annotates every problem of many request files, in batches of 50", async () => {
    const h = await start();
    const files: Record<string, string> = {};
    const reason = "the nightly export keeps failing and we need to look at it ".repeat(25);
    for (let i = 0; i < 60; i++) files[`requests/gcp/prod/alice-${String(i).padStart(3, "0")}.yaml`] = `reason: "${reason}"\nduration: forever\n`;
    const pr = await h.github.as("alice").openPullRequest(ACCESS_REPO, { title: "Many requests", files });
    await h.github.settled();
    const reader = h.github.octokitFor("carol");
    const comments = await h.comments(pr.number);
    const plan = comments.find((c) => c.user === "access-pr[bot]" && c.body.includes("access-pr plan"));
    expect(plan?.body.length).toBeLessThanOrEqual(65_536);
    const { data: runs } = await reader.rest.checks.listForRef({ owner, repo, ref: pr.headSha, check_name: VALIDATION, filter: "all" });
    expect(runs.check_runs).toHaveLength(1);
    const run = runs.check_runs[0];
    const annotations = await reader.paginate(reader.rest.checks.listAnnotations, { owner, repo, check_run_id: run?.id ?? 0, per_page: 100 });
    expect(annotations.length).toBeGreaterThanOrEqual(60);
    expect(new Set(annotations.map((a) => a.path)).size).toBe(60);
    expect(run?.output.annotations_count).toBe(annotations.length);
    expect(errors(h)).toEqual([]);
  }, 240_000);

  it("keeps to its own check run when another app posts a newer one with the same name", async () => {
    const h = await start();
    const pr = await h.github.as("alice").openPullRequest(ACCESS_REPO, { title: "Read prod DB", files: { [PROD]: prodRequest() } });
    await h.github.settled();
    const ci = h.github.installAnotherApp("ci", 9001);
    await ci.rest.checks.create({ owner, repo, name: APPROVAL, head_sha: pr.headSha, status: "completed", conclusion: "failure", output: { title: "forged", summary: "forged" } });
    await h.github.as("bob").approve(ACCESS_REPO, pr.number);
    await h.github.settled();
    const { data } = await h.github.octokitFor("carol").rest.checks.listForRef({ owner, repo, ref: pr.headSha, check_name: APPROVAL, filter: "all", app_id: h.github.app.appId });
    expect(data.check_runs.map((r) => [r.status, r.conclusion])).toEqual([["completed", "success"]]);
    expect(errors(h)).toEqual([]);
  });

  it("opens a new check run when its check is pending again, so the old success no longer stands", async () => {
    const h = await start();
    const pr = await h.github.as("alice").openPullRequest(ACCESS_REPO, { title: "Read prod DB", files: { [PROD]: prodRequest() } });
    const review = await h.github.as("bob").approve(ACCESS_REPO, pr.number);
    await h.github.settled();
    expect((await h.checkRun(pr.headSha, APPROVAL))?.conclusion).toBe("success");
    await h.github.octokitFor("carol").rest.pulls.dismissReview({ owner, repo, pull_number: pr.number, review_id: review, message: "not this one" });
    await h.github.settled();
    const { data } = await h.github.octokitFor("carol").rest.checks.listForRef({ owner, repo, ref: pr.headSha, check_name: APPROVAL, filter: "all" });
    expect(data.check_runs.map((r) => [r.status, r.conclusion])).toEqual([["in_progress", null], ["completed", "success"]]);
  });
});

describe("the app on GitHub's people and tokens", () => {
  it("asks the reviewers GitHub accepts when one named in CODEOWNERS has no access", async () => {
    const h = await start({ ".github/CODEOWNERS": `${EXAMPLE_CODEOWNERS}/requests/gcp/prod/ @bob @zed\n` });
    h.github.createUser("zed");
    const pr = await h.github.as("alice").openPullRequest(ACCESS_REPO, { title: "Read prod DB", files: { [PROD]: prodRequest() } });
    await h.github.settled();
    const { data } = await h.github.octokitFor("carol").rest.pulls.get({ owner, repo, pull_number: pr.number });
    expect(data.requested_reviewers?.map((u) => u.login)).toEqual(["bob"]);
    expect(h.logs.some((l) => l.msg.startsWith("GitHub refused to request a review from some reviewers") && JSON.stringify(l.refused) === '["zed"]')).toBe(true);
  });

  it("counts an approval by a member of a child team of the owning team, hours later on a renewed token", async () => {
    const h = await start();
    h.github.createTeam("acme", "sre-oncall", { active: ["erin"], parent: "sre" });
    const pr = await h.github.as("alice").openPullRequest(ACCESS_REPO, { title: "Read prod DB", files: { [PROD]: prodRequest() } });
    await h.github.settled();
    expect((await h.checkRun(pr.headSha, APPROVAL))?.status).toBe("in_progress");
    h.clock.advance(2 * 60 * 60 * 1000);
    await h.github.as("erin").approve(ACCESS_REPO, pr.number);
    await h.github.settled();
    expect(await h.checkRun(pr.headSha, APPROVAL)).toMatchObject({ status: "completed", conclusion: "success" });
    expect(errors(h)).toEqual([]);
  });
});
