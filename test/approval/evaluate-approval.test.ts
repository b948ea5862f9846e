import { describe, expect, it } from "vitest";
import { NOBODY_NAMED, evaluateApproval } from "../../src/approval/evaluate-approval.js";
import { parseCodeowners } from "../../src/codeowners/parse-codeowners.js";
import type { Quorum } from "../../src/approval/types.js";
import type { ChangedFile, ReviewView } from "../../src/core/pull.js";
import { CODEOWNERS, OLD, TEAMS, pullWith, review } from "./fixtures.js";

const GCP_NEED = {
  path: "requests/gcp/prod/db.yaml",
  need: "an approval from one of @acme/sre and @alice (CODEOWNERS line 2)",
  candidates: ["@acme/sre", "@alice"],
};
const WAITING_ONE_FILE = "Waiting for approval: 1 file needs a code owner's approval.";

function evaluate(reviews: ReviewView[], files?: ChangedFile[], quorums: Quorum[] = []) {
  return evaluateApproval({ pull: pullWith(reviews, files), codeowners: CODEOWNERS, quorums, teams: TEAMS });
}

describe("code owner approval", () => {
  it.each([
    { name: "a user owner approves directly", reviews: [review("alice", "APPROVED")], counted: ["alice"] },
    { name: "an active member approves for the owning team", reviews: [review("carol", "APPROVED")], counted: ["carol"] },
    { name: "logins compare case-insensitively", reviews: [review("Carol", "APPROVED")], counted: ["Carol"] },
    { name: "changes requested, then approved: the latest review counts", reviews: [review("dave", "CHANGES_REQUESTED"), review("dave", "APPROVED")], counted: ["dave"] },
    { name: "a later comment does not undo an approval", reviews: [review("alice", "APPROVED"), review("alice", "COMMENTED")], counted: ["alice"] },
  ])("approves: $name", ({ reviews, counted }) => {
    const result = evaluate(reviews);
    expect(result).toEqual({
      status: "approved",
      summary: `Approved by @${counted[0]}: every changed file has a code owner's approval and every rule's quorum is met.`,
      missing: [],
      counted,
      ignored: [],
      blockers: [],
    });
  });

  it.each([
    { name: "the author's approval, although she is in the owning team", reviews: [review("rita", "APPROVED")], why: "opened the pull request, so cannot approve it" },
    {
      name: "a contributor's approval, although he is in the owning team",
      reviews: [review("pete", "APPROVED")],
      why: "authored or pushed commits to the pull request, so cannot approve it",
    },
    {
      name: "an approval of an older head",
      reviews: [review("alice", "APPROVED", OLD)],
      why: "approved commit 0f9e8d7, not the current head a1b2c3d; an approval counts only for the head",
    },
    {
      name: "an approval by a pending (not active) team member",
      reviews: [review("zoe", "APPROVED")],
      why: "approved, but is neither a code owner of the changed files (directly or as an active team member) nor an approver of a matched rule",
    },
  ])("ignores $name", ({ reviews, why }) => {
    const result = evaluate(reviews);
    expect(result.status).toBe("pending");
    expect(result.summary).toBe(WAITING_ONE_FILE);
    expect(result.missing).toEqual([GCP_NEED]);
    expect(result.counted).toEqual([]);
    expect(result.ignored).toEqual([{ login: reviews[0]?.user, why }]);
  });

  it.each([
    { name: "an approval later dismissed", reviews: [review("alice", "APPROVED"), review("alice", "DISMISSED")] },
    { name: "only comments", reviews: [review("alice", "COMMENTED"), review("carol", "COMMENTED")] },
    { name: "no review at all", reviews: [] },
  ])("waits after $name", ({ reviews }) => {
    const result = evaluate(reviews);
    expect(result.status).toBe("pending");
    expect(result.missing).toEqual([GCP_NEED]);
    expect(result.ignored).toEqual([]);
  });

  it("blocks when a code owner's latest review requests changes, even on an older head and with another owner's approval", () => {
    const result = evaluate([review("carol", "APPROVED"), review("dave", "CHANGES_REQUESTED", OLD)]);
    expect(result.status).toBe("blocked");
    expect(result.blockers).toEqual([{ login: "dave", why: "requested changes as a code owner of requests/gcp/prod/db.yaml" }]);
    expect(result.summary).toBe("Blocked: @dave requested changes; the pull request needs their approval or a dismissal of that review.");
    expect(result.counted).toEqual(["carol"]);
  });

  it("stops blocking once the request for changes is dismissed", () => {
    const result = evaluate([review("carol", "APPROVED"), review("dave", "CHANGES_REQUESTED"), review("dave", "DISMISSED")]);
    expect(result.status).toBe("approved");
  });

  it("does not let a bystander's request for changes block", () => {
    const result = evaluate([review("carol", "APPROVED"), review("mallory", "CHANGES_REQUESTED")]);
    expect(result.status).toBe("approved");
    expect(result.ignored).toEqual([
      { login: "mallory", why: "requested changes, but is neither a code owner of the changed files nor an approver of a matched rule" },
    ]);
  });

  it("needs an owner for the previous path of a rename too", () => {
    const renamed: ChangedFile = { path: "requests/gcp/prod/db.yaml", previousPath: "requests/azure/db.yaml", status: "renamed" };
    const result = evaluate([review("carol", "APPROVED")], [renamed]);
    expect(result.status).toBe("pending");
    expect(result.missing).toEqual([{ path: "requests/azure/db.yaml", need: "an approval from @bob (CODEOWNERS line 3)", candidates: ["@bob"] }]);
    expect(evaluate([review("carol", "APPROVED"), review("bob", "APPROVED")], [renamed]).status).toBe("approved");
  });

  it("reports an email owner, which the app can never satisfy", () => {
    const file: ChangedFile = { path: "requests/vendor/acme.yaml", status: "added" };
    const result = evaluate([review("alice", "APPROVED"), review("erin", "APPROVED")], [file]);
    expect(result.status).toBe("pending");
    expect(result.missing).toEqual([
      {
        path: "requests/vendor/acme.yaml",
        need: "an approval from a code owner, but no owner on CODEOWNERS line 4 can approve this pull request (vendor-security@example.com); vendor-security@example.com is an email owner, which access-pr cannot match to a GitHub account; name a @user or @org/team who did not author or push to it",
        candidates: [],
      },
    ]);
  });

  it("reports a path whose only owner is the author", () => {
    const result = evaluate([], [{ path: "requests/solo/x.yaml", status: "added" }]);
    expect(result.missing).toEqual([
      {
        path: "requests/solo/x.yaml",
        need: "an approval from a code owner, but no owner on CODEOWNERS line 6 can approve this pull request (@rita); name a @user or @org/team who did not author or push to it",
        candidates: [],
      },
    ]);
  });

  it.each([
    { name: "an unowned file and no rule approvers", codeowners: CODEOWNERS, files: [{ path: "requests/sandbox/play.yaml", status: "added" as const }] },
    { name: "no CODEOWNERS on the base branch", codeowners: null, files: undefined },
  ])("still needs a person's approval with $name, and nobody can give it", ({ codeowners, files }) => {
    const result = evaluateApproval({ pull: pullWith([review("erin", "APPROVED"), review("rita", "APPROVED")], files), codeowners, quorums: [], teams: TEAMS });
    expect(result).toMatchObject({
      status: "pending",
      summary: "Waiting for approval: nobody is named who could approve it (no CODEOWNERS line and no rule approvers).",
      missing: [NOBODY_NAMED],
      counted: [],
    });
  });

  it("needs no approval for a change that can grant nothing", () => {
    const result = evaluateApproval({ pull: pullWith([], [{ path: "requests/sandbox/old.yaml", status: "removed" }]), codeowners: null, quorums: [], teams: {}, requireHuman: false });
    expect(result).toMatchObject({ status: "approved", summary: "Approved: this change grants nothing, and no changed file has a code owner.", missing: [] });
  });
});

