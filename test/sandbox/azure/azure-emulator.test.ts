import { AuthorizationManagementClient } from "@azure/arm-authorization";
import type { RestError } from "@azure/core-rest-pipeline";
import { request } from "node:https";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { AZURE_ROUTES, startAzureEmulator } from "../../../src/sandbox/azure/index.js";
import type { AzureEmulator } from "../../../src/sandbox/azure/index.js";

const SUB = "5f0c2b6e-8d1a-4f3e-9c77-2a1b3c4d5e6f";
const ALICE = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";
const BOB = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
const READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
const NAME_1 = "11111111-1111-4111-8111-111111111111";
const NAME_2 = "22222222-2222-4222-8222-222222222222";
const HOUR = 60 * 60 * 1000;

let clock: ManualClock;
let azure: AzureEmulator;
let client: AuthorizationManagementClient;
let rg: string;
let readerId: string;

beforeEach(async () => {
  clock = new ManualClock("2026-11-24T08:00:00Z");
  // Provisioning delay and its effects are covered in pim-provisioning.test.ts; here PIM acts at once.
  azure = await startAzureEmulator({ clock, provisioningDelayMs: 0 });
  azure.createManagementGroup("platform");
  azure.createSubscription(SUB, { managementGroup: "platform" });
  rg = azure.createResourceGroup(SUB, "payments");
  client = new AuthorizationManagementClient(azure.credential, SUB, { endpoint: azure.url, tlsOptions: { ca: azure.ca }, retryOptions: { maxRetries: 0 } });
  readerId = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${READER}`;
});

afterEach(async () => {
  await azure.close();
});

const s = (scope: string) => scope.slice(1);

async function failure(promise: Promise<unknown>): Promise<{ status?: number; code?: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as RestError;
    return { status: e.statusCode, code: e.code, message: e.message };
  }
  throw new Error("expected a failure");
}

async function rawGet(path: string): Promise<{ status?: number; body: unknown }> {
  const { token } = (await azure.credential.getToken("x"))!;
  return new Promise((resolve, reject) => {
    const req = request(`${azure.url}${path}`, { ca: azure.ca, headers: { authorization: `Bearer ${token}` } }, (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => (text += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode, body: JSON.parse(text) as unknown }));
    });
    req.on("error", reject);
    req.end();
  });
}

function pimAssign(scope: string, name: string, principalId: string, hours: number) {
  return client.roleAssignmentScheduleRequests.create(s(scope), name, {
    roleDefinitionId: readerId,
    principalId,
    requestType: "AdminAssign",
    scheduleInfo: { startDateTime: clock.now(), expiration: { type: "AfterDateTime", endDateTime: new Date(clock.now().getTime() + hours * HOUR) } },
    justification: "INC-4711",
  });
}

describe("role definitions", () => {
  it.each([
    ["Reader", READER],
    ["Contributor", "b24988ac-6180-42a0-ab88-20f7382dd24c"],
    ["Owner", "8e3af657-a8ff-443c-a75c-2fe8c4bcb635"],
    ["User Access Administrator", "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9"],
    ["Storage Blob Data Reader", "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1"],
    ["Key Vault Secrets User", "4633458b-17de-408a-b874-0445c86b69e6"],
  ])("finds %s by name with its built-in GUID", async (roleName, guid) => {
    const found = [];
    for await (const d of client.roleDefinitions.list(s(rg), { filter: `roleName eq '${roleName}'` })) found.push(d);
    expect(found.map((d) => [d.roleName, d.id])).toEqual([[roleName, `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${guid}`]]);
  });

  it("finds nothing for an unknown name", async () => {
    const found = [];
    for await (const d of client.roleDefinitions.list(s(rg), { filter: "roleName eq 'Readr'" })) found.push(d);
    expect(found).toEqual([]);
  });
});

describe("role assignments", () => {
  it("creates (201), repeats (200), refuses a duplicate under another name (409), deletes (200 then 204)", async () => {
    const statuses: number[] = [];
    const onResponse = (r: { status: number }) => statuses.push(r.status);
    await client.roleAssignments.create(s(rg), NAME_1, { roleDefinitionId: readerId, principalId: ALICE }, { onResponse });
    await client.roleAssignments.create(s(rg), NAME_1, { roleDefinitionId: readerId, principalId: ALICE }, { onResponse });
    expect(statuses).toEqual([201, 200]);
    expect(await failure(client.roleAssignments.create(s(rg), NAME_2, { roleDefinitionId: readerId, principalId: ALICE }))).toEqual({
      status: 409, code: "RoleAssignmentExists", message: "The role assignment already exists.",
    });
    expect(azure.holds(`${rg}/providers/Microsoft.Storage/storageAccounts/exports`, ALICE, "Reader")).toBe(true);
    expect((await client.roleAssignments.get(s(rg), NAME_1)).principalId).toBe(ALICE);
    await client.roleAssignments.delete(s(rg), NAME_1, { onResponse });
    await client.roleAssignments.delete(s(rg), NAME_1, { onResponse });
    expect(statuses).toEqual([201, 200, 200, 204]);
    expect(azure.holds(rg, ALICE, "Reader")).toBe(false);
  });

  it("lists at, above and below a scope; atScope() only at and above; principalId filters", async () => {
    azure.seedAssignment({ scope: `/subscriptions/${SUB}`, principalId: BOB, roleName: "Reader" });
    azure.seedAssignment({ scope: `${rg}/providers/Microsoft.KeyVault/vaults/kv1`, principalId: ALICE, roleName: "Key Vault Secrets User" });
    await client.roleAssignments.create(s(rg), NAME_1, { roleDefinitionId: readerId, principalId: ALICE });
    const list = async (filter?: string) => {
      const out: string[] = [];
      for await (const a of client.roleAssignments.listForScope(s(rg), filter ? { filter } : {})) out.push(`${a.principalId === ALICE ? "alice" : "bob"}@${a.scope}`);
      return out.sort();
    };
    expect(await list()).toEqual([`alice@${rg}`, `alice@${rg}/providers/Microsoft.KeyVault/vaults/kv1`, `bob@/subscriptions/${SUB}`]);
    expect(await list("atScope()")).toEqual([`alice@${rg}`, `bob@/subscriptions/${SUB}`]);
    expect(await list(`principalId eq '${BOB}'`)).toEqual([`bob@/subscriptions/${SUB}`]);
  });

  it.each([
    ["an unknown subscription", "/subscriptions/00000000-0000-4000-8000-000000000000", 404, "SubscriptionNotFound", "The subscription '00000000-0000-4000-8000-000000000000' could not be found."],
    ["an unknown resource group", `/subscriptions/${SUB}/resourceGroups/nope`, 404, "ResourceGroupNotFound", "Resource group 'nope' could not be found."],
    ["an unknown management group", "/providers/Microsoft.Management/managementGroups/nope", 404, "ManagementGroupNotFound", "The management group 'nope' could not be found."],
    ["a scope with a leading '//'", `//subscriptions/${SUB}`, 400, "InvalidRequestUri", `The request URI path '//subscriptions/${SUB}' starts with '//': the scope must be given without its leading '/'.`],
  ])("refuses %s", async (_what, scope, status, code, message) => {
    expect(await failure(client.roleAssignments.create(scope.slice(1), NAME_1, { roleDefinitionId: readerId, principalId: ALICE }))).toEqual({ status, code, message });
  });

  it("refuses an unknown role definition and a non-GUID assignment name", async () => {
    expect(await failure(client.roleAssignments.create(s(rg), NAME_1, { roleDefinitionId: readerId.replace(READER, NAME_2), principalId: ALICE }))).toMatchObject({ status: 400, code: "RoleDefinitionDoesNotExist" });
    expect(await failure(client.roleAssignments.create(s(rg), "not-a-guid", { roleDefinitionId: readerId, principalId: ALICE }))).toMatchObject({ status: 400, code: "InvalidRoleAssignmentId" });
  });

  it("answers 403 AuthorizationFailed on a denied scope and below", async () => {
    azure.denyFor(`/subscriptions/${SUB}`, ["write"]);
    const result = await failure(client.roleAssignments.create(s(rg), NAME_1, { roleDefinitionId: readerId, principalId: ALICE }));
    expect(result).toMatchObject({ status: 403, code: "AuthorizationFailed" });
    expect(result.message).toContain(`does not have authorization to perform action 'Microsoft.Authorization/roleAssignments/write' over scope '${rg}'`);
    expect(azure.roleAssignments()).toEqual([]);
  });

  it.each([
    [429, "TooManyRequests"],
    [503, "InternalServerError"],
  ])("injects %i through the shared faults", async (status, code) => {
    azure.faults.failNext(AZURE_ROUTES.createRoleAssignment, 1, { status });
    expect(await failure(client.roleAssignments.create(s(rg), NAME_1, { roleDefinitionId: readerId, principalId: ALICE }))).toMatchObject({ status, code });
    expect(azure.roleAssignments()).toEqual([]);
    await client.roleAssignments.create(s(rg), NAME_1, { roleDefinitionId: readerId, principalId: ALICE });
    expect(azure.faults.count(AZURE_ROUTES.createRoleAssignment)).toBe(2);
  });

  it("refuses a wrong api-version and a missing token", async () => {
    const noAuth = new AuthorizationManagementClient({ getToken: async () => ({ token: "wrong", expiresOnTimestamp: Date.now() + HOUR }) }, SUB, { endpoint: azure.url, tlsOptions: { ca: azure.ca } });
    expect(await failure(noAuth.roleAssignments.get(s(rg), NAME_1))).toMatchObject({ status: 401, code: "InvalidAuthenticationToken" });
    const answer = await rawGet(`${rg}/providers/Microsoft.Authorization/roleAssignments?api-version=2015-07-01`);
    expect(answer).toEqual({
      status: 400,
      body: { error: { code: "NoRegisteredProviderFound", message: "No registered resource provider found for API version '2015-07-01' and type 'roleAssignments'. The supported api-versions are '2022-04-01'." } },
    });
  });
});

