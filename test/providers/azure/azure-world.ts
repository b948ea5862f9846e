/**
 * The Azure provider against the embedded Azure on one ManualClock, and the
 * grant spec its tests start from. `provisioningDelayMs` is how long PIM
 * takes to provision a request (0: at once).
 */
import { ManualClock } from "../../../src/core/clock.js";
import type { GrantSpec } from "../../../src/core/grant.js";
import { createAzureProvider } from "../../../src/providers/azure/index.js";
import type { Provider } from "../../../src/providers/provider.js";
import { startAzureEmulator } from "../../../src/sandbox/azure/index.js";
import type { AzureEmulator } from "../../../src/sandbox/azure/index.js";

export const SUB = "5f0c2b6e-8d1a-4f3e-9c77-2a1b3c4d5e6f";
export const ALICE = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";
export const RG = `/subscriptions/${SUB}/resourceGroups/payments`;

export interface AzureWorld {
  clock: ManualClock;
  azure: AzureEmulator;
  provider: Provider;
}

export async function startAzureWorld(provisioningDelayMs: number): Promise<AzureWorld> {
  const clock = new ManualClock("2026-11-24T08:00:00Z");
  const azure = await startAzureEmulator({ clock, provisioningDelayMs });
  azure.createSubscription(SUB);
  azure.createResourceGroup(SUB, "payments");
  const provider = createAzureProvider({ clock, credential: azure.credential, endpoint: azure.url, ca: azure.ca, retryOptions: { maxRetries: 0 }, wait: async (ms) => clock.advance(ms) });
  return { clock, azure, provider };
}

/** alice's 2-hour PIM Reader grant on the payments resource group, from the request file at `requestPath`. */
export function azureSpec(requestPath: string, reason: string, overrides: Partial<GrantSpec> = {}): GrantSpec {
  return {
    provider: "azure",
    scope: RG,
    role: "Reader",
    principal: ALICE,
    principalType: "User",
    azureMode: "pim",
    window: { start: new Date("2026-11-24T08:00:00Z"), end: new Date("2026-11-24T10:00:00Z") },
    key: `${requestPath}#0`,
    origin: { repo: "acme/access", requestPath, pr: 12, requester: "alice", approvers: ["bob"], reason, ticket: "INC-4711" },
    ...overrides,
  };
}
