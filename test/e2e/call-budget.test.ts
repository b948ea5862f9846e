import { afterEach, describe, expect, it } from "vitest";
import { clearReadCache } from "../../src/github/read-files.js";
import { attachSharedReads, ConditionalCache, MembershipCache } from "../../src/github/read-memo.js";
import { ACCESS_REPO } from "../helpers/app-harness.js";
import type { World } from "./lifecycle-world.js";
import { AZURE_PATH, GCP_PATH, HOUR, azureRequest, gcpRequest, startWorld } from "./lifecycle-world.js";

let w: World;
afterEach(async () => w.close());
const SLOW = 400_000;
/**
 * One request's whole lifecycle: 69 calls measured in the seeded delivery order (89 before the PR flow and the
 * lifecycle cut theirs), with the merge judged on team memberships read fresh (conditional requests, never the PR
 * flow's one-minute cache); the ceiling leaves a little room for the delivery order, which changes how often the
 * PR flow re-evaluates.
 */
const LIFECYCLE_CEILING = 72;
/**
 * The PR flow's share, per phase, from a cold process (policies read for the first time): opening costs
 * 24 in the seeded order (the pull request, its files, commits, reviews and pushers; the default branch's
 * tip, tree and five config files; the request file and its history; one team; one listing of checks
 * before and after creating two; the plan comment read, created and read back; the label; the review
 * request). An approval costs 5 (the pull request, its reviews, the approver's one team, the approval
 * check and the plan); the rest is answered 304 Not Modified. A little room for the delivery order.
 */
const OPEN_CEILING = 26;
const APPROVE_CEILING = 6;
/**
 * The merge (18 measured: the default branch's head and tree, the file's history, pull request and record, the
 * merged pull request and its merge commit, the decision written, the decision ledger read and written, the
 * record read again before the grant and before its outcome is written, the story and plan comments) and the
 * window's end (22 measured: the revert built on the head the run read and merged through the guard, its two
 * checks, the end recorded and told, and the periodic run that reads the new head). They were 23 and 26.
 */
const MERGE_CEILING = 19;
const END_CEILING = 23;
const SECOND_GCP_PATH = "requests/gcp/prod/alice-inc-4712.yaml";

/** A new process: fresh lifecycle, and no cached reads, memberships or ETags. */
async function restartCold(world: World): Promise<void> {
  clearReadCache();
  attachSharedReads(world.h.probot, { memberships: new MembershipCache(world.h.clock), conditional: new ConditionalCache() });
  await world.restart();
}

describe("the lifecycle within GitHub's request budget", () => {
  it(
    `one request from open to reverted costs at most ${LIFECYCLE_CEILING} rate-limited GitHub calls; opening at most ${OPEN_CEILING}, an approval at most ${APPROVE_CEILING}, the merge at most ${MERGE_CEILING} and the window's end at most ${END_CEILING}`,
    async () => {
      w = await startWorld();
      await w.settle();
      clearReadCache();
      const phases: Record<string, { calls: number; table: unknown }> = {};
      const phase = async (name: string, act: () => Promise<unknown>) => {
        w.h.appGitHubCalls.reset();
        await act();
        await w.settle();
        phases[name] = { calls: w.h.appGitHubCalls.rateLimited(), table: w.h.appGitHubCalls.table() };
      };
      let number = 0;
      await phase("open", async () => (number = (await w.h.github.as("alice").openPullRequest(ACCESS_REPO, { title: "Read prod DB for INC-4711", files: { [GCP_PATH]: gcpRequest() } })).number));
      await phase("approve", () => w.h.github.as("bob").approve(ACCESS_REPO, number));
      await phase("merge", () => w.h.github.as("bob").merge(ACCESS_REPO, number));
      expect(w.holdsGcp()).toBe(true);
      await phase("end", async () => w.h.clock.advance(2 * HOUR));
      expect(w.holdsGcp()).toBe(false);
      expect(await w.mainFiles()).toEqual([]);
      const total = Object.values(phases).reduce((sum, p) => sum + p.calls, 0);
      expect(phases.open?.calls, JSON.stringify(phases.open)).toBeLessThanOrEqual(OPEN_CEILING);
      expect(phases.approve?.calls, JSON.stringify(phases.approve)).toBeLessThanOrEqual(APPROVE_CEILING);
      expect(phases.merge?.calls, JSON.stringify(phases.merge)).toBeLessThanOrEqual(MERGE_CEILING);
      expect(phases.end?.calls, JSON.stringify(phases.end)).toBeLessThanOrEqual(END_CEILING);
      expect(total, JSON.stringify(phases)).toBeLessThanOrEqual(LIFECYCLE_CEILING);
    },
    SLOW,
  );

  it(
    "a cold restart with two active requests reads each back from its recorded decision: at most 3 calls a request beyond the fixed reads",
    async () => {
      w = await startWorld();
      await w.requestAndMerge({ [GCP_PATH]: gcpRequest() });
      await w.requestAndMerge({ [AZURE_PATH]: azureRequest() }, { title: "Azure logs for INC-4711" });
      w.h.appGitHubCalls.reset();
      await restartCold(w);
      await w.settle();
      // Fixed: the installation token, the repository, its default branch's head and that commit's tree (kept for the
      // next runs: a tree never changes), and the five config files; then per request its history, pull request and record.
      expect(w.h.appGitHubCalls.rateLimited(), JSON.stringify(w.h.appGitHubCalls.table())).toBeLessThanOrEqual(9 + 3 * 2);
      expect([w.holdsGcp(), w.holdsAzure()]).toEqual([true, true]);
    },
    SLOW,
  );

  it(
    "a request file GitHub cannot answer for does not hold back the revocation of the others; the next run handles it",
    async () => {
      w = await startWorld();
      await w.requestAndMerge({ [GCP_PATH]: gcpRequest() });
      await w.requestAndMerge({ [SECOND_GCP_PATH]: gcpRequest() }, { title: "Read prod DB again for INC-4711" });
      // The cloud ends an expired binding by its condition; what the app revokes is the binding itself.
      expect(w.gcpBindings()).toBe(2);
      // Down while both windows end; on start the first file's history read fails.
      await w.lifecycle().stop();
      w.h.clock.advance(2 * HOUR + 60_000);
      // The decision ledger cannot be read either, so each file is derived from its merge commit; the first file's history read fails.
      w.h.github.faults.failNext("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", 1, { status: 502 });
      w.h.github.faults.failNext("GET /repos/{owner}/{repo}/commits", 1, { status: 502 });
      await restartCold(w);
      await w.settle();
      expect(w.gcpBindings()).toBe(1);
      w.h.clock.advance(60_000);
      await w.settle();
      expect(w.gcpBindings()).toBe(0);
    },
    SLOW,
  );
});
