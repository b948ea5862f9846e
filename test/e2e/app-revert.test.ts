import { afterEach, describe, expect, it } from "vitest";
import { ACCESS_REPO } from "../helpers/app-harness.js";
import type { World } from "./lifecycle-world.js";
import { GCP_PATH, gcpRequest, owner, repo, startWorld } from "./lifecycle-world.js";

let w: World;
afterEach(async () => w.close());

const REQUEST_REVIEWERS = "POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers";
const SUMMARY = "Revert opened by access-pr: it removes request files whose access has already been revoked in the cloud. A removal grants nothing, so it needs no approval.";

async function pullOf(world: World, number: number) {
  const { data } = await world.h.github.octokitFor("bob").rest.pulls.get({ owner, repo, pull_number: number });
  return data;
}

describe("the PR flow and the app's own reverts", () => {
  it("answers the app's revert, when the repo keeps it open, with completed checks, and no plan comment or review request", async () => {
    w = await startWorld();
    const { number } = await w.requestAndMerge({ [GCP_PATH]: gcpRequest() });
    // Protection that the app may not bypass: its revert stays open for people to merge.
    w.h.github.setProtection(ACCESS_REPO, { requiredApprovals: 1, bypass: [], adminsCanBypass: true });
    w.h.appGitHubCalls.reset();
    await w.h.github.as("alice").comment(ACCESS_REPO, number, "/revoke");
    await w.settle();

    const revert = await pullOf(w, number + 1);
    expect([revert.user.login, revert.state, revert.labels.map((l) => l.name)]).toEqual(["access-pr[bot]", "open", ["access-pr:revoked"]]);
    expect(w.holdsGcp()).toBe(false);
    expect(await w.h.checkRun(revert.head.sha, "access-pr / validation")).toMatchObject({ status: "completed", conclusion: "success", output: { title: "Revert by access-pr", summary: SUMMARY, text: `Removed request files:\n\n- \`${GCP_PATH}\`` } });
    expect(await w.h.checkRun(revert.head.sha, "access-pr / approval")).toMatchObject({ status: "completed", conclusion: "success", output: { title: "No approval needed", summary: SUMMARY } });
    // Its only comment says why it is still open; there is no plan comment.
    expect((await w.h.comments(revert.number)).map((c) => c.body.split("\n")[0])).toEqual(["<!-- access-pr:revert-merge -->"]);
    // GitHub asks the removed file's code owners, as on any pull request (About code owners); the app asks nobody.
    expect([revert.requested_reviewers?.map((u) => u.login), revert.requested_teams?.map((t) => t.slug)]).toEqual([[], ["sre"]]);
    expect(w.h.appGitHubCalls.table().filter((row) => row.route === REQUEST_REVIEWERS)).toEqual([]);
  });

  it("leaves a revert the app merged at once alone: no checks or plan on a closed pull request", async () => {
    w = await startWorld();
    const { number } = await w.requestAndMerge({ [GCP_PATH]: gcpRequest() });
    w.h.appGitHubCalls.reset();
    await w.h.github.as("alice").comment(ACCESS_REPO, number, "/revoke");
    await w.settle();

    const revert = await pullOf(w, number + 1);
    expect([revert.user.login, revert.merged_at !== null]).toEqual(["access-pr[bot]", true]);
    // The app verifies its revert right before merging it, so the PR flow may find it still open: then it gets only completed checks.
    const approval = await w.h.checkRun(revert.head.sha, "access-pr / approval");
    if (approval) expect(approval).toMatchObject({ status: "completed", conclusion: "success", output: { title: "No approval needed" } });
    expect(await w.h.comments(revert.number)).toEqual([]);
    expect(w.h.appGitHubCalls.table().filter((row) => row.route === REQUEST_REVIEWERS)).toEqual([]);
  });

  it("gives a person's deletion the normal flow, even on a branch named and labelled like the app's revert", async () => {
    w = await startWorld();
    await w.requestAndMerge({ [GCP_PATH]: gcpRequest() });
    const alice = w.h.github.as("alice");
    const pr = await alice.openPullRequest(ACCESS_REPO, { title: "Revert revoked access: " + GCP_PATH, files: { [GCP_PATH]: null }, branch: "access-pr/expire/0123456789ab" });
    await alice.octokit.rest.issues.addLabels({ owner, repo, issue_number: pr.number, labels: ["access-pr:revoked"] });
    await w.h.github.as("erin").review(ACCESS_REPO, pr.number, "COMMENT", "why is this labelled like a revert?");
    await w.settle();
    const head = (await pullOf(w, pr.number)).head.sha;
    expect(await w.h.checkRun(head, "access-pr / approval")).toMatchObject({ status: "in_progress", output: { title: "Waiting for @acme/sre" } });
    const [plan] = await w.h.comments(pr.number);
    expect(plan?.body).toContain("**Waiting for approval.** Merging before the approvals below are given grants nothing and is reverted.");
    expect(plan?.body).toContain(`#### \`${GCP_PATH}\` (deleted: ends this access early)`);
    expect((await pullOf(w, pr.number)).requested_teams?.map((t) => t.slug)).toEqual(["sre"]);
    expect(w.holdsGcp()).toBe(true);
  });
});
