// When who pushed the head cannot be established, no approval counts, even where nobody is required to approve.
import { describe, expect, it } from "vitest";
import { evaluateApproval } from "../../src/approval/evaluate-approval.js";
import { CODEOWNERS, TEAMS, pullWith, review } from "./fixtures.js";

const unknown = { known: false as const, why: "the pull request comes from the fork rita/access", fix: "push the branch to acme/access" };

describe("approval when the pushers are unknown", () => {
  it("ignores a code owner's approval of the head and says why and what to do", () => {
    const pull = { ...pullWith([review("carol", "APPROVED")]), pushers: unknown };
    const result = evaluateApproval({ pull, codeowners: CODEOWNERS, quorums: [], teams: TEAMS });
    expect(result).toMatchObject({
      status: "pending",
      counted: [],
      summary: "No approval can count: the pull request comes from the fork rita/access. To fix: push the branch to acme/access.",
      ignored: [{ login: "carol", why: "approved, but the pull request comes from the fork rita/access, so no approval of this head can count" }],
    });
  });

  it("is not approved for a path without owners and no rule, whether or not the pushers are known (a person must approve)", () => {
    const pull = { ...pullWith([], [{ path: "requests/sandbox/x.yaml", status: "added" }]), pushers: unknown };
    expect(evaluateApproval({ pull, codeowners: CODEOWNERS, quorums: [], teams: TEAMS }).status).toBe("pending");
    expect(evaluateApproval({ pull: { ...pull, pushers: { known: true, pushers: ["rita"] } }, codeowners: CODEOWNERS, quorums: [], teams: TEAMS }).status).toBe("pending");
  });

  it("still lets an owner's requested changes block", () => {
    const pull = { ...pullWith([review("carol", "CHANGES_REQUESTED")]), pushers: unknown };
    expect(evaluateApproval({ pull, codeowners: CODEOWNERS, quorums: [], teams: TEAMS }).status).toBe("blocked");
  });
});
