import { describe, expect, it } from "vitest";
import type { GrantSpec } from "../../../src/core/grant.js";
import { deterministicGuid, sdkScope, validateAzureGrant } from "../../../src/providers/azure/index.js";

const SUB = "5f0c2b6e-8d1a-4f3e-9c77-2a1b3c4d5e6f";

function spec(overrides: Partial<GrantSpec> = {}): GrantSpec {
  return {
    provider: "azure",
    scope: `/subscriptions/${SUB}/resourceGroups/payments`,
    role: "Reader",
    principal: "3f2504e0-4f89-41d3-9a0c-0305e82c3301",
    window: { start: new Date("2026-11-24T08:00:00Z"), end: new Date("2026-11-24T10:00:00Z") },
    key: "requests/azure/alice.yaml#0",
    origin: { repo: "acme/access", requestPath: "requests/azure/alice.yaml", requester: "alice", approvers: [], reason: "INC-1" },
    ...overrides,
  };
}

describe("validateAzureGrant", () => {
  it.each([
    ["/providers/Microsoft.Management/managementGroups/platform"],
    [`/subscriptions/${SUB}`],
    [`/subscriptions/${SUB}/resourceGroups/payments`],
    [`/subscriptions/${SUB}/resourceGroups/payments/providers/Microsoft.Storage/storageAccounts/exports`],
    [`/subscriptions/${SUB}/resourceGroups/payments/providers/Microsoft.Sql/servers/db1/databases/ledger`],
  ])("accepts the scope %s", (scope) => {
    expect(validateAzureGrant(spec({ scope }))).toEqual([]);
  });

  it.each([
    [`//subscriptions/${SUB}`, `scope "//subscriptions/${SUB}" starts with "//": write it with a single leading "/"`],
    [`subscriptions/${SUB}`, `scope "subscriptions/${SUB}" must start with "/", e.g. /subscriptions/<subscription id>`],
    ["/subscriptions/payments-prod", 'scope "/subscriptions/payments-prod" is not an Azure scope: write /subscriptions/<subscription id>, /subscriptions/<id>/resourceGroups/<name>, a resource id under a resource group, or /providers/Microsoft.Management/managementGroups/<name>'],
    ["/", 'scope "/" is not an Azure scope: write /subscriptions/<subscription id>, /subscriptions/<id>/resourceGroups/<name>, a resource id under a resource group, or /providers/Microsoft.Management/managementGroups/<name>'],
  ])("refuses the scope %s", (scope, message) => {
    expect(validateAzureGrant(spec({ scope }))).toEqual([{ field: "scope", message }]);
  });

  it.each(["Owner", "user access administrator", "Role Based Access Control Administrator"])("refuses %s unless a rule names it", (role) => {
    expect(validateAzureGrant(spec({ role }))).toEqual([{ field: "role", message: `role "${role}" can change who has access: access-pr grants it only when the matching rule names it explicitly` }]);
    expect(validateAzureGrant(spec({ role, privilegedRoleAllowed: true }))).toEqual([]);
  });

  it("refuses a principal that is not an object id, and a backwards window", () => {
    expect(validateAzureGrant(spec({ principal: "alice@example.com", window: { start: new Date("2026-11-24T10:00:00Z"), end: new Date("2026-11-24T08:00:00Z") } }))).toEqual([
      { field: "principal", message: 'principal "alice@example.com" is not an Entra object id: write the user\'s, group\'s or service principal\'s object id (a GUID such as 3f2504e0-4f89-41d3-9a0c-0305e82c3301) in identities.yaml' },
      { field: "window", message: "the window ends (2026-11-24T08:00:00.000Z) before it starts (2026-11-24T10:00:00.000Z)" },
    ]);
  });
});

describe("helpers", () => {
  it("deterministicGuid is a stable v5-style GUID", () => {
    const a = deterministicGuid("k|2026-11-24T10:00:00.000Z");
    expect(a).toBe(deterministicGuid("k|2026-11-24T10:00:00.000Z"));
    expect(a).not.toBe(deterministicGuid("k|2026-11-24T11:00:00.000Z"));
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("sdkScope drops the leading slash the SDK would double", () => {
    expect(sdkScope(`/subscriptions/${SUB}`)).toBe(`subscriptions/${SUB}`);
  });
});
