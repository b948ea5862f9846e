import { afterEach, describe, expect, it } from "vitest";
import { revertPaths } from "../../src/lifecycle/revert-text.js";
import { AZURE_ROUTES } from "../../src/sandbox/azure/index.js";
import type { World } from "./lifecycle-world.js";
import { AZURE_PATH, GCP_PATH, azureRequest, gcpRequest, owner, repo, startWorld } from "./lifecycle-world.js";

const SWEEP = 60_000;
let w: World;
afterEach(async () => w.close());

type Where = "github" | "gcp" | "azure";
const steps: Array<[string, Where, string, boolean]> = [
  ["before the revert branch exists", "github", "POST /repos/{owner}/{repo}/git/refs", false],
  ["between the branch and the pull request", "github", "POST /repos/{owner}/{repo}/pulls", true],
  ["between the pull request and its label", "github", "POST /repos/{owner}/{repo}/issues/{issue_number}/labels", true],
  ["between opening and merging the revert", "github", "PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge", true],
  ["before telling the original PR", "github", "POST /repos/{owner}/{repo}/issues/{issue_number}/comments", false],
  ["at the GCP revoke", "gcp", "POST /v3/projects/{id}:setIamPolicy", true],
  ["at the Azure revoke", "azure", AZURE_ROUTES.createScheduleRequest, false],
];

async function revertPulls(world: World) {
  const { data } = await world.h.github.octokitFor("bob").rest.pulls.list({ owner, repo, state: "all", per_page: 100 });
  return data.filter((p) => p.labels.some((l) => l.name === "access-pr:expired")).map((p) => ({ merged: p.merged_at !== null, paths: revertPaths(p.body) }));
}

describe("a crash at each step of the window's end is repaired by the next sweep", () => {
  it.each(steps)("%s (%s %s), restart: %s", async (_name, where, route, restart) => {
    w = await startWorld();
    const { number } = await w.requestAndMerge({ [GCP_PATH]: gcpRequest(), [AZURE_PATH]: azureRequest() });
    expect([w.holdsGcp(), w.holdsAzure()]).toEqual([true, true]);
    const faults = where === "github" ? w.h.github.faults : where === "gcp" ? w.h.gcp?.faults : w.h.azure?.faults;
    faults?.failNext(route, 1, { drop: true });

    w.h.clock.set("2026-11-24T10:00:00Z");
    await w.settle();
    if (restart) await w.restart();
    w.h.clock.advance(SWEEP);
    await w.settle();
    w.h.clock.advance(SWEEP);
    await w.settle();

    expect([w.holdsGcp(), w.holdsAzure(), w.gcpBindings()]).toEqual([false, false, 0]);
    expect(await w.mainFiles()).toEqual([]);
    // Each request file is removed by exactly one merged revert (a file whose revoke failed waits for its own).
    const reverts = await revertPulls(w);
    expect(reverts.every((r) => r.merged)).toBe(true);
    expect(reverts.flatMap((r) => r.paths).sort()).toEqual([AZURE_PATH, GCP_PATH]);
    expect((await w.storyOf(number)).filter((line) => line.startsWith("⏹️ Access ended"))).toHaveLength(1);
  });

  it("a cloud outage at the merge's grant is repaired by the reconcile after a restart, applied once", async () => {
    w = await startWorld();
    w.h.gcp?.denyFor("projects/payments-prod");
    await w.requestAndMerge({ [GCP_PATH]: gcpRequest() });
    expect(w.holdsGcp()).toBe(false);
    w.h.gcp?.allowFor("projects/payments-prod");
    await w.restart();
    await w.settle();
    expect([w.holdsGcp(), w.gcpBindings()]).toEqual([true, 1]);
    w.h.clock.set("2026-11-24T10:00:00Z");
    await w.settle();
    expect([w.holdsGcp(), w.gcpBindings()]).toEqual([false, 0]);
  });
});
