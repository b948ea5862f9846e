// The lifecycle on clouds that behave as the real ones do (FACTS.md, "What the real services do"):
// Azure PIM provisions minutes after accepting a request, refuses active assignments under 5 minutes,
// and GCP IAM refuses a member with no account behind it.
import { afterEach, describe, expect, it } from "vitest";
import { ACCESS_REPO } from "../helpers/app-harness.js";
import type { World } from "./lifecycle-world.js";
import { ALICE_GCP, ALICE_OID, AZURE_PATH, EXAMPLE_GCP_ACCOUNTS, GCP_PATH, RG, azureRequest, gcpRequest, startWorld } from "./lifecycle-world.js";

const MINUTE = 60_000;
let w: World;
afterEach(async () => w.close());

async function azureHeld(world: World) {
  return (await world.deps.providers.get("azure")?.list(RG)) ?? [];
}

/** Azure grants may also come from the GCP prod request folder, so one request file spans both clouds. */
const CROSS_CLOUD_POLICY = [
  "version: 1",
  "rules:",
  "  - name: incident-azure-beside-gcp",
  '    paths: ["requests/gcp/prod/**"]',
  "    provider: azure",
  `    scopes: ["${RG}"]`,
  '    roles: ["Reader"]',
  '    requesters: { teams: ["acme/payments-eng", "acme/sre"] }',
  '    approvers: { teams: ["acme/sre"], min: 1 }',
  "    max_duration: 4h",
  "    azure_mode: pim",
  "",
].join("\n");

describe("Azure PIM provisioning asynchronously", () => {
  it("the reconciler waits for its own request still provisioning, and an early /revoke cancels it so access never arrives", async () => {
    w = await startWorld({ azureProvisioningDelayMs: 15 * MINUTE });
    const { number } = await w.requestAndMerge({ [AZURE_PATH]: azureRequest() });
    expect(w.holdsAzure()).toBe(false);
    expect(await azureHeld(w)).toMatchObject([{ principal: ALICE_OID, pending: true }]);

    // A reconcile while PIM still provisions: ours, so no second request and no "not made by access-pr".
    w.h.clock.advance(11 * MINUTE);
    await w.settle();
    expect(w.h.azure?.faults.count("PUT /{scope}/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/{roleAssignmentScheduleRequestName}")).toBe(1);
    expect((await w.storyOf(number)).some((l) => l.includes("did not make") || l.startsWith("❌"))).toBe(false);

    await w.h.github.as("alice").comment(ACCESS_REPO, number, "/revoke");
    await w.settle();
    expect(w.h.azure?.faults.count("POST /{scope}/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/{roleAssignmentScheduleRequestName}/cancel")).toBe(1);
    w.h.clock.advance(30 * MINUTE);
    await w.settle();
    expect([w.holdsAzure(), await azureHeld(w)]).toEqual([false, []]);
  });

  it("after an outage, a tail shorter than PIM's 5 minutes is not granted again, and the story says why", async () => {
    w = await startWorld({ azureProvisioningDelayMs: 0 });
    const { number } = await w.requestAndMerge({ [AZURE_PATH]: azureRequest() });
    // The grant is removed by hand while the app is down; it comes back with 4 minutes of the window left.
    await w.lifecycle().stop();
    await w.deps.providers.get("azure")?.revoke((await azureHeld(w)).map((h) => ({ ...h, azureMode: "pim" as const, origin: { repo: ACCESS_REPO, requestPath: AZURE_PATH, requester: "alice", approvers: [], reason: "" } }))[0]!);
    w.h.clock.set("2026-11-24T09:56:00Z");
    await w.restart();
    await w.settle();
    expect(w.holdsAzure()).toBe(false);
    expect((await w.storyOf(number)).at(-1)?.replaceAll("\u2060", "")).toMatch(
      /^❌ Nothing was granted: grant 1 \(azure `Reader` on .*\) failed: azure grant: only 240 seconds of the window are left, and Azure PIM refuses an active assignment shorter than 5 minutes \(ActiveDurationTooShort\); nothing was granted for the rest of the window\./,
    );
  });
});

describe("GCP refusing a member with no account", () => {
  it("an unknown member in a request spanning both clouds grants nothing in either (all or nothing)", async () => {
    // alice's Google account was deleted; her identities.yaml entry still names it.
    w = await startWorld({ azureProvisioningDelayMs: 0, gcpAccounts: EXAMPLE_GCP_ACCOUNTS.filter((m) => m !== ALICE_GCP), files: { "access-policies/cross-cloud.yaml": CROSS_CLOUD_POLICY } });
    const both = gcpRequest().replace("grants:\n", `grants:\n  - provider: azure\n    scope: ${RG}\n    role: Reader\n`);
    const { number } = await w.requestAndMerge({ [GCP_PATH]: both });
    expect([w.holdsGcp(), w.gcpBindings(), w.holdsAzure(), await azureHeld(w)]).toEqual([false, 0, false, []]);
    expect((await w.storyOf(number)).at(-1)?.replaceAll("\u2060", "")).toMatch(
      /^❌ Nothing was granted: grant 2 \(gcp `roles\/cloudsql\.client` on `projects\/payments-prod` for `user:alice@acme\.example`\) failed: gcp grant: GCP has no user alice@acme\.example \(GCP said: User alice@acme\.example does not exist\.\): check the member in identities\.yaml; nothing was granted on projects\/payments-prod\. Grants already applied for this request were revoked \(all or nothing\)/,
    );
  });
});
