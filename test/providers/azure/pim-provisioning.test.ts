// The Azure provider on PIM as it really behaves (asynchronous provisioning, the 5-minute floor,
// PIM and plain assignments visible to each other); emulator contract in test/sandbox/azure/pim-provisioning.test.ts.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ManualClock } from "../../../src/core/clock.js";
import type { GrantSpec } from "../../../src/core/grant.js";
import { ALICE, RG, azureSpec, startAzureWorld } from "./azure-world.js";
import { ProviderError } from "../../../src/providers/provider.js";
import type { Provider } from "../../../src/providers/provider.js";
import { AZURE_ROUTES } from "../../../src/sandbox/azure/index.js";
import type { AzureEmulator } from "../../../src/sandbox/azure/index.js";

const MINUTE = 60_000;

let clock: ManualClock;
let azure: AzureEmulator;
let provider: Provider;

beforeEach(async () => {
  ({ clock, azure, provider } = await startAzureWorld(10 * MINUTE));
});

afterEach(async () => {
  await azure.close();
});

function spec(overrides: Partial<GrantSpec> = {}): GrantSpec {
  return azureSpec("requests/azure/alice-inc-4711.yaml", "INC-4711", overrides);
}

async function refusal(call: Promise<unknown>): Promise<ProviderError> {
  const error = await call.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe("a PIM grant still provisioning", () => {
  it("is listed as ours and pending, then as held once provisioned (ids joined on their last segment)", async () => {
    await provider.grant(spec());
    expect(await provider.list(RG)).toMatchObject([{ key: spec().key, principal: ALICE, role: "Reader", end: spec().window.end, pending: true }]);
    expect(azure.holds(RG, ALICE, "Reader")).toBe(false);
    clock.advance(10 * MINUTE);
    const held = await provider.list(RG);
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({ key: spec().key, end: spec().window.end });
    expect(held[0]?.pending).toBeUndefined();
    expect(azure.holds(RG, ALICE, "Reader")).toBe(true);
  });

  it("granting again while it provisions is the same grant, not a foreign one", async () => {
    await provider.grant(spec());
    await provider.grant(spec());
    expect(azure.faults.count(AZURE_ROUTES.createScheduleRequest)).toBe(2);
    expect(await provider.list(RG)).toHaveLength(1);
  });

  it("is revoked by cancelling its request, and never comes to exist", async () => {
    await provider.grant(spec());
    await provider.revoke(spec());
    expect(azure.faults.count(AZURE_ROUTES.cancelScheduleRequest)).toBe(1);
    clock.advance(30 * MINUTE);
    expect(azure.holds(RG, ALICE, "Reader")).toBe(false);
    expect(await provider.list(RG)).toEqual([]);
  });

  it("is removed with AdminRemove once provisioned", async () => {
    await provider.grant(spec());
    clock.advance(10 * MINUTE);
    await provider.revoke(spec());
    expect(azure.faults.count(AZURE_ROUTES.cancelScheduleRequest)).toBe(0);
    expect(azure.holds(RG, ALICE, "Reader")).toBe(false);
  });

  it("is replaced when the window is extended before it is provisioned", async () => {
    await provider.grant(spec());
    const later = spec({ window: { start: spec().window.start, end: new Date("2026-11-24T12:00:00Z") } });
    await provider.grant(later);
    clock.advance(10 * MINUTE);
    expect(await provider.list(RG)).toMatchObject([{ end: later.window.end }]);
    expect(azure.holds(RG, ALICE, "Reader", new Date("2026-11-24T11:00:00Z"))).toBe(true);
  });
});

describe("PIM's 5-minute floor", () => {
  it("does not grant a tail shorter than 5 minutes, says why, and never calls Azure", async () => {
    clock.set(new Date("2026-11-24T09:56:00Z"));
    const error = await refusal(provider.grant(spec()));
    expect(error.message).toBe(
      "azure grant: only 240 seconds of the window are left, and Azure PIM refuses an active assignment shorter than 5 minutes (ActiveDurationTooShort); nothing was granted for the rest of the window",
    );
    expect(error.transient).toBe(false);
    expect(azure.faults.count(AZURE_ROUTES.createScheduleRequest)).toBe(0);
  });

  it("refuses a window under 5 minutes in validation", () => {
    const short = spec({ window: { start: new Date("2026-11-24T08:00:00Z"), end: new Date("2026-11-24T08:04:00Z") } });
    expect(provider.validate(short).map((p) => p.message)).toEqual([
      "the window lasts 4 minutes; Azure PIM refuses active assignments shorter than 5 minutes (ActiveDurationTooShort): ask for at least 5m",
    ]);
  });
});

describe("PIM and plain assignments for the same principal, role and scope", () => {
  it("explains in words why a plain assignment cannot be made while PIM's is active", async () => {
    await provider.grant(spec({ key: "requests/azure/pim.yaml#0" }));
    clock.advance(10 * MINUTE);
    const error = await refusal(provider.grant(spec({ azureMode: "assignment" })));
    expect(error.message).toMatch(/through access-pr's PIM assignment for requests\/\S+\.yaml \(PR #12\), ending 2026-11-24T10:00:00\.000Z; Azure keeps one assignment per principal, role and scope, so access-pr left it untouched and granted nothing for this request\. That request keeps it until its own window ends or it is revoked, and revoking one request never removes the other's access/);
  });

  it("explains why a PIM grant cannot be made over another request's plain assignment, and leaves it alone", async () => {
    await provider.grant(spec({ key: "requests/azure/plain.yaml#0", azureMode: "assignment" }));
    const error = await refusal(provider.grant(spec()));
    expect(error.message).toMatch(/through access-pr's plain role assignment for requests\/\S+\.yaml \(PR #12\); Azure keeps one assignment per principal, role and scope, so access-pr left it untouched and granted nothing for this request\. That request keeps it/);
    await provider.revoke(spec());
    expect([azure.holds(RG, ALICE, "Reader"), azure.roleAssignments().length]).toEqual([true, 1]);
  });

  it("explains why a PIM grant cannot be made over another request's PIM schedule", async () => {
    await provider.grant(spec({ key: "requests/azure/other.yaml#0" }));
    clock.advance(10 * MINUTE);
    const error = await refusal(provider.grant(spec()));
    expect(error.message).toMatch(/through access-pr's PIM assignment for requests\/\S+\.yaml \(PR #12\), ending 2026-11-24T10:00:00\.000Z;/);
  });
});