describe("bots and apps", () => {
  it.each(["github-actions[bot]", "other-app[bot]"])("an approval by %s never counts, even as an owner's team member", (login) => {
    const teams = { ...TEAMS, "acme/sre": [...TEAMS["acme/sre"], login] };
    const result = evaluateApproval({ pull: pullWith([{ ...review(login, "APPROVED"), bot: true }]), codeowners: CODEOWNERS, quorums: [], teams });
    expect(result).toMatchObject({ status: "pending", counted: [], ignored: [{ login, why: "is a bot or app account; only a person's approval counts" }] });
  });
});

describe("logins are case-insensitive", () => {
  it.each([
    { name: "a CODEOWNERS @user owner approving with another case", owners: "/requests/ @Alice", reviewer: "alice", author: "rita", status: "approved" },
    { name: "the author approving with another case", owners: "/requests/ @Rita", reviewer: "RITA", author: "rita", status: "pending" },
    { name: "a pusher approving with another case", owners: "/requests/ @pete", reviewer: "Pete", author: "rita", status: "pending" },
  ])("$name", ({ owners, reviewer, author, status }) => {
    const pull = { ...pullWith([review(reviewer, "APPROVED")]), author };
    expect(evaluateApproval({ pull, codeowners: parseCodeowners(owners), quorums: [], teams: {} }).status).toBe(status);
  });

  it("a rule approver listed as Bob counts when bob approves", () => {
    const result = evaluateApproval({ pull: pullWith([review("bob", "APPROVED")], [{ path: "requests/sandbox/x.yaml", status: "added" }]), codeowners: CODEOWNERS, quorums: [{ rule: "r", users: ["Bob"], teams: [], min: 1 }], teams: {} });
    expect(result).toMatchObject({ status: "approved", counted: ["bob"] });
  });
});
