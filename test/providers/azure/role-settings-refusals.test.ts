// What the Azure provider makes of PIM role settings and of a principal Entra ID has not replicated,
// through the real SDK against the emulator (see test/sandbox/azure/role-settings.test.ts for the sources).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ManualClock } from "../../../src/core/clock.js";
import type { GrantSpec } from "../../../src/core/grant.js";
import { pimRequestName } from "../../../src/providers/azure/pim-mode.js";
import { ProviderError } from "../../../src/providers/provider.js";
import type { Provider } from "../../../src/providers/provider.js";
import { AZURE_ROUTES } from "../../../src/sandbox/azure/index.js";
import type { AzureEmulator } from "../../../src/sandbox/azure/index.js";
import { ALICE, RG, azureSpec, startAzureWorld } from "./azure-world.js";

const HOUR = 3_600_000;
const SETTINGS = "Entra ID > Privileged Identity Management > Azure resources > (the resource) > Settings > Reader > Edit > Assignment";
const PUT_REQUEST = AZURE_ROUTES.createScheduleRequest;

let clock: ManualClock;
let azure: AzureEmulator;
let provider: Provider;

beforeEach(async () => {
  ({ clock, azure, provider } = await startAzureWorld(0));
});
afterEach(async () => azure.close());

const spec = (overrides: Partial<GrantSpec> = {}) => azureSpec("requests/azure/alice-inc-4711.yaml", "INC-4711: payments export failing", overrides);
const noTicket = () => spec({ origin: { ...spec().origin, ticket: undefined } });

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ProviderError);
    return (error as Error).message;
  }
  throw new Error("expected a failure");
}

describe("PIM role settings refusing access-pr's AdminAssign", () => {
  it.each([
    [
      "a window over 'Expire active assignments after'",
      { maxActiveMs: 90 * 60_000 },
      spec,
      `Azure PIM role setting 'Expire active assignments after' for Reader on ${RG} is 1 hour 30 minutes; the request asks 2 hours: shorten the window (duration) or raise that setting in ${SETTINGS}`,
    ],
    [
      "a request without a ticket where one is required",
      { requireTicket: true },
      noTicket,
      `Azure PIM role setting 'Require ticket information' is on for Reader on ${RG}, and this request has no ticket: add a ticket: line to the request file, or turn that setting off in ${SETTINGS}`,
    ],
    [
      "MFA on active assignment, which a service principal cannot do",
      { requireMfa: true },
      spec,
      `Azure PIM role setting 'Require Azure Multi-Factor Authentication on active assignment' is on for Reader on ${RG}; access-pr assigns as a service principal, which cannot complete MFA, so PIM refuses every assignment it makes there: turn that setting off in ${SETTINGS} (the pull request's approvals are the control), or grant this role outside access-pr`,
    ],
  ])("says which setting to change for %s", async (_what, settings, make, words) => {
    azure.setRoleSettings(RG, "Reader", settings);
    expect(await failure(provider.grant(make()))).toBe(`azure grant: ${words}; nothing was granted`);
    expect(azure.holds(RG, ALICE, "Reader")).toBe(false);
  });

  it("names every failed setting when several fail together", async () => {
    azure.setRoleSettings(RG, "Reader", { maxActiveMs: HOUR, requireTicket: true, requireMfa: true });
    const message = await failure(provider.grant(noTicket()));
    expect(message.match(/Azure PIM role setting '([^']+)'/g)).toEqual([
      "Azure PIM role setting 'Expire active assignments after'",
      "Azure PIM role setting 'Require ticket information'",
      "Azure PIM role setting 'Require Azure Multi-Factor Authentication on active assignment'",
    ]);
  });

  it("always sends the justification (request, PR, approvers) and the request's ticket, so those settings pass", async () => {
    azure.setRoleSettings(RG, "Reader", { requireJustification: true, requireTicket: true, maxActiveMs: 2 * HOUR });
    await provider.grant(spec());
    expect(azure.holds(RG, ALICE, "Reader")).toBe(true);
    const { AuthorizationManagementClient } = await import("@azure/arm-authorization");
    const client = new AuthorizationManagementClient(azure.credential, "x", { endpoint: azure.url, tlsOptions: { ca: azure.ca }, retryOptions: { maxRetries: 0 } });
    const sent = await client.roleAssignmentScheduleRequests.get(RG.slice(1), pimRequestName(spec().key, spec().window.end));
    expect(sent.justification).toBe("access-pr:requests/azure/alice-inc-4711.yaml#0 acme/access requests/azure/alice-inc-4711.yaml PR #12 requested by alice; approved by bob; reason: INC-4711: payments export failing");
    expect(sent.ticketInfo).toEqual({ ticketNumber: "INC-4711", ticketSystem: "access-pr" });
  });

  it("still explains the refusal when the app may not read role settings", async () => {
    azure.setRoleSettings(RG, "Reader", { maxActiveMs: HOUR });
    azure.faults.failNext(AZURE_ROUTES.listRoleManagementPolicyAssignments, 1, { status: 403 });
    expect(await failure(provider.grant(spec()))).toContain("'Expire active assignments after' for Reader on " + RG + " is shorter than this window; the request asks 2 hours");
  });
});

describe("a principal Entra ID has not replicated yet", () => {
  it.each([
    // 10 s + 20 s + 40 s of waiting: the third retry is the first after the 60 s of replication.
    ["pim mode retries with backoff on the injected clock and grants once it appears", "pim" as const, 70_000],
    // The plain assignment states its principalType, so ARM does not look the principal up.
    ["assignment mode grants at once", "assignment" as const, 0],
  ])("%s", async (_what, azureMode, waitedMs) => {
    azure.setPrincipalReplicationDelay(60_000);
    azure.createPrincipal(ALICE);
    const before = clock.now().getTime();
    await provider.grant(spec({ azureMode }));
    expect(azure.holds(RG, ALICE, "Reader")).toBe(true);
    expect(clock.now().getTime() - before).toBe(waitedMs);
  });

  it("gives up after its retries when the principal does not exist, and says what to check", async () => {
    azure.deletePrincipal(ALICE);
    const message = await failure(provider.grant(spec()));
    expect(message).toBe(
      `azure grant: Entra ID has no principal ${ALICE} (PrincipalNotFound), still after 2 minutes 30 seconds of retries; a principal created moments ago can take a few minutes to appear, but this one did not. Check the object id listed for alice in identities.yaml against Entra ID (Users, Groups or Enterprise applications > Object ID) in the tenant of access-pr's identity; if the principal was just created, nothing needs changing`,
    );
    expect(azure.faults.count(PUT_REQUEST)).toBe(5);
  });
});
