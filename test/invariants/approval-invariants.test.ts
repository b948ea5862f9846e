// Invariants 3, 4, 5 and 6: who counts as an approver, and when.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { evaluateMergedPull, evaluatePull } from "../../src/evaluate/evaluate-pull.js";
import type { AppHarness } from "../helpers/app-harness.js";
import { ACCESS_REPO } from "../helpers/app-harness.js";
import { APPROVAL, BOT, OWNER, REPO, appClient, openAndSettle, prodRequest, startSeeded } from "./fixtures.js";

const PATH = "requests/gcp/prod/alice-inc-4711.yaml";
let h: AppHarness;
beforeEach(async () => {
  h = await startSeeded();
});
afterEach(async () => h.close());

describe("security invariants about approval", () => {
  it("3: the author's second account, an SRE who pushed a commit to the PR, does not count as an approver", async () => {
    const pr = await openAndSettle(h, "alice", { [PATH]: prodRequest() });
    await h.github.as("mallory").pushToPull(ACCESS_REPO, pr.number, { [PATH]: prodRequest().replace("2h", "3h") }, "Tweak duration");
    await h.github.as("mallory").approve(ACCESS_REPO, pr.number);
    await h.github.settled();
    const { data: pull } = await h.github.octokitFor("alice").rest.pulls.get({ owner: OWNER, repo: REPO, pull_number: pr.number });
    const check = await h.checkRun(pull.head.sha, APPROVAL);
    expect(check).toMatchObject({ status: "in_progress", output: { title: "Waiting for @acme/sre" } });
    expect(check?.output.text).toContain("- @mallory authored or pushed commits to the pull request, so cannot approve it");
  });

  it("4: an approval of an earlier head does not count after a push", async () => {
    const pr = await openAndSettle(h, "alice", { [PATH]: prodRequest() });
    await h.github.as("bob").approve(ACCESS_REPO, pr.number);
    await h.github.settled();
    expect((await h.checkRun(pr.headSha, APPROVAL))?.conclusion).toBe("success");
    const pushed = await h.github.as("alice").pushToPull(ACCESS_REPO, pr.number, { [PATH]: prodRequest().replace("2h", "4h") });
    await h.github.settled();
    const check = await h.checkRun(pushed, APPROVAL);
    expect(check).toMatchObject({ status: "in_progress", conclusion: null });
    expect(check?.output.text).toContain(`- @bob approved commit ${pr.headSha.slice(0, 7)}, not the current head ${pushed.slice(0, 7)}; an approval counts only for the head`);
  });

  it("4: a code owner's \"changes requested\" blocks even when another owner approves", async () => {
    const pr = await openAndSettle(h, "alice", { [PATH]: prodRequest() });
    await h.github.as("bob").requestChanges(ACCESS_REPO, pr.number, "Use the read replica instead");
    await h.github.as("mallory").approve(ACCESS_REPO, pr.number);
    await h.github.settled();
    expect(await h.checkRun(pr.headSha, APPROVAL)).toMatchObject({
      status: "completed",
      conclusion: "failure",
      output: { title: "Changes requested", summary: "Blocked: @bob requested changes; the pull request needs their approval or a dismissal of that review." },
    });
    const evaluation = await evaluatePull(await appClient(h), { owner: OWNER, repo: REPO }, pr.number, { now: h.clock.now(), botLogin: BOT });
    expect(evaluation.grantable).toBe(false);
  });

  it("5: an SRE whose team invitation is still pending cannot approve", async () => {
    const pr = await openAndSettle(h, "alice", { [PATH]: prodRequest() });
    await h.github.as("dave").approve(ACCESS_REPO, pr.number);
    await h.github.settled();
    const check = await h.checkRun(pr.headSha, APPROVAL);
    expect(check).toMatchObject({ status: "in_progress", output: { title: "Waiting for @acme/sre" } });
    expect(check?.output.text).toContain("- @dave approved, but is neither a code owner of the changed files (directly or as an active team member) nor an approver of a matched rule");
  });

  it("6: a merge without approval (admin bypass) is not grantable when re-verified at the merge; an approved one is, from merged_at", async () => {
    const bypass = await openAndSettle(h, "alice", { [PATH]: prodRequest() });
    h.clock.advance(10 * 60_000);
    await h.github.as("carol").merge(ACCESS_REPO, bypass.number);
    await h.github.settled();
    const gh = await appClient(h);
    const merged = await evaluateMergedPull(gh, { owner: OWNER, repo: REPO }, bypass.number, { botLogin: BOT });
    expect(merged?.evaluation).toMatchObject({ kind: "request", valid: true, grantable: false, approval: { status: "pending" } });

    const approvedPath = "requests/gcp/prod/alice-inc-4712.yaml";
    const approved = await openAndSettle(h, "alice", { [approvedPath]: prodRequest().replace(/4711/g, "4712") }, "Second request");
    await h.github.as("bob").approve(ACCESS_REPO, approved.number);
    h.clock.advance(5 * 60_000);
    await h.github.as("carol").merge(ACCESS_REPO, approved.number);
    await h.github.settled();
    const good = await evaluateMergedPull(gh, { owner: OWNER, repo: REPO }, approved.number, { botLogin: BOT });
    expect(good?.evaluation.grantable).toBe(true);
    expect(good?.mergedAt.toISOString()).toBe("2026-11-24T08:15:00.000Z");
    const spec = good?.evaluation.requests[0]?.grants[0];
    expect(spec).toMatchObject({ principal: "user:alice@acme.example", window: { start: new Date("2026-11-24T08:15:00Z"), end: new Date("2026-11-24T10:15:00Z") } });
    expect(spec?.origin).toMatchObject({ requestPath: approvedPath, pr: approved.number, requester: "alice", approvers: ["bob"] });
  });
});
