import { afterEach, describe, expect, it } from "vitest";
import { revertPaths } from "../../src/lifecycle/revert-text.js";
import { ACCESS_REPO } from "../helpers/app-harness.js";
import type { World } from "./lifecycle-world.js";
import { AZURE_PATH, GCP_PATH, RG, azureRequest, gcpRequest, owner, repo, startWorld } from "./lifecycle-world.js";
import type { Replica } from "./second-replica.js";
import { startSecondReplica } from "./second-replica.js";

let w: World;
let b: Replica;
afterEach(async () => {
  await b.close();
  await w.close();
});

async function settleBoth(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await w.settle();
    await b.lifecycle().scheduler.idle();
  }
  await w.settle();
}

async function bothRun(kind: "sweep" | "reconcile"): Promise<void> {
  await Promise.all([w.lifecycle().trigger(ACCESS_REPO, kind), b.lifecycle().trigger(ACCESS_REPO, kind)]);
  await settleBoth();
}

async function appPulls() {
  const { data } = await w.h.github.octokitFor("bob").rest.pulls.list({ owner, repo, state: "all", per_page: 100 });
  return data.filter((p) => p.user?.login === "access-pr[bot]").map((p) => ({ number: p.number, merged: p.merged_at !== null, paths: revertPaths(p.body), labels: p.labels.map((l) => l.name) }));
}

async function appComments(pr: number) {
  return (await w.h.comments(pr)).filter((c) => c.user === "access-pr[bot]");
}

async function azureHeld(): Promise<number> {
  return (await w.deps.providers.get("azure")?.list(RG))?.length ?? 0;
}

async function assertOneStoryLinePerEvent(pr: number): Promise<string[]> {
  const stories = (await appComments(pr)).filter((c) => c.body.startsWith("<!-- access-pr:plan -->"));
  expect(stories).toHaveLength(1);
  const entries = stories[0]?.body.split("\n").filter((l) => l.startsWith("<!-- entry:")).map((l) => /^<!-- entry:([^ ]+) -->/.exec(l)?.[1]) ?? [];
  expect(new Set(entries).size).toBe(entries.length);
  return w.storyOf(pr);
}

describe("two replicas of the app share the emulators: no duplicate grant, no duplicate revert, no lost revocation", () => {
  it("concurrent reconciles grant once; concurrent sweeps at the window's end revoke, open and merge ONE revert", async () => {
    w = await startWorld();
    b = await startSecondReplica(w.h);
    await settleBoth();
    const { number } = await w.requestAndMerge({ [GCP_PATH]: gcpRequest(), [AZURE_PATH]: azureRequest() });
    await settleBoth();
    await bothRun("reconcile");
    w.h.clock.advance(10 * 60_000); // both replicas' periodic reconciles and sweeps fire together
    await settleBoth();
    expect([w.holdsGcp(), w.holdsAzure(), w.gcpBindings(), await azureHeld()]).toEqual([true, true, 1, 1]);

    w.h.clock.set("2026-11-24T10:00:00Z"); // both replicas' precise timers fire together
    await bothRun("sweep");
    await bothRun("sweep");

    expect([w.holdsGcp(), w.holdsAzure(), w.gcpBindings(), await azureHeld()]).toEqual([false, false, 0, 0]);
    expect(await w.mainFiles()).toEqual([]);
    const reverts = await appPulls();
    expect(reverts).toHaveLength(1);
    expect(reverts[0]).toMatchObject({ merged: true, labels: ["access-pr:expired"] });
    expect(reverts[0]?.paths.sort()).toEqual([AZURE_PATH, GCP_PATH]);
    expect(await appComments(reverts[0]?.number ?? 0)).toEqual([]);
    const story = await assertOneStoryLinePerEvent(number);
    expect(story.filter((l) => l.startsWith("✅"))).toHaveLength(2);
    expect(story.filter((l) => l.startsWith("⏹️"))).toEqual([`⏹️ Access ended at 2026-11-24 10:00 UTC: the window is over and the grants are revoked. The request file is removed by #${reverts[0]?.number} (merged).`]);
    expect([...w.h.logs, ...b.logs].filter((l) => l.level >= 50).map((l) => `${l.msg} ${JSON.stringify(l)}`)).toEqual([]);
  });

  it("a /revoke handled by one replica while both sweep at the window's end: one revert, one end in the story, nothing held", async () => {
    w = await startWorld();
    b = await startSecondReplica(w.h);
    await settleBoth();
    const { number } = await w.requestAndMerge({ [GCP_PATH]: gcpRequest(), [AZURE_PATH]: azureRequest() });
    await bothRun("reconcile");
    w.h.clock.set("2026-11-24T09:59:59Z");
    await w.h.github.as("alice").comment(ACCESS_REPO, number, "/revoke");
    w.h.clock.set("2026-11-24T10:00:00Z");
    await Promise.all([w.h.github.settled(), w.lifecycle().trigger(ACCESS_REPO, "sweep"), b.lifecycle().trigger(ACCESS_REPO, "sweep")]);
    await settleBoth();
    await bothRun("sweep");

    expect([w.holdsGcp(), w.holdsAzure(), w.gcpBindings(), await azureHeld()]).toEqual([false, false, 0, 0]);
    expect(await w.mainFiles()).toEqual([]);
    const reverts = await appPulls();
    expect(reverts).toHaveLength(1);
    expect(reverts[0]?.merged).toBe(true);
    expect(reverts[0]?.paths.sort()).toEqual([AZURE_PATH, GCP_PATH]);
    const story = await assertOneStoryLinePerEvent(number);
    expect(story.filter((l) => l.startsWith("⏹️")), story.join("\n")).toHaveLength(1);
    expect(await appComments(reverts[0]?.number ?? 0)).toEqual([]);
  });

  it("both replicas repairing a failed grant at the same reconcile apply it once", async () => {
    w = await startWorld();
    b = await startSecondReplica(w.h);
    await settleBoth();
    w.h.gcp?.denyFor("projects/payments-prod");
    const gcpPr = await w.requestAndMerge({ [GCP_PATH]: gcpRequest() });
    const azurePr = await w.requestAndMerge({ [AZURE_PATH]: azureRequest() }, { title: "Read storage logs for INC-4711" });
    expect([w.gcpBindings(), await azureHeld()]).toEqual([0, 1]);
    w.h.gcp?.allowFor("projects/payments-prod");
    await bothRun("reconcile");
    await bothRun("reconcile");
    expect([w.holdsGcp(), w.gcpBindings(), w.holdsAzure(), await azureHeld()]).toEqual([true, 1, true, 1]);
    expect((await assertOneStoryLinePerEvent(gcpPr.number)).filter((l) => l.startsWith("✅"))).toHaveLength(1);
    expect((await assertOneStoryLinePerEvent(azurePr.number)).filter((l) => l.startsWith("✅"))).toHaveLength(1);
    w.h.clock.set("2026-11-24T10:00:00Z");
    await bothRun("sweep");
    expect([w.gcpBindings(), await azureHeld(), await w.mainFiles()]).toEqual([0, 0, []]);
    expect((await appPulls()).filter((p) => p.merged)).toHaveLength(1);
  });
});
