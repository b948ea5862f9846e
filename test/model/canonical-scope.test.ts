import { describe, expect, it } from "vitest";
import { formatProblem } from "../../src/model/problem.js";
import { SUB, decide, policyWith, requestFor } from "./scope-policy.js";

const RG = `/subscriptions/${SUB}/resourceGroups`;

function outcome(rule: Parameters<typeof policyWith>[0], provider: "gcp" | "azure", scope: string, role: string): string {
  const loaded = policyWith(rule);
  if (loaded.problems.length > 0) return `policy: ${loaded.problems.map(formatProblem).join("; ")}`;
  const result = decide(loaded, requestFor(provider, scope, role));
  if (result.status === "allowed") return `allowed ${result.grants.map((g) => g.scope).join(", ")}`;
  return result.status === "unparsed" ? result.problems.join("; ") : result.problems.map((p) => `${p.line}:${p.column}: ${p.message}`).join("; ");
}

describe("a request scope ARM would read as another scope is refused at its line", () => {
  const dots = 'has a "." or ".." segment, which Azure resolves to another scope than the one written; write the scope you mean in full';
  it.each([
    [`${RG}/payments/**`, `${RG}/payments/providers/../../..`, `4:12: azure scope "${RG}/payments/providers/../../.." ${dots}`],
    [`${RG}/payments/**`, `${RG}/payments/providers/../../../resourceGroups/secrets`, `4:12: azure scope "${RG}/payments/providers/../../../resourceGroups/secrets" ${dots}`],
    [`${RG}/*`, `${RG}/..`, `4:12: azure scope "${RG}/.." ${dots}`],
    [`${RG}/*`, `${RG}/.`, `4:12: azure scope "${RG}/." ${dots}`],
    [`${RG}/*`, `${RG}/payments/`, `4:12: azure scope "${RG}/payments/" ends with "/": remove the trailing slash`],
    [`${RG}/**`, `${RG}//payments`, `4:12: azure scope "${RG}//payments" has an empty segment ("//"); write each segment once`],
    [`${RG}/*`, `${RG}/%2e%2e`, `4:12: azure scope "${RG}/%2e%2e" contains "%": write resource names plainly, without percent-encoding`],
    [`${RG}/**`, `${RG}/payments\\..\\..`, `4:12: azure scope "${RG}/payments\\\\..\\\\.." contains a backslash: Azure scopes are separated by "/"`],
    [`${RG}/*`, `${RG}/payments?x=/`, `4:12: azure scope "${RG}/payments?x=/" contains "?", which would cut the scope short in the request URL; remove it`],
    [`${RG}/*`, `${RG}/payments#x`, `4:12: azure scope "${RG}/payments#x" contains "#", which would cut the scope short in the request URL; remove it`],
    [`${RG}/*`, `${RG}/pay\tments`, `4:12: azure scope "${RG}/pay\\tments" contains whitespace or a control character; remove it`],
    [`${RG}/*`, `${RG}/payments.`, `4:12: azure scope "${RG}/payments." is not an Azure scope: write /subscriptions/<subscription id>, /subscriptions/<id>/resourceGroups/<name>, a resource id under a resource group, or /providers/Microsoft.Management/managementGroups/<name>`],
  ])("under %s: %s", (glob, scope, expected) => {
    expect(outcome({ provider: "azure", scopes: [glob] }, "azure", scope, "Reader")).toBe(expected);
  });

  it("matches Azure scopes case-insensitively, as ARM compares them", () => {
    expect(outcome({ provider: "azure", scopes: [`${RG}/Payments/**`] }, "azure", `/SUBSCRIPTIONS/${SUB}/resourcegroups/payments/providers/Microsoft.Sql/servers/db1`, "Reader")).toBe(
      `allowed /SUBSCRIPTIONS/${SUB}/resourcegroups/payments/providers/Microsoft.Sql/servers/db1`,
    );
  });

  it("compares GCP names exactly: project ids are lower-case, so an upper-case spelling is no project", () => {
    expect(outcome({ provider: "gcp", scopes: ["projects/payments-prod"] }, "gcp", "projects/Payments-prod", "roles/cloudsql.client")).toBe(
      '4:12: gcp scope "projects/Payments-prod" is not a GCP resource: write projects/PROJECT_ID (the id, not the number or name), folders/NUMBER or organizations/NUMBER',
    );
  });
});

describe("a policy scope glob that could admit another scope, or could not be listed, is refused at its line", () => {
  it.each([
    [`${RG}/payments/..`, `azure scope glob "${RG}/payments/.." has a "." or ".." segment, which Azure resolves to another scope than the one written; write the scope you mean in full`],
    [`${RG}/payments/`, `azure scope glob "${RG}/payments/" ends with "/": remove the trailing slash`],
    [`${RG}/%2A`, `azure scope glob "${RG}/%2A" contains "%": write resource names plainly, without percent-encoding`],
    [`${RG}\\payments`, `azure scope glob "${RG}\\\\payments" contains a backslash: Azure scopes are separated by "/"`],
    ["/subscriptions/*/resourceGroups/payments", 'azure scope glob "/subscriptions/*/resourceGroups/payments" must name its subscription (or management group) without wildcards, e.g. /subscriptions/<id>/resourceGroups/payments-*: access-pr lists role assignments under it to revoke whatever the rule let it grant'],
    ["/**", 'azure scope glob "/**" must name its subscription (or management group) without wildcards, e.g. /subscriptions/<id>/resourceGroups/payments-*: access-pr lists role assignments under it to revoke whatever the rule let it grant'],
  ])("azure %s", (glob, message) => {
    expect(outcome({ provider: "azure", scopes: [glob] }, "azure", `${RG}/payments`, "Reader")).toBe(`policy: access-policies/rules.yaml:6:14: rule "under-test": ${message}`);
  });

  it.each([
    ["folders/*", 'gcp scope "folders/*" has a wildcard: name each project, folder or organization (e.g. projects/payments-prod); access-pr reads IAM policies resource by resource, so it could not find and revoke what a wildcard let it grant'],
    ["projects/payments-*", 'gcp scope "projects/payments-*" has a wildcard: name each project, folder or organization (e.g. projects/payments-prod); access-pr reads IAM policies resource by resource, so it could not find and revoke what a wildcard let it grant'],
    ["projects/payments-prod/..", 'gcp scope "projects/payments-prod/.." is not a GCP resource: write projects/PROJECT_ID (the id, not the number or name), folders/NUMBER or organizations/NUMBER'],
  ])("gcp %s", (glob, message) => {
    expect(outcome({ provider: "gcp", scopes: [glob] }, "gcp", "projects/payments-prod", "roles/cloudsql.client")).toBe(`policy: access-policies/rules.yaml:6:14: rule "under-test": ${message}`);
  });
});
