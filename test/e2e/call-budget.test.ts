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
 * One request's whole lifecycle from a cold process (policies read for the first time), under shuffled
 * delivery, with the merge judged on team memberships read fresh (not from the PR flow's one-minute cache).
 * The process has made its start-up run over the access repo, as a deployed app does when it starts (the
 * harness starts the app before it seeds the repo, so that run is made once the repo is there), and then
 * forgets every read: no tree, blob, membership or ETag is known.
 * Opening costs 12: one GraphQL query for the pull request (its files, commits, reviews and requested reviewers,
 * and how many of the app's check runs its head has) with the default branch's tip (pull-view.ts); who pushed its head (REST only); the tip's tree; one GraphQL
 * query for the five config files and the request file, and the name's history by REST (a name never used is
 * what the reuse check lets through, so REST's answer decides it); one team; two checks created without a
 * listing before (the query counted none of the app's runs on the head) and one listing after, for duplicates; the plan comment created (a pull request GitHub counts no comments on has none to look up)
 * and read back; the label. No review request: GitHub itself asked the code owners, who are all the rule needs
 * (About code owners), so the app has nobody left to ask. An approval costs 4: the pull request's query, the
 * approver's one team, the approval check and the plan; the rest is answered 304 Not Modified.
 */
const OPEN_CEILING = 12;
const APPROVE_CEILING = 4;
/**
 * The merge costs 10: the new head's tree (read once for the push handler, which tells from the config entries
 * of the trees before and after it that no configuration changed, and the lifecycle), the file's history with each
 * commit's pull request in one GraphQL query (path-history.ts), the record, the merged pull request's query (its merge commit and that commit's first parent
 * with it, and its files, which the closed handler reads from there: merged-files.ts), the decision written (no read-back: every grant run is part of
 * the record), the decision ledger written (the head read and one run; the start-up run found no request file, so
 * no ledger is looked up), the record read again before the grant (fresh: another replica may have ended it) and, answered 304, right
 * before its outcome is written; no compare (arrival-check.ts: the merge is the head the run read), and one edit of
 * the plan comment, from what the process remembers of its own comments (own-comments.ts), with the outcome and the
 * story's line together. The window's end costs 14: the open pull requests listed, the
 * revert's tree (on the tip's tree, whose sha the run's tree read told) and commit, its branch created without a
 * lookup first, the pull request opened and labelled, its checks created from what the process built
 * (own-reverts.ts: no file listing, no lookup of runs), the merge with the head the create answered, the periodic
 * run's head and tree (the push handler's read of that tree serves it), the record read and the end written
 * there, and one edit of the plan comment without a listing.
 */
const MERGE_CEILING = 10;
const END_CEILING = 14;
const LIFECYCLE_CEILING = 40;
/**
 * The same again in the same process, as a long-running app pays it: the config blobs at unchanged shas
 * are known, and so are the ETags of the team memberships and of the open pull requests' listing, so opening
 * costs 10 (one query reads the new request file, REST its name's history), an approval 3 (the approver's team
 * is answered 304) and the window's end 13.
 */
const WARM_OPEN_CEILING = 10;
const WARM_APPROVE_CEILING = 3;
/** The merge 10 and the window's end 13, as measured in the same process. */
const WARM_MERGE_CEILING = 10;
const WARM_END_CEILING = 13;
const WARM_LIFECYCLE_CEILING = 36;
const SECOND_GCP_PATH = "requests/gcp/prod/alice-inc-4712.yaml";

/** Opens, approves, merges and ends one request; returns the rate-limited calls of each phase, and of the whole. */
async function oneLifecycle(world: World, path: string, title: string): Promise<{ open: number; approve: number; merge: number; end: number; total: number; table: string }> {
  const calls = world.h.appGitHubCalls;
  calls.reset();
  const pr = await world.h.github.as("alice").openPullRequest(ACCESS_REPO, { title, files: { [path]: gcpRequest() } });
  await world.settle();
  const open = calls.rateLimited();
  await world.h.github.as("bob").approve(ACCESS_REPO, pr.number);
  await world.settle();
  const approve = calls.rateLimited() - open;
  await world.h.github.as("bob").merge(ACCESS_REPO, pr.number);
  await world.settle();
  const merge = calls.rateLimited() - open - approve;
  expect(world.holdsGcp()).toBe(true);
  world.h.clock.advance(2 * HOUR);
  await world.settle();
  expect(world.holdsGcp()).toBe(false);
  expect(await world.mainFiles()).toEqual([]);
  const total = calls.rateLimited();
  return { open, approve, merge, end: total - open - approve - merge, total, table: JSON.stringify(calls.table()) };
}

/** A new process: fresh lifecycle, and no cached reads, memberships or ETags. */
type PhaseCosts = Awaited<ReturnType<typeof oneLifecycle>>;

/** Each phase (open, approve, merge, end) and the total at or under its ceiling; the table of calls names what was spent. */
function expectWithin(costs: PhaseCosts, ceilings: [number, number, number, number, number]): void {
  const spent = [costs.open, costs.approve, costs.merge, costs.end, costs.total];
  expect(spent, costs.table).toEqual(spent.map((n, i) => Math.min(n, ceilings[i] ?? 0)));
}

/** Every read the process holds is forgotten: trees, blobs, team memberships and ETags. */
function forgetReads(world: World): void {
  clearReadCache();
  attachSharedReads(world.h.probot, { memberships: new MembershipCache(world.h.clock), conditional: new ConditionalCache() });
}

async function restartCold(world: World): Promise<void> {
  forgetReads(world);
  await world.restart();
}

describe("the lifecycle within GitHub's request budget", () => {
  it(
    `one request from open to reverted costs at most ${LIFECYCLE_CEILING} rate-limited GitHub calls from a cold process (opening ${OPEN_CEILING}, an approval ${APPROVE_CEILING}, the merge ${MERGE_CEILING}, the end ${END_CEILING}); the next one in the same process ${WARM_LIFECYCLE_CEILING} (${WARM_OPEN_CEILING}, ${WARM_APPROVE_CEILING}, ${WARM_MERGE_CEILING}, ${WARM_END_CEILING})`,
    async () => {
      w = await startWorld();
      await w.lifecycle().trigger(ACCESS_REPO, "reconcile");
      await w.settle();
      forgetReads(w);
      const cold = await oneLifecycle(w, GCP_PATH, "Read prod DB for INC-4711");
      expectWithin(cold, [OPEN_CEILING, APPROVE_CEILING, MERGE_CEILING, END_CEILING, LIFECYCLE_CEILING]);
      const warm = await oneLifecycle(w, SECOND_GCP_PATH, "Read prod DB again for INC-4712");
      expectWithin(warm, [WARM_OPEN_CEILING, WARM_APPROVE_CEILING, WARM_MERGE_CEILING, WARM_END_CEILING, WARM_LIFECYCLE_CEILING]);
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
      // Fixed: the installation token, the repository, the tree and one GraphQL query for the five config files; then per request its history, pull request and record.
      expect(w.h.appGitHubCalls.rateLimited(), JSON.stringify(w.h.appGitHubCalls.table())).toBeLessThanOrEqual(4 + 3 * 2);
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
      // The decision ledger cannot be read either, so each file is derived from its merge commit; GraphQL does not
      // answer (the config files' query and both files' history queries), so the histories are read by REST, and the
      // first of those fails.
      w.h.github.faults.failNext("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", 1, { status: 502 });
      w.h.github.faults.failNext("POST /graphql", 3, { status: 502 });
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
