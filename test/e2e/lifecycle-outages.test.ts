import { afterEach, describe, expect, it } from "vitest";
import { grantKey } from "../../src/core/grant-key.js";
import type { GrantSpec } from "../../src/core/grant.js";
import { revertPaths } from "../../src/lifecycle/revert-text.js";
import { ACCESS_REPO } from "../helpers/app-harness.js";
import type { World } from "./lifecycle-world.js";
import { ALICE_OID, AZURE_PATH, GCP_PATH, HOUR, RG, azureRequest, gcpRequest, owner, repo, startWorld } from "./lifecycle-world.js";

const SWEEP = 60_000;
let w: World;
afterEach(async () => w.close());

async function azureHeld(world: World): Promise<string[]> {
  return ((await world.deps.providers.get("azure")?.list(RG)) ?? []).map((g) => g.role).sort();
}

async function reverts(world: World) {
  const { data } = await world.h.github.octokitFor("bob").rest.pulls.list({ owner, repo, state: "all", per_page: 100 });
  return data.filter((p) => p.user?.login === "access-pr[bot]").map((p) => ({ merged: p.merged_at !== null, paths: revertPaths(p.body) }));
}

/** The grant a process applied for `role` of the Azure request before it died. */
function azureSpec(role: string, start: Date): GrantSpec {
  const target = { provider: "azure" as const, scope: RG, role, principal: ALICE_OID };
  return { ...target, principalType: "User", azureMode: "pim", key: grantKey(ACCESS_REPO, AZURE_PATH, target), window: { start, end: new Date(start.getTime() + 2 * HOUR) }, origin: { repo: ACCESS_REPO, requestPath: AZURE_PATH, requester: "alice", approvers: ["bob"], reason: "half applied" } };
}

const twoRoles = (second: string) => azureRequest().replace("    role: Reader\n", `    role: Reader\n  - provider: azure\n    scope: ${RG}\n    role: ${second}\n`);

describe("invariant 9: no grant outlives its window, through restarts and outages", () => {
  it("the app down across the window's end revokes what is overdue at once when it starts", async () => {
    w = await startWorld();
    const { number } = await w.requestAndMerge({ [GCP_PATH]: gcpRequest(), [AZURE_PATH]: azureRequest() });
    await w.lifecycle().stop();
    w.h.clock.set("2026-11-24T13:00:00Z");
    await w.settle();
    // Down: the binding is still in the policy (GCP only stops honouring its condition) and the file still on main.
    expect([w.gcpBindings(), (await w.mainFiles()).length]).toEqual([1, 2]);

    await w.restart();
    await w.settle();
    expect([w.holdsGcp(), w.holdsAzure(), w.gcpBindings(), await azureHeld(w)]).toEqual([false, false, 0, []]);
    expect(await w.mainFiles()).toEqual([]);
    expect((await reverts(w)).map((r) => [r.merged, r.paths.sort()])).toEqual([[true, [AZURE_PATH, GCP_PATH]]]);
    expect((await w.storyOf(number)).filter((l) => l.startsWith("⏹️"))).toEqual([expect.stringMatching(/^⏹️ Access ended at 2026-11-24 10:00 UTC: the window is over and the grants are revoked\./)]);
  });

  it("GCP down at the window's end for several sweeps: Azure revoked on time, GCP at the first sweep after it is back", async () => {
    w = await startWorld();
    const gcpPr = await w.requestAndMerge({ [GCP_PATH]: gcpRequest() });
    const azurePr = await w.requestAndMerge({ [AZURE_PATH]: azureRequest() }, { title: "Read storage logs for INC-4711" });
    const GET = "POST /v3/projects/{id}:getIamPolicy";
    w.h.gcp?.faults.failNext(GET, 10_000, { status: 503 });

    w.h.clock.set("2026-11-24T10:00:00Z");
    await w.settle();
    expect([w.holdsAzure(), await azureHeld(w), w.gcpBindings()]).toEqual([false, [], 1]);
    expect(await w.mainFiles()).toEqual([GCP_PATH]);
    for (let i = 0; i < 3; i++) {
      w.h.clock.advance(SWEEP);
      await w.settle();
    }
    expect([w.gcpBindings(), await w.mainFiles()]).toEqual([1, [GCP_PATH]]);
    expect(w.h.logs.filter((l) => l.msg === "revoke failed; the next run retries").length).toBeGreaterThanOrEqual(4);

    w.h.gcp?.faults.clear();
    w.h.clock.advance(SWEEP);
    await w.settle();
    expect([w.holdsGcp(), w.gcpBindings(), await w.mainFiles()]).toEqual([false, 0, []]);
    expect((await reverts(w)).map((r) => [r.merged, r.paths])).toEqual([
      [true, [GCP_PATH]],
      [true, [AZURE_PATH]],
    ]);
    for (const pr of [gcpPr.number, azurePr.number]) expect((await w.storyOf(pr)).filter((l) => l.startsWith("⏹️ Access ended at 2026-11-24 10:00 UTC"))).toHaveLength(1);
  });
});

describe("invariant 12: a request half applied when the process died is completed or rolled back, never left half", () => {
  it("completes: the reconcile at start-up grants the missing half, and both end on time", async () => {
    w = await startWorld();
    await w.lifecycle().stop(); // the process dies as the merge arrives
    const start = w.h.clock.now();
    await w.requestAndMerge({ [AZURE_PATH]: twoRoles("Storage Blob Data Reader") });
    await w.deps.providers.get("azure")?.grant(azureSpec("Reader", start));
    expect(await azureHeld(w)).toEqual(["Reader"]);

    await w.restart();
    await w.settle();
    expect(await azureHeld(w)).toEqual(["Reader", "Storage Blob Data Reader"]);
    w.h.clock.set("2026-11-24T10:00:00Z");
    await w.settle();
    expect([await azureHeld(w), w.holdsAzure(), await w.mainFiles()]).toEqual([[], false, []]);
  });

  it("rolls back: when the missing half cannot be granted, the half that was applied is revoked", async () => {
    w = await startWorld();
    w.h.azure?.seedAssignment({ scope: RG, principalId: ALICE_OID, roleName: "Contributor", description: "standing access, set up by hand" });
    await w.lifecycle().stop();
    const start = w.h.clock.now();
    const { number } = await w.requestAndMerge({ [AZURE_PATH]: twoRoles("Contributor") });
    await w.deps.providers.get("azure")?.grant(azureSpec("Reader", start));
    expect(w.holdsAzure()).toBe(true);

    await w.restart();
    await w.settle();
    expect([await azureHeld(w), w.holdsAzure()]).toEqual([[], false]);
    expect((await w.storyOf(number)).at(-1)).toMatch(/^❌ Nothing was granted: grant 2 \(azure `Contributor` on .*\) failed: .*Grants already applied for this request were revoked \(all or nothing\)/);
  });
});
