// PIM as the 2020-10-01 Microsoft.Authorization spec and its examples describe it, through the real SDK client:
// - PutRoleAssignmentScheduleRequest.json: 201, targetRoleAssignmentScheduleId a bare GUID, ids with capitalised types;
// - GetRoleAssignmentSchedulesByScope.json: roleAssignmentScheduleRequestId a full ARM id;
// - GetRoleAssignmentScheduleInstancesByScope.json: an instance named after its originRoleAssignmentId;
// - CancelRoleAssignmentScheduleRequestByName.json: POST …/cancel answers 200 ("Cancels a pending role assignment schedule request");
// and the documented behaviour in FACTS.md: provisioning is asynchronous (minutes), an active assignment shorter than
// 5 minutes is ActiveDurationTooShort, PIM's active assignments appear in the roleAssignments list and a plain PUT then conflicts (409).
import { AuthorizationManagementClient } from "@azure/arm-authorization";
import type { RestError } from "@azure/core-rest-pipeline";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { startAzureEmulator } from "../../../src/sandbox/azure/index.js";
import type { AzureEmulator } from "../../../src/sandbox/azure/index.js";

const SUB = "5f0c2b6e-8d1a-4f3e-9c77-2a1b3c4d5e6f";
const ALICE = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";
const READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
const NAME = "11111111-1111-4111-8111-111111111111";
const MINUTE = 60_000;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let clock: ManualClock;
let azure: AzureEmulator;
let client: AuthorizationManagementClient;
let rg: string;
const readerId = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${READER}`;

beforeEach(async () => {
  clock = new ManualClock("2026-11-24T08:00:00Z");
  azure = await startAzureEmulator({ clock, provisioningDelayMs: 4 * MINUTE });
  azure.createSubscription(SUB);
  rg = azure.createResourceGroup(SUB, "payments");
  client = new AuthorizationManagementClient(azure.credential, SUB, { endpoint: azure.url, tlsOptions: { ca: azure.ca }, retryOptions: { maxRetries: 0 } });
});

afterEach(async () => {
  await azure.close();
});

const scope = () => rg.slice(1);

function assign(minutes: number, name = NAME) {
  return client.roleAssignmentScheduleRequests.create(scope(), name, {
    roleDefinitionId: readerId,
    principalId: ALICE,
    requestType: "AdminAssign",
    scheduleInfo: { startDateTime: clock.now(), expiration: { type: "AfterDateTime", endDateTime: new Date(clock.now().getTime() + minutes * MINUTE) } },
    justification: "INC-4711",
  });
}

async function failure(promise: Promise<unknown>): Promise<{ status?: number; code?: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as RestError;
    return { status: e.statusCode, code: e.code };
  }
  throw new Error("expected a failure");
}

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe("PIM provisions asynchronously", () => {
  it("accepts the request with 201 before its schedule and instance exist, and provisions them after the delay", async () => {
    const accepted = await assign(120);
    expect(accepted.status).toBe("PendingProvisioning");
    expect(accepted.targetRoleAssignmentScheduleId).toMatch(GUID);
    expect(accepted.id).toBe(`${rg}/providers/Microsoft.Authorization/RoleAssignmentScheduleRequests/${NAME}`);
    expect(await all(client.roleAssignmentSchedules.listForScope(scope()))).toEqual([]);
    expect(await all(client.roleAssignmentScheduleInstances.listForScope(scope()))).toEqual([]);
    expect(azure.holds(rg, ALICE, "Reader")).toBe(false);

    clock.advance(4 * MINUTE);
    expect((await client.roleAssignmentScheduleRequests.get(scope(), NAME)).status).toBe("Provisioned");
    const [schedule] = await all(client.roleAssignmentSchedules.listForScope(scope()));
    expect(schedule?.name).toBe(accepted.targetRoleAssignmentScheduleId);
    expect(schedule?.roleAssignmentScheduleRequestId).toBe(accepted.id);
    const [instance] = await all(client.roleAssignmentScheduleInstances.listForScope(scope()));
    expect(instance?.roleAssignmentScheduleId).toBe(`${rg}/providers/Microsoft.Authorization/RoleAssignmentSchedules/${schedule?.name}`);
    expect(instance?.originRoleAssignmentId).toBe(`${rg}/providers/Microsoft.Authorization/roleAssignments/${instance?.name}`);
    expect(azure.holds(rg, ALICE, "Reader")).toBe(true);
  });

  it("cancels a pending request: 200, status Canceled, and nothing is ever provisioned", async () => {
    await assign(120);
    await client.roleAssignmentScheduleRequests.cancel(scope(), NAME);
    expect((await client.roleAssignmentScheduleRequests.get(scope(), NAME)).status).toBe("Canceled");
    clock.advance(10 * MINUTE);
    expect(await all(client.roleAssignmentScheduleInstances.listForScope(scope()))).toEqual([]);
    expect(azure.holds(rg, ALICE, "Reader")).toBe(false);
  });

  it("cannot remove what is not provisioned yet, nor cancel what is", async () => {
    await assign(120);
    const remove = client.roleAssignmentScheduleRequests.create(scope(), "22222222-2222-4222-8222-222222222222", { roleDefinitionId: readerId, principalId: ALICE, requestType: "AdminRemove" });
    expect(await failure(remove)).toEqual({ status: 400, code: "RoleAssignmentDoesNotExist" });
    clock.advance(4 * MINUTE);
    expect(await failure(client.roleAssignmentScheduleRequests.cancel(scope(), NAME))).toEqual({ status: 400, code: "InvalidRequestState" });
  });

  it("counts a pending request as taken for the same principal, role and scope", async () => {
    await assign(120);
    expect(await failure(assign(120, "33333333-3333-4333-8333-333333333333"))).toEqual({ status: 400, code: "RoleAssignmentExists" });
  });
});

describe("PIM's minimum active duration", () => {
  it("refuses an active assignment shorter than 5 minutes and accepts one of 5", async () => {
    expect(await failure(assign(4))).toEqual({ status: 400, code: "ActiveDurationTooShort" });
    expect((await assign(5)).status).toBe("PendingProvisioning");
  });
});

describe("PIM and plain role assignments see each other", () => {
  it("lists PIM's active assignment among role assignments, and a plain PUT for the same principal, role and scope conflicts with 409", async () => {
    await assign(120);
    clock.advance(4 * MINUTE);
    const [instance] = await all(client.roleAssignmentScheduleInstances.listForScope(scope()));
    const listed = await all(client.roleAssignments.listForScope(scope()));
    expect(listed.map((a) => [a.name, a.principalId, a.roleDefinitionId])).toEqual([[instance?.name, ALICE, readerId]]);
    const put = client.roleAssignments.create(scope(), "44444444-4444-4444-8444-444444444444", { roleDefinitionId: readerId, principalId: ALICE });
    expect(await failure(put)).toEqual({ status: 409, code: "RoleAssignmentExists" });
  });
});

describe("paging", () => {
  // Every list response in the 2020-10-01 and 2022-04-01 specs carries `nextLink`; the SDK's listForScope follows it.
  it("cuts lists into pages joined by nextLink, and the SDK reads them all", async () => {
    const paged = await startAzureEmulator({ clock, pageSize: 2 });
    try {
      paged.createSubscription(SUB);
      const where = paged.createResourceGroup(SUB, "payments");
      const principals = Array.from({ length: 5 }, (_, i) => `00000000-0000-4000-8000-00000000000${i}`);
      for (const principalId of principals) paged.seedAssignment({ scope: where, principalId, roleName: "Reader" });
      const sdk = new AuthorizationManagementClient(paged.credential, SUB, { endpoint: paged.url, tlsOptions: { ca: paged.ca }, retryOptions: { maxRetries: 0 } });
      const listed = await all(sdk.roleAssignments.listForScope(where.slice(1)));
      expect(listed.map((a) => a.principalId).sort()).toEqual(principals);
      expect(paged.faults.count("GET /{scope}/providers/Microsoft.Authorization/roleAssignments")).toBe(3);
    } finally {
      await paged.close();
    }
  });
});
