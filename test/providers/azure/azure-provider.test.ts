import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ManualClock } from "../../../src/core/clock.js";
import type { GrantSpec } from "../../../src/core/grant.js";
import { createAzureProvider } from "../../../src/providers/azure/index.js";
import { ALICE, RG, SUB, azureSpec, startAzureWorld } from "./azure-world.js";
import { ProviderError } from "../../../src/providers/provider.js";
import type { Provider } from "../../../src/providers/provider.js";
import { AZURE_ROUTES } from "../../../src/sandbox/azure/index.js";
import type { AzureEmulator } from "../../../src/sandbox/azure/index.js";

const BOB = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
const HOUR = 60 * 60 * 1000;

let clock: ManualClock;
let azure: AzureEmulator;
let provider: Provider;

beforeEach(async () => {
  // Provisioning delay and its effects are covered in pim-provisioning.test.ts; here PIM acts at once.
  ({ clock, azure, provider } = await startAzureWorld(0));
});

afterEach(async () => {
  await azure.close();
});

function spec(overrides: Partial<GrantSpec> = {}): GrantSpec {
  return azureSpec("requests/azure/payments/alice-inc-4711.yaml", "INC-4711: payments export failing", overrides);
}

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ProviderError);
    return error as ProviderError;
  }
  throw new Error("expected a failure");
}

describe.each(["pim", "assignment"] as const)("azureMode %s", (azureMode) => {
  it("grants, lists, retries without duplicating, and revokes", async () => {
    const s = spec({ azureMode });
    await provider.grant(s);
    await provider.grant(s);
    expect(azure.holds(RG, ALICE, "Reader")).toBe(true);
    const held = await provider.list(RG);
    expect(held).toEqual([
      expect.objectContaining({ provider: "azure", scope: RG, role: "Reader", principal: ALICE, key: s.key, ...(azureMode === "pim" ? { end: s.window.end } : {}) }),
    ]);
    await provider.revoke(s);
    await provider.revoke(s);
    expect(azure.holds(RG, ALICE, "Reader")).toBe(false);
    expect(await provider.list(RG)).toEqual([]);
  });

  it("revokes only its own grant: a foreign assignment of the same role survives", async () => {
    azure.seedAssignment({ scope: RG, principalId: BOB, roleName: "Reader", description: "standing access, set up by hand" });
    const s = spec({ azureMode });
    await provider.grant(s);
    await provider.revoke(s);
    expect(azure.holds(RG, BOB, "Reader")).toBe(true);
    expect(azure.holds(RG, ALICE, "Reader")).toBe(false);
  });

  it("does not claim a foreign assignment of the same role for the same principal", async () => {
    azure.seedAssignment({ scope: RG, principalId: ALICE, roleName: "Reader" });
    const error = await failure(provider.grant(spec({ azureMode })));
    expect(error.message).toMatch(new RegExp(`^azure grant: ${ALICE} already holds Reader on ${RG} through role assignment [0-9a-f-]+ that access-pr did not make; Azure keeps one assignment per principal, role and scope, so access-pr left it untouched and granted nothing for this request\\. Remove that standing assignment \\(Access control \\(IAM\\) > Role assignments, or PIM > Azure resources > Assignments\\) if access should be just-in-time\\.$`));
    await provider.revoke(spec({ azureMode }));
    expect(azure.holds(RG, ALICE, "Reader")).toBe(true);
    expect(await provider.list(RG)).toEqual([]);
  });

  it.each([
    ["an unknown role", { role: "Readr" }, `azure resolve role: no role named "Readr" is defined at ${RG}: check the spelling against the role's name in the Azure portal (Access control (IAM) > Roles)`],
    ["a resource group that does not exist", { scope: `/subscriptions/${SUB}/resourceGroups/nope` }, `azure resolve role: /subscriptions/${SUB}/resourceGroups/nope does not exist or the app's identity cannot see it (ResourceGroupNotFound): check the scope in the request file`],
    ["a malformed scope", { scope: `subscriptions/${SUB}` }, `azure grant: scope "subscriptions/${SUB}" must start with "/", e.g. /subscriptions/<subscription id>`],
    ["Owner without a rule naming it", { role: "Owner" }, 'azure grant: role "Owner" can change who has access: access-pr grants it only when the matching rule names it explicitly'],
  ])("refuses %s clearly and leaves nothing behind", async (_what, overrides, message) => {
    const error = await failure(provider.grant(spec({ azureMode, ...overrides })));
    expect(error.message).toBe(message);
    expect(error.transient).toBe(false);
    expect(azure.roleAssignments()).toEqual([]);
    expect(azure.holds(RG, ALICE, "Reader")).toBe(false);
  });

  it("says which permission the app lacks", async () => {
    azure.denyFor(RG, ["write"]);
    const error = await failure(provider.grant(spec({ azureMode })));
    expect(error.message).toMatch(
      new RegExp(`^azure grant: the app's identity needs Microsoft\\.Authorization/roleAssignments/write on ${RG} \\(User Access Administrator or Role Based Access Control Administrator with a condition\\); Azure said: `),
    );
    expect(error.transient).toBe(false);
    expect(azure.holds(RG, ALICE, "Reader")).toBe(false);
  });

  it.each([
    [429, `azure grant: Azure is throttling requests on ${RG} (429 TooManyRequests); retry later`],
    [503, `azure grant: Azure answered 503 InternalServerError on ${RG}: The emulator was told to answer 503.; retry later`],
  ])("reports %i as transient and leaves nothing behind", async (status, message) => {
    const route = azureMode === "pim" ? AZURE_ROUTES.createScheduleRequest : AZURE_ROUTES.createRoleAssignment;
    azure.faults.failNext(route, 5, { status });
    const error = await failure(provider.grant(spec({ azureMode })));
    expect(error.message).toBe(message);
    expect(error.transient).toBe(true);
    expect(azure.holds(RG, ALICE, "Reader")).toBe(false);
  });
});

