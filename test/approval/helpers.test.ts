import { describe, expect, it } from "vitest";
import { evaluateApproval } from "../../src/approval/evaluate-approval.js";
import { reviewersToRequest } from "../../src/approval/reviewers-to-request.js";
import { teamsToResolve } from "../../src/approval/teams-to-resolve.js";
import { CODEOWNERS, GCP_FILE, TEAMS, pullWith, review } from "./fixtures.js";

describe("teamsToResolve", () => {
  it("lists owning teams of touched paths and the rules' teams, once each", () => {
    const files = [GCP_FILE, { path: "README.md", status: "modified" as const, previousPath: "requests/gcp/old.yaml" }];
    const quorums = [{ rule: "r", users: [], teams: ["ACME/SRE", "acme/security"], min: 1 }];
    expect(teamsToResolve({ changedFiles: files }, CODEOWNERS, quorums)).toEqual(["acme/sre", "acme/platform", "acme/security"]);
  });

  it("needs nothing for unowned paths without rules", () => {
    expect(teamsToResolve({ changedFiles: [{ path: "requests/sandbox/a.yaml", status: "added" }] }, CODEOWNERS, [])).toEqual([]);
    expect(teamsToResolve({ changedFiles: [GCP_FILE] }, null, [])).toEqual([]);
  });
});

describe("reviewersToRequest", () => {
  it("asks the candidates of what is missing, leaving out people whose approval already counted", () => {
    const quorums = [{ rule: "two", users: ["carol", "frank", "rita"], teams: ["acme/sre"], min: 2 }];
    const result = evaluateApproval({ pull: pullWith([review("carol", "APPROVED")]), codeowners: CODEOWNERS, quorums, teams: TEAMS });
    expect(result.counted).toEqual(["carol"]);
    expect(reviewersToRequest(result)).toEqual({ users: ["frank"], teams: ["acme/sre"] });
  });

  it("asks the owners when nobody approved yet, never the author", () => {
    const result = evaluateApproval({ pull: pullWith([], [GCP_FILE, { path: "requests/solo/x.yaml", status: "added" }]), codeowners: CODEOWNERS, quorums: [], teams: TEAMS });
    expect(reviewersToRequest(result)).toEqual({ users: ["alice"], teams: ["acme/sre"] });
  });
});
