import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import type { GrantSpec } from "../../../src/core/grant.js";
import { createAzureProvider } from "../../../src/providers/azure/index.js";
import type { Provider } from "../../../src/providers/provider.js";
import { startAzureEmulator } from "../../../src/sandbox/azure/index.js";
import type { AzureEmulator } from "../../../src/sandbox/azure/index.js";

const SUB = "5f0c2b6e-8d1a-4f3e-9c77-2a1b3c4d5e6f";
const ALICE = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";
const RG = `/subscriptions/${SUB}/resourceGroups/payments`;
const at = (hhmm: string) => new Date(`2026-11-24T${hhmm}:00Z`);

let clock: ManualClock;
let azure: AzureEmulator;
let provider: Provider;

beforeEach(async () => {
  clock = new ManualClock("2026-11-24T08:00:00Z");
  // Provisioning delay and its effects are covered in pim-provisioning.test.ts; here PIM acts at once.
  azure = await startAzureEmulator({ clock, provisioningDelayMs: 0 });
  azure.createSubscription(SUB);
  azure.createResourceGroup(SUB, "payments");
  provider = createAzureProvider({ clock, credential: azure.credential, endpoint: azure.url, ca: azure.ca, retryOptions: { maxRetries: 0 } });
});
afterEach(async () => azure.close());

function spec(azureMode: "pim" | "assignment", end: Date): GrantSpec {
  return {
    provider: "azure", scope: RG, role: "Reader", principal: ALICE, principalType: "User", azureMode,
    window: { start: at("08:00"), end }, key: "f00dfeedf00dfeedf00d",
    origin: { repo: "acme/access", requestPath: "requests/azure/alice.yaml", pr: 12, requester: "alice", approvers: ["bob"], reason: "INC-4711: payments export failing" },
  };
}

describe("extending a grant (same key, later end)", () => {
  it("PIM: replaces the schedule, so Azure now ends it at the new end", async () => {
    await provider.grant(spec("pim", at("10:00")));
    await provider.grant(spec("pim", at("12:00")));
    await provider.grant(spec("pim", at("12:00")));
    expect((await provider.list(RG)).map((h) => [h.key, h.end?.toISOString()])).toEqual([["f00dfeedf00dfeedf00d", "2026-11-24T12:00:00.000Z"]]);
    clock.set(at("11:00"));
    expect(azure.holds(RG, ALICE, "Reader")).toBe(true);
    clock.set(at("12:00"));
    expect(azure.holds(RG, ALICE, "Reader")).toBe(false);
  });

  it("PIM: a shorter window replaces the schedule too", async () => {
    await provider.grant(spec("pim", at("12:00")));
    await provider.grant(spec("pim", at("09:00")));
    expect((await provider.list(RG)).map((h) => h.end?.toISOString())).toEqual(["2026-11-24T09:00:00.000Z"]);
  });

  it("PIM: granting again after a revoke (or a removal by hand) grants again", async () => {
    const s = spec("pim", at("10:00"));
    await provider.grant(s);
    await provider.revoke(s);
    expect(azure.holds(RG, ALICE, "Reader")).toBe(false);
    await provider.grant(s);
    expect(azure.holds(RG, ALICE, "Reader")).toBe(true);
  });

  it("plain assignment: keeps the one assignment, which access-pr deletes at the end", async () => {
    await provider.grant(spec("assignment", at("10:00")));
    await provider.grant(spec("assignment", at("12:00")));
    expect((await provider.list(RG)).map((h) => h.key)).toEqual(["f00dfeedf00dfeedf00d"]);
    expect(azure.roleAssignments().filter((a) => a.principalId === ALICE)).toHaveLength(1);
  });
});
