import { describe, expect, it } from "vitest";
import { evaluateApproval } from "../../src/approval/evaluate-approval.js";
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

  it("needs no code owner for an unowned file", () => {
    const result = evaluate([], [{ path: "requests/sandbox/play.yaml", status: "added" }]);
    expect(result).toMatchObject({ status: "approved", summary: "Approved: no changed file has a code owner and no rule requires approvers.", missing: [] });
  });

  it("needs no code owner when the base branch has no CODEOWNERS", () => {
    const result = evaluateApproval({ pull: pullWith([]), codeowners: null, quorums: [], teams: {} });
    expect(result.status).toBe("approved");
  });
});