describe("PIM schedule requests", () => {
  it("assigns with 201, is active until the end, and stops by the clock", async () => {
    const response = await pimAssign(rg, NAME_1, ALICE, 2);
    expect(response.status).toBe("Provisioned");
    const instances = async () => {
      const out = [];
      for await (const i of client.roleAssignmentScheduleInstances.listForScope(s(rg), { filter: `principalId eq '${ALICE}'` })) out.push(i);
      return out;
    };
    expect((await instances()).map((i) => i.endDateTime?.toISOString())).toEqual(["2026-11-24T10:00:00.000Z"]);
    expect(azure.holds(rg, ALICE, "Reader")).toBe(true);
    clock.advance(2 * HOUR);
    expect(azure.holds(rg, ALICE, "Reader")).toBe(false);
    expect(azure.holds(rg, ALICE, "Reader", new Date("2026-11-24T09:59:59Z"))).toBe(true);
    expect(await instances()).toEqual([]);
  });

  it("AdminRemove ends it early; removing again says it does not exist", async () => {
    await pimAssign(rg, NAME_1, ALICE, 2);
    const remove = (name: string) => client.roleAssignmentScheduleRequests.create(s(rg), name, { roleDefinitionId: readerId, principalId: ALICE, requestType: "AdminRemove" });
    expect((await remove(NAME_2)).status).toBe("Revoked");
    expect(azure.holds(rg, ALICE, "Reader")).toBe(false);
    expect(await failure(remove("33333333-3333-4333-8333-333333333333"))).toEqual({ status: 400, code: "RoleAssignmentDoesNotExist", message: "The Role assignment does not exist." });
  });

  it.each([
    ["a second request for the same role", NAME_2, "RoleAssignmentExists", "The Role assignment already exists."],
    ["the same request name again", NAME_1, "RoleAssignmentRequestExists", `A role assignment request with Id: ${NAME_1} already exists.`],
  ])("refuses %s", async (_what, name, code, message) => {
    await pimAssign(rg, NAME_1, ALICE, 2);
    expect(await failure(pimAssign(rg, name, ALICE, 2))).toEqual({ status: 400, code, message });
  });

  it("refuses a duration over the PIM policy maximum", async () => {
    azure.setPimMaxDuration(8 * HOUR);
    expect(await failure(pimAssign(rg, NAME_1, ALICE, 9))).toEqual({
      status: 400, code: "RoleAssignmentRequestPolicyValidationFailed", message: 'The following policy rules failed: ["ExpirationRule"]',
    });
    expect(azure.holds(rg, ALICE, "Reader")).toBe(false);
  });

  it("inherits from the management group down to a resource", async () => {
    await pimAssign("/providers/Microsoft.Management/managementGroups/platform", NAME_1, BOB, 1);
    expect(azure.holds(`${rg}/providers/Microsoft.Storage/storageAccounts/exports`, BOB, "Reader")).toBe(true);
    expect(azure.holds(rg, ALICE, "Reader")).toBe(false);
  });
});
