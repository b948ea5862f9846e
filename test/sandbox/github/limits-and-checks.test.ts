// The embedded GitHub's limits and check-run listing, through the real Octokit.
// Follows GitHub's REST docs and OpenAPI description (github/rest-api-description):
// - issues/create-comment, pulls/create: a body over 65,536 characters is 422 ("body is too long (maximum is 65536 characters)");
// - checks/create, checks/update: output.summary and output.text take 65,535 characters, and "The Checks API limits
//   the number of annotations to a maximum of 50 per API request";
// - checks/list-for-ref: `filter` "Filters check runs by their completed_at timestamp. `latest` returns the most
//   recent check runs", default `latest`; `app_id` narrows to one app;
// - checks/update: the docs do not say a conclusion is cleared when a completed run is set back to in_progress,
//   and apps observed GitHub keep it (Mergifyio/mergify#444, flutter/cocoon#1401): the emulator keeps it.
import type { Octokit } from "@octokit/rest";
import { Probot, ProbotOctokit } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { GitHubEmulator } from "../../../src/sandbox/github/index.js";

const NO_RETRY = ProbotOctokit.defaults((o: Record<string, unknown>) => ({ ...o, retry: { enabled: false }, throttle: { enabled: false } }));
const at = { owner: "acme", repo: "access" };

async function refusal(promise: Promise<unknown>): Promise<{ status: number; message: string }> {
  return promise.then(
    () => ({ status: 200, message: "" }),
    (e: { status: number; response?: { data?: { message?: string; errors?: Array<{ message?: string }> } } }) => ({
      status: e.status,
      message: e.response?.data?.errors?.[0]?.message ?? e.response?.data?.message ?? "",
    }),
  );
}

describe("the embedded GitHub's size limits and check-run listing", () => {
  let gh: GitHubEmulator;
  let app: InstanceType<typeof ProbotOctokit>;
  let ci: Octokit;
  let headSha: string;

  beforeAll(async () => {
    gh = await GitHubEmulator.start({ clock: new ManualClock("2026-11-24T08:00:00Z") });
    gh.createUser("alice");
    headSha = (await gh.createRepo("acme/access", { files: { "requests/a.yaml": "reason: x\n" }, collaborators: { alice: "write" } })).headSha;
    await gh.as("alice").openPullRequest("acme/access", { title: "Access", files: { "requests/b.yaml": "reason: y\n" } });
    const probot = new Probot({ appId: gh.app.appId, privateKey: gh.app.privateKey, baseUrl: gh.url, Octokit: NO_RETRY, logLevel: "fatal" });
    app = await probot.auth(gh.app.installationId);
    ci = gh.installAnotherApp("ci", 9001);
  });
  afterAll(async () => gh.close());

  it("takes a comment of exactly 65,536 characters and refuses one more, for comments and pull request bodies alike", async () => {
    const ok = await app.rest.issues.createComment({ ...at, issue_number: 1, body: "x".repeat(65_536) });
    expect(ok.data.body?.length).toBe(65_536);
    expect(await refusal(app.rest.issues.createComment({ ...at, issue_number: 1, body: "x".repeat(65_537) }))).toEqual({ status: 422, message: "body is too long (maximum is 65536 characters)" });
    expect(await refusal(app.rest.issues.updateComment({ ...at, comment_id: ok.data.id, body: "y".repeat(65_537) }))).toEqual({ status: 422, message: "body is too long (maximum is 65536 characters)" });
    expect(await refusal(app.rest.pulls.update({ ...at, pull_number: 1, body: "z".repeat(65_537) }))).toEqual({ status: 422, message: "body is too long (maximum is 65536 characters)" });
  });

  it("refuses a check output over 65,535 characters and more than 50 annotations in one request, and keeps the run as it was", async () => {
    const annotation = { path: "requests/a.yaml", start_line: 1, end_line: 1, annotation_level: "failure" as const, message: "bad" };
    const { data: run } = await app.rest.checks.create({ ...at, name: "limits", head_sha: headSha, status: "completed", conclusion: "failure", output: { title: "t", summary: "s".repeat(65_535), annotations: Array(50).fill(annotation) } });
    expect(run.output.annotations_count).toBe(50);
    expect((await refusal(app.rest.checks.update({ ...at, check_run_id: run.id, output: { title: "t", summary: "s".repeat(65_536) } }))).status).toBe(422);
    expect((await refusal(app.rest.checks.update({ ...at, check_run_id: run.id, output: { title: "t", summary: "s", text: "t".repeat(65_536) } }))).status).toBe(422);
    const tooMany = await refusal(app.rest.checks.update({ ...at, check_run_id: run.id, output: { title: "t", summary: "s", annotations: Array(51).fill(annotation) } }));
    expect(tooMany).toEqual({ status: 422, message: "at most 50 annotations per request" });
    const { data: after } = await app.rest.checks.get({ ...at, check_run_id: run.id });
    expect([after.output.summary?.length, after.output.annotations_count]).toEqual([65_535, 50]);
  });

  it("keeps a completed run's conclusion when it is set back to in_progress", async () => {
    const { data: run } = await app.rest.checks.create({ ...at, name: "reopened", head_sha: headSha, status: "completed", conclusion: "success", output: { title: "t", summary: "s" } });
    const { data: reopened } = await app.rest.checks.update({ ...at, check_run_id: run.id, status: "in_progress" });
    expect([reopened.status, reopened.conclusion, reopened.completed_at]).toEqual(["in_progress", "success", run.completed_at]);
  });

  it("lists only the newest run of each name by default (filter=latest), every run with filter=all, and narrows by app_id", async () => {
    const { data: ours } = await app.rest.checks.create({ ...at, name: "access-pr / approval", head_sha: headSha, status: "completed", conclusion: "failure", output: { title: "t", summary: "s" } });
    const { data: theirs } = await ci.rest.checks.create({ ...at, name: "access-pr / approval", head_sha: headSha, status: "completed", conclusion: "success", output: { title: "t", summary: "s" } });
    const ids = async (query: Record<string, unknown>) => (await app.rest.checks.listForRef({ ...at, ref: headSha, check_name: "access-pr / approval", ...query })).data.check_runs.map((r) => r.id);
    expect(await ids({})).toEqual([theirs.id]);
    expect(await ids({ filter: "all" })).toEqual([theirs.id, ours.id]);
    expect(await ids({ filter: "all", app_id: gh.app.appId })).toEqual([ours.id]);
    // The docs do not say whether app_id narrows before `latest`; the emulator takes the stricter reading.
    expect(await ids({ app_id: gh.app.appId })).toEqual([]);
    const byName = (await app.rest.checks.listForRef({ ...at, ref: headSha })).data.check_runs.map((r) => r.name);
    expect(new Set(byName).size).toBe(byName.length);
  });
});
