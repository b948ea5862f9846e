import { afterEach, describe, expect, it } from "vitest";
import { grantKey } from "../../src/core/grant-key.js";
import type { GrantSpec } from "../../src/core/grant.js";
import { ACCESS_REPO } from "../helpers/app-harness.js";
import type { World } from "./lifecycle-world.js";
import { ALICE_GCP, ALICE_OID, AZURE_PATH, GCP_PATH, HOUR, RG, azureRequest, gcpRequest, startWorld } from "./lifecycle-world.js";

/** A second access repo whose grants land on the same project and subscription as the example repo's. */
const OTHER_REPO = "acme/access-eu";
const PROJECT = "projects/payments-prod";
const MINUTE = 60_000;

let w: World;
afterEach(async () => w.close());

/** A grant as the other repo's run makes it: the same provider code, its own origin and key. */
function grantOf(repo: string, requestPath: string, target: Pick<GrantSpec, "scope" | "role" | "principal"> & ({ provider: "gcp" } | { provider: "azure"; azureMode: "pim" | "assignment" })): GrantSpec {
  const start = w.h.clock.now();
  const keyParts = { provider: target.provider, scope: target.scope, role: target.role, principal: target.principal };
  return {
    ...target,
    ...(target.provider === "azure" ? { principalType: "User" as const } : {}),
    key: grantKey(repo, requestPath, keyParts),
    window: { start, end: new Date(start.getTime() + 8 * HOUR) },
    origin: { repo, requestPath, requester: "alice", approvers: ["bob"], reason: "EU on-call" },
  };
}

async function grantAs(spec: GrantSpec): Promise<void> {
  await w.deps.providers.get(spec.provider)?.grant(spec);
}

function gcpBindingTitles(): string[] {
  return (w.h.gcp?.getPolicy(PROJECT).bindings ?? []).filter((b) => b.members.includes(ALICE_GCP)).map((b) => b.condition?.title ?? "");
}

describe("two access repos granting on the same project and subscription", () => {
  it("each reconcile keeps the other repo's grants, removes only its own drift, and ends only its own requests", async () => {
    w = await startWorld();
    const other = [
      grantOf(OTHER_REPO, "requests/gcp/eu/alice.yaml", { provider: "gcp", scope: PROJECT, role: "roles/cloudsql.client", principal: ALICE_GCP }),
      grantOf(OTHER_REPO, "requests/azure/eu/alice-pim.yaml", { provider: "azure", azureMode: "pim", scope: RG, role: "Contributor", principal: ALICE_OID }),
      grantOf(OTHER_REPO, "requests/azure/eu/alice-assignment.yaml", { provider: "azure", azureMode: "assignment", scope: RG, role: "Storage Blob Data Reader", principal: ALICE_OID }),
    ];
    for (const spec of other) await grantAs(spec);
    // Left behind by this repo: nothing on its main backs it, so it is drift here.
    const leftBehind = grantOf(ACCESS_REPO, "requests/gcp/prod/gone.yaml", { provider: "gcp", scope: PROJECT, role: "roles/cloudsql.viewer", principal: ALICE_GCP });
    await grantAs(leftBehind);

    // The other repo's listing names it as the origin.
    const listed = [...((await w.deps.providers.get("gcp")?.list(PROJECT)) ?? []), ...((await w.deps.providers.get("azure")?.list(RG)) ?? [])];
    expect(listed.filter((h) => h.repo === OTHER_REPO).map((h) => h.key).sort()).toEqual(other.map((s) => s.key).sort());
    expect(listed.find((h) => h.key === leftBehind.key)?.repo).toBe(ACCESS_REPO);

    await w.requestAndMerge({ [GCP_PATH]: gcpRequest(), [AZURE_PATH]: azureRequest() });
    expect([w.holdsGcp(), w.holdsAzure()]).toEqual([true, true]);
    w.h.clock.advance(10 * MINUTE);
    await w.settle();

    const otherHeld = () => ({
      gcp: gcpBindingTitles().includes(`access-pr:${other[0]?.key}`),
      pim: w.h.azure?.holds(RG, ALICE_OID, "Contributor") ?? false,
      assignment: w.h.azure?.holds(RG, ALICE_OID, "Storage Blob Data Reader") ?? false,
    });
    expect(otherHeld()).toEqual({ gcp: true, pim: true, assignment: true });
    expect(gcpBindingTitles()).not.toContain(`access-pr:${leftBehind.key}`);
    expect(w.h.gcp?.holds(PROJECT, ALICE_GCP, "roles/cloudsql.viewer")).toBe(false);
    const revokedKeys = w.h.logs.filter((l) => l.msg === "revoked a grant nothing on the default branch backs").map((l) => (l as { key?: string }).key);
    expect(revokedKeys).toEqual([leftBehind.key]);

    // This repo's own request ends at its own end; the other repo's grants, on the same role and scope, stay.
    w.h.clock.advance(2 * HOUR);
    await w.settle();
    expect(gcpBindingTitles()).toEqual([`access-pr:${other[0]?.key}`]);
    expect(w.holdsAzure()).toBe(false);
    expect(otherHeld()).toEqual({ gcp: true, pim: true, assignment: true });
  }, 180_000);
});
