/**
 * A whole request's life (open, push, review, merge and its push, /revoke)
 * delivered to the app in a different shuffled, overlapping order with
 * duplicates for each seed: the app must end in the same state every time.
 * Replay one seed with ACCESS_PR_DELIVERY_SEED=<seed>.
 */
import { afterEach, describe, expect, it } from "vitest";
import { revertPaths } from "../../src/lifecycle/revert-text.js";
import { ACCESS_REPO } from "../helpers/app-harness.js";
import { SEED_VARIABLE } from "../helpers/delivery-seed.js";
import { parseSeed } from "../../src/sandbox/github/index.js";
import { burstFrom } from "./delivery-replay.js";
import type { World } from "./lifecycle-world.js";
import { AZURE_PATH, GCP_PATH, RG, azureRequest, gcpRequest, owner, repo, startWorld } from "./lifecycle-world.js";

const replay = parseSeed(process.env[SEED_VARIABLE], SEED_VARIABLE);
const SEEDS = replay === undefined ? [101, 202, 303] : [replay];

let w: World | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

/** Every check run of the app on these shas, counted per name and sha. */
async function checkRunsPerNameAndSha(world: World, shas: string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const sha of shas) {
    const { data } = await world.h.github.octokitFor("bob").rest.checks.listForRef({ owner, repo, ref: sha, filter: "all", per_page: 100 });
    for (const run of data.check_runs.filter((r) => r.app?.slug === "access-pr")) counts[`${run.name} @${sha.slice(0, 7)}`] = (counts[`${run.name} @${sha.slice(0, 7)}`] ?? 0) + 1;
  }
  return counts;
}

async function appComments(world: World, pr: number): Promise<string[]> {
  return (await world.h.comments(pr)).filter((c) => c.user === "access-pr[bot]").map((c) => c.body.split("\n", 1)[0] ?? "");
}

async function appPulls(world: World) {
  const { data } = await world.h.github.octokitFor("bob").rest.pulls.list({ owner, repo, state: "all", per_page: 100 });
  return data.filter((p) => p.user?.login === "access-pr[bot]").map((p) => ({ merged: p.merged_at !== null, paths: revertPaths(p.body).sort() }));
}

async function azureHeld(world: World): Promise<number> {
  return (await world.deps.providers.get("azure")?.list(RG))?.length ?? 0;
}

describe("a request's whole life, delivered shuffled, overlapping and duplicated, ends in the same state for every seed", () => {
  // Three bursts of a whole lifecycle each: minutes on a loaded machine.
  it.each(SEEDS)("seed %i", { timeout: 300_000 }, async (seed) => {
    w = await startWorld({ deliverySeed: seed });
    const world = w;
    await world.settle();
    const burst = burstFrom(world.h.github, seed);
    const alice = world.h.github.as("alice");
    let number = 0;
    const shas: string[] = [];

    await burst.phase(async () => {
      const pr = await alice.openPullRequest(ACCESS_REPO, { title: "Read prod DB for INC-4711", files: { [GCP_PATH]: gcpRequest() } });
      number = pr.number;
      shas.push(pr.headSha);
      shas.push(await alice.pushToPull(ACCESS_REPO, number, { [AZURE_PATH]: azureRequest() }, "Add the storage logs"));
      await world.h.github.as("bob").approve(ACCESS_REPO, number);
    }, world.settle);
    const open = {
      checks: await checkRunsPerNameAndSha(world, shas),
      approval: (await world.h.checkRun(shas[1] ?? "", "access-pr / approval"))?.conclusion,
      comments: await appComments(world, number),
    };
    expect(Object.values(open.checks).every((n) => n === 1), JSON.stringify(open.checks)).toBe(true);
    expect(open.approval).toBe("success");
    expect(open.comments).toEqual(["<!-- access-pr:plan -->"]);

    await burst.phase(async () => void (await world.h.github.as("bob").merge(ACCESS_REPO, number)), world.settle);
    const granted = { gcp: world.gcpBindings(), azure: await azureHeld(world), holds: [world.holdsGcp(), world.holdsAzure()], story: await world.storyOf(number), comments: (await appComments(world, number)).sort() };
    expect(granted.gcp).toBe(1);
    expect(granted.azure).toBe(1);
    expect(granted.holds).toEqual([true, true]);
    expect(granted.story.filter((l) => l.startsWith("✅"))).toHaveLength(2);
    expect(granted.comments).toEqual(["<!-- access-pr:plan -->"]);

    world.h.clock.advance(10 * 60_000);
    await burst.phase(async () => void (await alice.comment(ACCESS_REPO, number, "/revoke")), world.settle);
    const ended = {
      held: [world.gcpBindings(), await azureHeld(world), world.holdsGcp(), world.holdsAzure()],
      files: await world.mainFiles(),
      reverts: await appPulls(world),
      ends: (await world.storyOf(number)).filter((l) => l.startsWith("⏹️")).length,
      comments: (await appComments(world, number)).sort(),
      checks: await checkRunsPerNameAndSha(world, shas),
    };
    expect(ended.held).toEqual([0, 0, false, false]);
    expect(ended.files).toEqual([]);
    expect(ended.reverts).toEqual([{ merged: true, paths: [AZURE_PATH, GCP_PATH] }]);
    expect(ended.ends).toBe(1);
    // A /revoke that worked is answered in the story, not by a reply.
    expect(ended.comments).toEqual(["<!-- access-pr:plan -->"]);
    expect(Object.values(ended.checks).every((n) => n === 1), JSON.stringify(ended.checks)).toBe(true);
    expect(world.h.logs.filter((l) => l.level >= 50).map((l) => l.msg)).toEqual([]);
  });
});