describe("PIM expiry", () => {
  it("Azure ends the assignment at the window's end without access-pr doing anything", async () => {
    await provider.grant(spec());
    clock.set("2026-11-24T09:59:59Z");
    expect(azure.holds(RG, ALICE, "Reader")).toBe(true);
    clock.set("2026-11-24T10:00:00Z");
    expect(azure.holds(RG, ALICE, "Reader")).toBe(false);
    expect(await provider.list(RG)).toEqual([]);
    await provider.revoke(spec());
  });

  it("reports a window longer than the PIM policy allows", async () => {
    azure.setPimMaxDuration(HOUR);
    const error = await failure(provider.grant(spec()));
    expect(error.message).toBe(
      `azure grant: Azure PIM role setting 'Expire active assignments after' for Reader on ${RG} is 1 hour; the request asks 2 hours: shorten the window (duration) or raise that setting in Entra ID > Privileged Identity Management > Azure resources > (the resource) > Settings > Reader > Edit > Assignment; nothing was granted`,
    );
  });

  it("refuses a window that has already ended", async () => {
    clock.set("2026-11-24T11:00:00Z");
    expect((await failure(provider.grant(spec()))).message).toBe("azure grant: the window ended at 2026-11-24T10:00:00.000Z; nothing was granted");
    expect(azure.holds(RG, ALICE, "Reader")).toBe(false);
  });

  it("a retry after a 5xx succeeds thanks to the SDK's own retry", async () => {
    const retrying = createAzureProvider({ clock, credential: azure.credential, endpoint: azure.url, ca: azure.ca, retryOptions: { maxRetries: 2, retryDelayInMs: 1, maxRetryDelayInMs: 5 } });
    azure.faults.failNext(AZURE_ROUTES.createScheduleRequest, 1, { status: 503 });
    await retrying.grant(spec());
    expect(azure.holds(RG, ALICE, "Reader")).toBe(true);
    expect(azure.faults.count(AZURE_ROUTES.createScheduleRequest)).toBe(2);
  });
});
