// The lifecycle on an Azure that behaves as the real one does (FACTS.md, "What the real services do"):
// a principal created moments ago is PrincipalNotFound until Entra ID replicates it ("Troubleshoot Azure RBAC");
// PIM role settings refuse schedule requests naming the failed rules ("privileged role common errors");
// and Azure keeps one assignment per principal, role and scope, however it was made.
import { afterEach, describe, expect, it } from "vitest";
import { ACCESS_REPO, EXAMPLE_CODEOWNERS } from "../helpers/app-harness.js";
import type { World } from "./lifecycle-world.js";
import { ALICE_OID, AZURE_PATH, GCP_PATH, RG, azureRequest, gcpRequest, startWorld } from "./lifecycle-world.js";

const MINUTE = 60_000;
const visible = (text: string | undefined): string => (text ?? "").replaceAll("\u2060", "").replaceAll("\\>", ">");
let w: World;
afterEach(async () => w.close());

const rule = (name: string, paths: string, mode: "pim" | "assignment") =>
  ["version: 1", "rules:", `  - name: ${name}`, `    paths: ["${paths}"]`, "    provider: azure", `    scopes: ["${RG}"]`, '    roles: ["Reader"]', '    requesters: { teams: ["acme/payments-eng", "acme/sre"] }', '    approvers: { teams: ["acme/sre"], min: 1 }', "    max_duration: 8h", `    azure_mode: ${mode}`, ""].join("\n");

/** GCP first, then Azure, in one request file: the Azure grant fails after the GCP one was applied. */
const CROSS_CLOUD = { "access-policies/cross-cloud.yaml": rule("incident-azure-beside-gcp", "requests/gcp/prod/**", "pim") };
const bothClouds = () => `${gcpRequest()}  - provider: azure\n    scope: ${RG}\n    role: Reader\n`;

describe("a principal Entra ID has not replicated yet", () => {
  it("is waited out with backoff on the shared clock, and then both clouds are granted", async () => {
    w = await startWorld({ files: CROSS_CLOUD });
    w.h.azure?.setPrincipalReplicationDelay(MINUTE);
    w.h.azure?.createPrincipal(ALICE_OID);
    const { number } = await w.requestAndMerge({ [GCP_PATH]: bothClouds() });
    expect([w.holdsGcp(), w.holdsAzure()]).toEqual([true, true]);
    // Waited 10 s, 20 s and 40 s on the shared clock: the third retry comes after the minute of replication.
    expect(w.h.clock.now().toISOString()).toBe("2026-11-24T08:01:10.000Z");
    expect((await w.storyOf(number)).map(visible)).toEqual([expect.stringMatching(/^✅ Granted until /)]);
  });

  it("that never appears fails the whole request in both clouds, and the PR says what to check", async () => {
    w = await startWorld({ files: CROSS_CLOUD });
    w.h.azure?.deletePrincipal(ALICE_OID);
    const { number, mergeSha } = await w.requestAndMerge({ [GCP_PATH]: bothClouds() });
    expect([w.holdsGcp(), w.gcpBindings(), w.holdsAzure()]).toEqual([false, 0, false]);
    expect(visible((await w.storyOf(number)).at(-1))).toBe(
      `❌ Nothing was granted: grant 2 (azure \`Reader\` on \`${RG}\` for \`${ALICE_OID}\`) failed: azure grant: Entra ID has no principal ${ALICE_OID} (PrincipalNotFound), still after 2 minutes 30 seconds of retries; a principal created moments ago can take a few minutes to appear, but this one did not. Check the object id listed for alice in identities.yaml against Entra ID (Users, Groups or Enterprise applications > Object ID) in the tenant of access-pr's identity; if the principal was just created, nothing needs changing. Grants already applied for this request were revoked (all or nothing); access-pr tries again at the next reconcile.`,
    );
    expect(await w.h.checkRun(mergeSha, "access-pr / grant")).toMatchObject({ conclusion: "failure", output: { title: "Nothing was granted" } });
  });
});

describe("PIM role settings", () => {
  it("a window over the role's maximum and MFA on active assignment are refused, each naming the setting to change", async () => {
    w = await startWorld();
    w.h.azure?.setRoleSettings(RG, "Reader", { maxActiveMs: 4 * 60 * MINUTE, requireMfa: true });
    const { number } = await w.requestAndMerge({ [AZURE_PATH]: azureRequest([], "6h") });
    expect(w.holdsAzure()).toBe(false);
    const story = visible((await w.storyOf(number)).at(-1));
    const settings = "Entra ID > Privileged Identity Management > Azure resources > (the resource) > Settings > Reader > Edit > Assignment";
    expect(story).toContain(`Azure PIM role setting 'Expire active assignments after' for Reader on ${RG} is 4 hours; the request asks 6 hours: shorten the window (duration) or raise that setting in ${settings}`);
    expect(story).toContain(`Azure PIM role setting 'Require Azure Multi-Factor Authentication on active assignment' is on for Reader on ${RG}; access-pr assigns as a service principal, which cannot complete MFA`);
  });
});

describe("PIM and plain assignment modes for the same principal, role and scope", () => {
  it("the second request is refused in words, nothing is granted twice, and each request's access ends only with its own", async () => {
    w = await startWorld({
      files: { "access-policies/azure-plain.yaml": rule("azure-payments-plain", "requests/azure-plain/**", "assignment"), ".github/CODEOWNERS": `${EXAMPLE_CODEOWNERS}/requests/azure-plain/ @acme/sre\n` },
    });
    const pim = await w.requestAndMerge({ [AZURE_PATH]: azureRequest() });
    const plainPath = "requests/azure-plain/alice-inc-4711.yaml";
    const plain = await w.requestAndMerge({ [plainPath]: azureRequest([], "4h") }, { title: "Reader through a plain assignment" });

    // One assignment: PIM's. The plain request is refused, naming the request that holds the role.
    expect([w.holdsAzure(), w.h.azure?.roleAssignments().length]).toEqual([true, 0]);
    expect(visible((await w.storyOf(plain.number)).at(-1))).toMatch(
      new RegExp(`^❌ Nothing was granted: grant 1 .* already holds Reader on ${RG} through access-pr's PIM assignment for ${AZURE_PATH} \\(PR #${pim.number}\\), ending 2026-11-24T10:00:00\\.000Z; .* That request keeps it until its own window ends or it is revoked, and revoking one request never removes the other's access; access-pr grants this request at the first reconcile after that`),
    );
    expect((await w.storyOf(pim.number)).map(visible)).toEqual([expect.stringMatching(/^✅ Granted until /)]);

    // Revoking the PIM request ends only its schedule; the plain request is then granted in its own right, and says so.
    await w.h.github.as("alice").comment(ACCESS_REPO, pim.number, "/revoke");
    await w.settle();
    expect(w.holdsAzure()).toBe(false);
    w.h.clock.advance(10 * MINUTE);
    await w.settle();
    expect([w.holdsAzure(), w.h.azure?.roleAssignments().map((a) => a.description?.includes(plainPath))]).toEqual([true, [true]]);
    expect(visible((await w.storyOf(plain.number)).at(-1))).toMatch(/^✅ Granted until 2026-11-24 12:00 UTC/);
  }, 240_000);
});
