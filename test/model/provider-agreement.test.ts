// A green check means the provider will accept the grant: the cases where the model and the providers
// used to disagree, each now refused at validation (at file:line) or accepted by both.
import { describe, expect, it } from "vitest";
import { toGrantSpec } from "../../src/model/grant-spec.js";
import { formatProblem } from "../../src/model/problem.js";
import { validateAzureGrant } from "../../src/providers/azure/index.js";
import { validateGcpGrant } from "../../src/providers/gcp/index.js";
import { NOW, SUB, decide, policyWith, requestFor } from "./scope-policy.js";
import type { RuleShape } from "./scope-policy.js";

const ORIGIN = { repo: "acme/access", requestPath: "requests/scope-test.yaml", requester: "alice", approvers: ["bob"], reason: "INC-1" };

/** What the PR flow says, and what the provider says about the same grants. */
function bothSay(rule: RuleShape, provider: "gcp" | "azure", scope: string, role: string, extra: string[] = []): { validation: string[]; provider: string[] } {
  const loaded = policyWith(rule);
  if (loaded.problems.length > 0) return { validation: loaded.problems.map(formatProblem), provider: [] };
  const result = decide(loaded, requestFor(provider, scope, role, extra));
  if (result.status === "unparsed") return { validation: result.problems, provider: [] };
  if (result.status === "refused") return { validation: result.problems.map(formatProblem), provider: [] };
  const specs = result.grants.map((g) => toGrantSpec(g, ORIGIN));
  const said = specs.flatMap((spec) => (spec.provider === "gcp" ? validateGcpGrant(spec, NOW) : validateAzureGrant(spec)).map((p) => p.message));
  return { validation: [], provider: said };
}

describe("the PR flow and the providers give one answer", () => {
  it("a GCP rule longer than GCP grants at once is refused at its max_duration line", () => {
    expect(bothSay({ provider: "gcp", scopes: ["projects/payments-prod"], maxDuration: "40d" }, "gcp", "projects/payments-prod", "roles/cloudsql.client", ["duration: 40d"])).toEqual({
      validation: ['access-policies/rules.yaml:9:19: rule "under-test": max_duration 40d is longer than access-pr grants on gcp at once (31 days); write 31d or less'],
      provider: [],
    });
  });

  it.each(["owner", "OWNER", "Role Based Access Control Administrator", "role based access control administrator", "User Access Administrator"])(
    "Azure %s under a rule that names it: allowed, and the provider agrees",
    (role) => {
      expect(bothSay({ provider: "azure", scopes: [`/subscriptions/${SUB}`], roles: [role] }, "azure", `/subscriptions/${SUB}`, role)).toEqual({ validation: [], provider: [] });
    },
  );

  it("a management group scope is a request scope as it is a provider scope", () => {
    const mg = "/providers/Microsoft.Management/managementGroups/payments";
    expect(bothSay({ provider: "azure", scopes: [mg] }, "azure", mg, "Reader")).toEqual({ validation: [], provider: [] });
  });

  it("a PIM window shorter than Azure accepts is refused at the duration line", () => {
    expect(bothSay({ provider: "azure", scopes: [`/subscriptions/${SUB}`] }, "azure", `/subscriptions/${SUB}`, "Reader", ["duration: 2m"]).validation).toEqual([
      `requests/scope-test.yaml:2:11: grant 1 (azure Reader on /subscriptions/${SUB}): the window lasts 2 minutes; Azure PIM refuses active assignments shorter than 5 minutes (ActiveDurationTooShort): ask for at least 5m`,
    ]);
    expect(bothSay({ provider: "azure", scopes: [`/subscriptions/${SUB}`], azureMode: "assignment" }, "azure", `/subscriptions/${SUB}`, "Reader", ["duration: 2m"])).toEqual({ validation: [], provider: [] });
  });

  it("a GCP basic role is refused at the rule's roles line, whatever the rule says", () => {
    expect(bothSay({ provider: "gcp", scopes: ["projects/payments-prod"], roles: ["roles/editor"] }, "gcp", "projects/payments-prod", "roles/editor").validation).toEqual([
      'access-policies/rules.yaml:7:13: rule "under-test": roles/editor is a basic role: access-pr never grants basic roles (and IAM allows no expiry condition on them); request a predefined or custom role that covers the task (e.g. roles/cloudsql.client)',
    ]);
  });

  it("a GCP role name the provider would refuse is refused at the grant's role line", () => {
    expect(bothSay({ provider: "gcp", scopes: ["projects/payments-prod"], roles: ["cloudsql.client"] }, "gcp", "projects/payments-prod", "cloudsql.client").validation).toEqual([
      'requests/scope-test.yaml:5:11: grant 1 (gcp cloudsql.client on projects/payments-prod): role "cloudsql.client" is not a GCP role name: write roles/NAME, projects/ID/roles/NAME or organizations/N/roles/NAME',
    ]);
  });
});
