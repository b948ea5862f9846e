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
 * One request's whole lifecycle: 89 calls measured under shuffled delivery, with the merge judged on
 * team memberships read fresh (not from the PR flow's one-minute cache); the ceiling leaves a little
 * room for the delivery order, which changes how often the PR flow re-evaluates.
 */
const LIFECYCLE_CEILING = 95;
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
const SECOND_GCP_PATH = "requests/gcp/prod/alice-inc-4712.yaml";

/** A new process: fresh lifecycle, and no cached reads, memberships or ETags. */
async function restartCold(world: World): Promise<void> {
  clearReadCache();
  attachSharedReads(world.h.probot, { memberships: new MembershipCache(world.h.clock), conditional: new ConditionalCache() });
  await world.restart();
}

describe("the lifecycle within GitHub's request budget", () => {
  it(
    `one request from open to reverted costs at most ${LIFECYCLE_CEILING} rate-limited GitHub calls; opening at most ${OPEN_CEILING}, an approval at most ${APPROVE_CEILING}`,
    async () => {
      w = await startWorld();
      await w.settle();
      clearReadCache();
      w.h.appGitHubCalls.reset();
      const pr = await w.h.github.as("alice").openPullRequest(ACCESS_REPO, { title: "Read prod DB for INC-4711", files: { [GCP_PATH]: gcpRequest() } });
      await w.settle();
      const opened = w.h.appGitHubCalls.rateLimited();
      expect(opened, JSON.stringify(w.h.appGitHubCalls.table())).toBeLessThanOrEqual(OPEN_CEILING);
      await w.h.github.as("bob").approve(ACCESS_REPO, pr.number);
      await w.settle();
      expect(w.h.appGitHubCalls.rateLimited() - opened, JSON.stringify(w.h.appGitHubCalls.table())).toBeLessThanOrEqual(APPROVE_CEILING);
      await w.h.github.as("bob").merge(ACCESS_REPO, pr.number);
      await w.settle();
      expect(w.holdsGcp()).toBe(true);
      w.h.clock.advance(2 * HOUR);
      await w.settle();
      expect(w.holdsGcp()).toBe(false);
      expect(await w.mainFiles()).toEqual([]);
      const calls = w.h.appGitHubCalls.rateLimited();
      expect(calls, JSON.stringify(w.h.appGitHubCalls.table())).toBeLessThanOrEqual(LIFECYCLE_CEILING);
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
      // Fixed: the installation token, the repository, the tree and the five config files; then per request its history, pull request and record.
      expect(w.h.appGitHubCalls.rateLimited(), JSON.stringify(w.h.appGitHubCalls.table())).toBeLessThanOrEqual(8 + 3 * 2);
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
