import { describe, expect, it } from "vitest";
import { evaluateApproval } from "../../src/approval/evaluate-approval.js";
import type { Quorum } from "../../src/approval/types.js";
import type { ReviewView } from "../../src/core/pull.js";
import { CODEOWNERS, TEAMS, pullWith, review } from "./fixtures.js";

const SANDBOX = [{ path: "requests/sandbox/play.yaml", status: "added" as const }];
const TWO_OF_SRE: Quorum = { rule: "payments-prod-db", users: ["carol", "frank", "rita"], teams: ["acme/sre"], min: 2 };

function evaluate(reviews: ReviewView[], quorums: Quorum[] = [TWO_OF_SRE]) {
  return evaluateApproval({ pull: pullWith(reviews, SANDBOX), codeowners: CODEOWNERS, quorums, teams: TEAMS });
}

describe("rule quorum", () => {
  it.each([
    { name: "a person listed both as a user and as a team member counts once", reviews: [review("carol", "APPROVED")], have: 1 },
    { name: "the author and a contributor never count, even when listed", reviews: [review("rita", "APPROVED"), review("pete", "APPROVED")], have: 0 },
    { name: "a stale approval does not count", reviews: [review("dave", "APPROVED", "0000000000"), review("frank", "APPROVED")], have: 1 },
  ])("is not met: $name", ({ reviews, have }) => {
    const result = evaluate(reviews);
    const more = 2 - have;
    expect(result.status).toBe("pending");
    expect(result.summary).toBe("Waiting for approval: 1 rule needs more approvers.");
    expect(result.missing).toEqual([
      {
        rule: "payments-prod-db",
        need: `${more} more ${more === 1 ? "approval" : "approvals"} from @carol, @frank and @acme/sre (rule 'payments-prod-db' needs 2 distinct people, has ${have})`,
        candidates: ["@carol", "@frank", "@acme/sre"],
      },
    ]);
  });

  it.each([
    { name: "a listed user and a team member", reviews: [review("frank", "APPROVED"), review("dave", "APPROVED")], counted: ["frank", "dave"] },
    { name: "two team members", reviews: [review("carol", "APPROVED"), review("dave", "APPROVED")], counted: ["carol", "dave"] },
  ])("is met by distinct people: $name", ({ reviews, counted }) => {
    const result = evaluate(reviews);
    expect(result.status).toBe("approved");
    expect(result.counted).toEqual(counted);
  });

  it("applies to unowned files too, and each rule separately", () => {
    const second: Quorum = { rule: "security-review", users: ["sam"], teams: [], min: 1 };
    const result = evaluate([review("carol", "APPROVED"), review("dave", "APPROVED")], [TWO_OF_SRE, second]);
    expect(result.missing).toEqual([
      { rule: "security-review", need: "1 more approval from @sam (rule 'security-review' needs 1 distinct person, has 0)", candidates: ["@sam"] },
    ]);
  });

  it("combines file and rule needs in the summary", () => {
    const result = evaluateApproval({ pull: pullWith([]), codeowners: CODEOWNERS, quorums: [TWO_OF_SRE], teams: TEAMS });
    expect(result.summary).toBe("Waiting for approval: 1 file needs a code owner's approval and 1 rule needs more approvers.");
  });

  it("blocks when a rule approver requests changes", () => {
    const result = evaluate([review("carol", "APPROVED"), review("frank", "CHANGES_REQUESTED")]);
    expect(result.status).toBe("blocked");
    expect(result.blockers).toEqual([{ login: "frank", why: "requested changes as an approver for rule 'payments-prod-db'" }]);
  });
});
