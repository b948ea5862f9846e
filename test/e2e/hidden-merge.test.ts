// A writer with no approval rights, on a repo without branch protection, puts an old approved version of a request
// file back on main through a merge commit whose other parent already holds that version. Git's default history
// simplification (`git log <rev> -- <path>`, which the embedded GitHub runs for `commits?path=`) prunes a merge that is
// TREESAME to one parent and follows only that parent, so the path's history no longer names the merge that put the
// file back: it names the old approved pull request, whose record on its merge commit says "granted" for this blob.
// The app must not grant on it: it checks that the recorded merge is where this blob arrived on the default branch's
// first-parent line (arrival-check.ts), and otherwise grants nothing, reverts the file and says why.
import { afterEach, describe, expect, it } from "vitest";
import { ACCESS_REPO } from "../helpers/app-harness.js";
import type { World } from "./lifecycle-world.js";
import { GCP_PATH, HOUR, gcpRequest, owner, repo, startWorld } from "./lifecycle-world.js";

const LONG = 240_000;
let w: World;
afterEach(async () => w.close());

const bot = () => w.h.github.octokitFor("access-pr[bot]");
const git = () => w.h.github.as("mallory").octokit.rest.git;

async function mainSha(): Promise<string> {
  return (await bot().rest.git.getRef({ owner, repo, ref: "heads/main" })).data.object.sha;
}

async function blobAt(ref: string): Promise<string | undefined> {
  const { data } = await bot().rest.git.getTree({ owner, repo, tree_sha: ref, recursive: "1" });
  return data.tree.find((e) => e.path === GCP_PATH)?.sha;
}

/** mallory's merge on top of main: main's tree with alice's file set to `blob`, and `others` as further parents; pushed to main. */
async function hiddenMerge(others: string[], blob: string): Promise<string> {
  const head = await mainSha();
  const base = (await git().getCommit({ owner, repo, commit_sha: head })).data.tree.sha;
  const { data: tree } = await git().createTree({ owner, repo, base_tree: base, tree: [{ path: GCP_PATH, mode: "100644", type: "blob", sha: blob }] });
  const { data: merge } = await git().createCommit({ owner, repo, message: "Merge branch 'tidy-up'", tree: tree.sha, parents: [head, ...others] });
  await git().updateRef({ owner, repo, ref: "heads/main", sha: merge.sha });
  return merge.sha;
}

/** The commits `commits?path=` names for alice's file on main, newest first. */
async function pathHistory(): Promise<string[]> {
  const { data } = await bot().rest.repos.listCommits({ owner, repo, sha: "main", path: GCP_PATH, per_page: 100 });
  return data.map((c) => c.sha);
}

async function headOf(number: number): Promise<string> {
  return (await bot().rest.pulls.get({ owner, repo, pull_number: number })).data.head.sha;
}

/** alice's approved 2h request merged (as a merge commit or squashed), granted; then she gives it back half an hour in. */
async function grantedThenRelinquished(method: "merge" | "squash") {
  w = await startWorld();
  const pr = await w.h.github.as("alice").openPullRequest(ACCESS_REPO, { title: "Read prod DB for INC-4711", files: { [GCP_PATH]: gcpRequest() } });
  await w.settle();
  await w.h.github.as("bob").approve(ACCESS_REPO, pr.number);
  await w.settle();
  const mergeSha = await w.h.github.as("bob").merge(ACCESS_REPO, pr.number, { method });
  await w.settle();
  expect(w.holdsGcp()).toBe(true);
  const blob = (await blobAt(mergeSha)) ?? "";
  w.h.clock.advance(HOUR / 2);
  await w.requestAndMerge({ [GCP_PATH]: null }, { title: "Done with the prod DB" });
  expect([w.holdsGcp(), w.gcpBindings()]).toEqual([false, 0]);
  return { pr: pr.number, mergeSha, prHead: await headOf(pr.number), blob };
}

/** Nothing granted, the file taken off main again, and a person told why on the pull request the history names. */
async function expectRefused(pr: number, approved: string, merge: string): Promise<void> {
  expect([w.holdsGcp(), w.gcpBindings()]).toEqual([false, 0]);
  w.h.clock.advance(HOUR / 4);
  await w.settle();
  expect([w.holdsGcp(), w.gcpBindings()]).toEqual([false, 0]);
  expect(await w.mainFiles()).toEqual([]);
  // Shas and #numbers are shown inert (a word joiner inside them): read past it.
  const story = (await w.storyOf(pr)).join("\n").replaceAll("\u2060", "");
  expect(story).toContain(`Nothing was granted: this version arrived on main with merge ${merge.slice(0, 7)}, not with the merge of #${pr} (${approved.slice(0, 7)}) that approved it`);
}

