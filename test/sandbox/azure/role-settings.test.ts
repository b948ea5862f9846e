// Contract tests through @azure/arm-authorization for what PIM role settings and Entra replication do to a request.
// Shapes: 2020-10-01 examples GetRoleManagementPolicyByName.json and GetRoleManagementPolicyAssignmentByScope.json
// (Azure/azure-rest-api-specs). Refusals: Microsoft Learn, "privileged role common errors" (the failed rule names
// in `The following policy rules failed: [...]`) and "Troubleshoot Azure RBAC" (PrincipalNotFound after creating a
// principal; a role assignment that states its principalType skips the lookup, as the error message says).
import { AuthorizationManagementClient } from "@azure/arm-authorization";
import type { RoleManagementPolicyRuleUnion } from "@azure/arm-authorization";
import type { RestError } from "@azure/core-rest-pipeline";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { startAzureEmulator } from "../../../src/sandbox/azure/index.js";
import type { AzureEmulator } from "../../../src/sandbox/azure/index.js";

const SUB = "5f0c2b6e-8d1a-4f3e-9c77-2a1b3c4d5e6f";
const ALICE = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";
const NEW_SP = "9b2e4c1a-5d6f-4a8b-9c0d-1e2f3a4b5c6d";
const READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
const HOUR = 3_600_000;
const RG = `/subscriptions/${SUB}/resourceGroups/payments`;
const READER_ID = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${READER}`;
const NAMES = ["11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222", "33333333-3333-4333-8333-333333333333"] as const;

let clock: ManualClock;
let azure: AzureEmulator;
let client: AuthorizationManagementClient;

beforeEach(async () => {
  clock = new ManualClock("2026-11-24T08:00:00Z");
  azure = await startAzureEmulator({ clock, provisioningDelayMs: 0 });
  azure.createSubscription(SUB);
  azure.createResourceGroup(SUB, "payments");
  client = new AuthorizationManagementClient(azure.credential, SUB, { endpoint: azure.url, tlsOptions: { ca: azure.ca }, retryOptions: { maxRetries: 0 } });
});

afterEach(async () => azure.close());

async function failure(promise: Promise<unknown>): Promise<{ status?: number; code?: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as RestError;
    return { status: e.statusCode, code: e.code, message: e.message };
  }
  throw new Error("expected a failure");
}

function assign(options: { name?: string; principalId?: string; hours?: number; justification?: string; ticket?: string } = {}) {
  return client.roleAssignmentScheduleRequests.create(RG.slice(1), options.name ?? NAMES[0], {
    roleDefinitionId: READER_ID,
    principalId: options.principalId ?? ALICE,
    requestType: "AdminAssign",
    scheduleInfo: { startDateTime: clock.now(), expiration: { type: "AfterDateTime", endDateTime: new Date(clock.now().getTime() + (options.hours ?? 2) * HOUR) } },
    ...(options.justification === undefined ? {} : { justification: options.justification }),
    ...(options.ticket === undefined ? {} : { ticketInfo: { ticketNumber: options.ticket, ticketSystem: "access-pr" } }),
  });
}

const rule = (rules: RoleManagementPolicyRuleUnion[] | undefined, id: string) => rules?.find((r) => r.id === id) as Record<string, unknown> | undefined;

describe("role management policies (read through the SDK)", () => {
  it("lists one policy assignment per role at the scope, with the role's settings as effective rules", async () => {
    azure.setRoleSettings(RG, "Reader", { maxActiveMs: 4 * HOUR, requireJustification: true, requireTicket: true, requireMfa: true });
    const listed = [];
    for await (const a of client.roleManagementPolicyAssignments.listForScope(RG.slice(1))) listed.push(a);
    const reader = listed.find((a) => a.roleDefinitionId?.endsWith(READER));
    expect(rule(reader?.effectiveRules, "Expiration_Admin_Assignment")).toMatchObject({ ruleType: "RoleManagementPolicyExpirationRule", maximumDuration: "PT4H", target: { caller: "Admin", level: "Assignment" } });
    expect(rule(reader?.effectiveRules, "Enablement_Admin_Assignment")).toMatchObject({ enabledRules: ["MultiFactorAuthentication", "Justification", "Ticketing"] });
    // Another role on the same scope keeps the defaults: settings are per role.
    const contributor = listed.find((a) => a.policyAssignmentProperties?.roleDefinition?.displayName === "Contributor");
    expect(rule(contributor?.effectiveRules, "Expiration_Admin_Assignment")).toMatchObject({ maximumDuration: "P180D" });
    expect(rule(contributor?.effectiveRules, "Enablement_Admin_Assignment")).toMatchObject({ enabledRules: [] });

    const policyName = reader?.policyId?.split("/").pop() ?? "";
    const policy = await client.roleManagementPolicies.get(RG.slice(1), policyName);
    expect([policy.scope, rule(policy.effectiveRules, "Expiration_Admin_Assignment")?.maximumDuration]).toEqual([RG, "PT4H"]);
    expect(await failure(client.roleManagementPolicies.get(RG.slice(1), "00000000-0000-4000-8000-000000000000"))).toMatchObject({ status: 404, code: "RoleManagementPolicyNotFound" });
  });

  it("keeps settings per resource: the subscription's Reader is not the resource group's", async () => {
    azure.setRoleSettings(RG, "Reader", { maxActiveMs: HOUR });
    const sub = [];
    for await (const a of client.roleManagementPolicyAssignments.listForScope(`subscriptions/${SUB}`)) sub.push(a);
    expect(rule(sub.find((a) => a.roleDefinitionId?.endsWith(READER))?.effectiveRules, "Expiration_Admin_Assignment")).toMatchObject({ maximumDuration: "P180D" });
  });
});

describe("role settings enforced on AdminAssign", () => {
  it.each([
    ["a window over the maximum", { maxActiveMs: 4 * HOUR }, { hours: 8, justification: "j", ticket: "INC-1" }, ["ExpirationRule"]],
    ["no justification where one is required", { requireJustification: true }, { ticket: "INC-1" }, ["JustificationRule"]],
    ["a blank justification where one is required", { requireJustification: true }, { justification: "  " }, ["JustificationRule"]],
    ["no ticket where one is required", { requireTicket: true }, { justification: "j" }, ["TicketingRule"]],
    ["a service principal's request where MFA is required", { requireMfa: true }, { justification: "j", ticket: "INC-1" }, ["MfaRule"]],
    ["several rules at once, all named", { maxActiveMs: HOUR, requireTicket: true, requireMfa: true }, { hours: 2, justification: "j" }, ["ExpirationRule", "TicketingRule", "MfaRule"]],
  ])("refuses %s", async (_what, settings, request, failed) => {
    azure.setRoleSettings(RG, "Reader", settings);
    expect(await failure(assign(request))).toEqual({ status: 400, code: "RoleAssignmentRequestPolicyValidationFailed", message: `The following policy rules failed: ${JSON.stringify(failed)}` });
    expect(azure.holds(RG, ALICE, "Reader")).toBe(false);
  });

  it("accepts a request that meets every setting, and records its justification and ticket", async () => {
    azure.setRoleSettings(RG, "Reader", { maxActiveMs: 4 * HOUR, requireJustification: true, requireTicket: true });
    const made = await assign({ hours: 4, justification: "access-pr:k PR #12", ticket: "INC-4711" });
    expect([made.status, made.justification, made.ticketInfo?.ticketNumber]).toEqual(["Provisioned", "access-pr:k PR #12", "INC-4711"]);
    expect(azure.holds(RG, ALICE, "Reader")).toBe(true);
  });
});

describe("a principal Entra ID has not replicated yet", () => {
  beforeEach(() => {
    azure.setPrincipalReplicationDelay(60_000);
    azure.createPrincipal(NEW_SP);
  });

  it("is PrincipalNotFound to PIM until replicated, then assignable", async () => {
    const refused = await failure(assign({ principalId: NEW_SP }));
    expect([refused.status, refused.code]).toEqual([400, "PrincipalNotFound"]);
    expect(refused.message).toMatch(/^Principal 9b2e4c1a5d6f4a8b9c0d1e2f3a4b5c6d does not exist in the directory [0-9a-f-]{36}\. .*replication delay/);
    clock.advance(60_000);
    expect((await assign({ principalId: NEW_SP, name: NAMES[1] })).status).toBe("Provisioned");
  });

  it("is PrincipalNotFound to a plain role assignment unless it states its principalType, which skips the lookup", async () => {
    const put = (name: string, principalType?: "ServicePrincipal") => client.roleAssignments.create(RG.slice(1), name, { roleDefinitionId: READER_ID, principalId: NEW_SP, ...(principalType ? { principalType } : {}) });
    expect(await failure(put(NAMES[0]))).toMatchObject({ status: 400, code: "PrincipalNotFound" });
    expect((await put(NAMES[1], "ServicePrincipal")).principalId).toBe(NEW_SP);
  });

  it("stays PrincipalNotFound for good once deleted", async () => {
    clock.advance(60_000);
    azure.deletePrincipal(NEW_SP);
    clock.advance(24 * HOUR);
    expect(await failure(assign({ principalId: NEW_SP }))).toMatchObject({ status: 400, code: "PrincipalNotFound" });
  });
});