describe("a merge that git's history simplification hides cannot revive an approved version", { timeout: LONG }, () => {
  it("the path's history skips the merge and names the approved pull request (the embedded GitHub runs git log -- path)", async () => {
    const { prHead, blob } = await grantedThenRelinquished("merge");
    const merge = await hiddenMerge([prHead], blob);
    // The merge that put the file back is TREESAME to its second parent, so git prunes it.
    const history = await pathHistory();
    expect(history).not.toContain(merge);
    expect(history[0]).toBe(prHead);
  });

  it.each([
    { name: "merge commit, second parent the approved branch's head", method: "merge" as const, others: (r: { prHead: string; mergeSha: string }) => [r.prHead] },
    { name: "merge commit, second parent its own old merge", method: "merge" as const, others: (r: { prHead: string; mergeSha: string }) => [r.mergeSha] },
    { name: "squash merge, second parent the squash commit", method: "squash" as const, others: (r: { prHead: string; mergeSha: string }) => [r.mergeSha] },
  ])("relinquished, then brought back by a direct push of a merge ($name): nothing is granted", async ({ method, others }) => {
    const r = await grantedThenRelinquished(method);
    const merge = await hiddenMerge(others(r), r.blob);
    await w.settle();
    await expectRefused(r.pr, r.mergeSha, merge);
  });

  it("relinquished, then brought back by an octopus merge whose last parent is the approved branch: nothing is granted", async () => {
    const r = await grantedThenRelinquished("merge");
    const side = await w.h.github.as("mallory").commit(ACCESS_REPO, "notes", { "docs/notes.md": "notes\n" }, "Notes", "main");
    const merge = await hiddenMerge([side, r.prHead], r.blob);
    await w.settle();
    await expectRefused(r.pr, r.mergeSha, merge);
  });

  it("relinquished, then brought back while the app was down (a cold restart): nothing is granted", async () => {
    const r = await grantedThenRelinquished("merge");
    const target = w.h.github.webhookUrl;
    w.h.github.webhookUrl = undefined;
    const merge = await hiddenMerge([r.prHead], r.blob);
    await w.h.github.settled();
    w.h.github.webhookUrl = target;
    await w.restart();
    await w.settle();
    await expectRefused(r.pr, r.mergeSha, merge);
  });

  it("ended early with /revoke, then brought back by a hidden merge: the recorded early end holds", async () => {
    w = await startWorld();
    const { number, mergeSha } = await w.requestAndMerge({ [GCP_PATH]: gcpRequest() });
    const prHead = await headOf(number);
    const blob = (await blobAt(mergeSha)) ?? "";
    w.h.clock.advance(HOUR / 2);
    await w.h.github.as("alice").comment(ACCESS_REPO, number, "/revoke");
    await w.settle();
    expect([w.holdsGcp(), w.gcpBindings()]).toEqual([false, 0]);
    expect(await w.mainFiles()).toEqual([]);
    await hiddenMerge([prHead], blob);
    await w.settle();
    w.h.clock.advance(HOUR / 4);
    await w.settle();
    expect([w.holdsGcp(), w.gcpBindings()]).toEqual([false, 0]);
    expect(await w.mainFiles()).toEqual([]);
  });

  it("expired and reverted by the app, then brought back by a hidden merge: the recorded window is over", async () => {
    w = await startWorld();
    const { number, mergeSha } = await w.requestAndMerge({ [GCP_PATH]: gcpRequest() });
    const prHead = await headOf(number);
    const blob = (await blobAt(mergeSha)) ?? "";
    for (let i = 0; i < 2; i++) {
      w.h.clock.advance(HOUR);
      await w.settle();
    }
    expect([w.holdsGcp(), w.gcpBindings()]).toEqual([false, 0]);
    expect(await w.mainFiles()).toEqual([]);
    await hiddenMerge([prHead], blob);
    await w.settle();
    expect([w.holdsGcp(), w.gcpBindings()]).toEqual([false, 0]);
    expect(await w.mainFiles()).toEqual([]);
  });

  it.each(["merge" as const, "squash" as const])("an approved request merged (%s) while the app was down, with other merges after it, is granted when the app is back", async (method) => {
    w = await startWorld();
    const pr = await w.h.github.as("alice").openPullRequest(ACCESS_REPO, { title: "Read prod DB for INC-4711", files: { [GCP_PATH]: gcpRequest() } });
    await w.settle();
    await w.h.github.as("bob").approve(ACCESS_REPO, pr.number);
    await w.settle();
    const target = w.h.github.webhookUrl;
    w.h.github.webhookUrl = undefined;
    await w.h.github.as("bob").merge(ACCESS_REPO, pr.number, { method });
    for (const [i, file] of ["docs/notes.md", "docs/more.md"].entries()) {
      const other = await w.h.github.as("carol").openPullRequest(ACCESS_REPO, { title: `Notes ${i}`, files: { [file]: "notes\n" } });
      await w.h.github.as("bob").merge(ACCESS_REPO, other.number, { method: "merge" });
    }
    await w.h.github.settled();
    w.h.github.webhookUrl = target;
    expect(w.holdsGcp()).toBe(false);
    await w.restart();
    await w.settle();
    expect(w.holdsGcp()).toBe(true);
    expect(await w.mainFiles()).toEqual([GCP_PATH]);
  });
});
