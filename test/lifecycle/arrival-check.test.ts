// Where a version of a request file arrived on the default branch, asked of the embedded GitHub through the app's
// Octokit: the recorded merge must be on the branch's first-parent line and the version unchanged on that line since.
// The histories are built with the git data API as a writer can (any parents, any tree).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import type { GitHubClient } from "../../src/github/client.js";
import { clearReadCache } from "../../src/github/read-files.js";
import { arrivalProblem } from "../../src/lifecycle/arrival-check.js";
import type { ArrivalMemo } from "../../src/lifecycle/arrival-check.js";
import { GitHubEmulator } from "../../src/sandbox/github/index.js";
import { installationClient } from "./github-client.js";

const REPO = "acme/access";
const ref = { owner: "acme", repo: "access" };
const P = "requests/gcp/alice.yaml";

let gh: GitHubEmulator;
let app: GitHubClient;

beforeEach(async () => {
  // Trees are kept by sha for the process, and these histories repeat the same commits from test to test.
  clearReadCache();
  gh = await GitHubEmulator.start({ clock: new ManualClock("2026-11-24T10:00:00Z") });
  gh.createUser("mallory");
  await gh.createRepo(REPO, { files: { "README.md": "# access\n" }, collaborators: { mallory: "write" } });
  app = await installationClient(gh);
});
afterEach(async () => gh.close());

const git = () => gh.as("mallory").octokit.rest.git;

async function sha(branch: string): Promise<string> {
  return (await git().getRef({ ...ref, ref: `heads/${branch}` })).data.object.sha;
}

/** A commit whose tree is its first parent's with `edits` (null deletes); `branch` moved to it when given. */
async function commit(parents: string[], edits: Record<string, string | null>, branch?: string): Promise<string> {
  const base = (await git().getCommit({ ...ref, commit_sha: parents[0] ?? "" })).data.tree.sha;
  const tree = await Promise.all(
    Object.entries(edits).map(async ([path, content]) => ({ path, mode: "100644" as const, type: "blob" as const, sha: content === null ? null : (await git().createBlob({ ...ref, content })).data.sha })),
  );
  const { data: created } = await git().createTree({ ...ref, base_tree: base, tree });
  const { data } = await git().createCommit({ ...ref, message: "change", tree: created.sha, parents });
  if (branch) await git().updateRef({ ...ref, ref: `heads/${branch}`, sha: data.sha, force: true });
  return data.sha;
}

/** alice's request on its own branch, merged into main as a merge commit; returns the branch commit and the merge. */
async function approvedMerge(): Promise<{ branchCommit: string; merge: string }> {
  const start = await sha("main");
  const branchCommit = await commit([start], { [P]: "reason: a\n" });
  const merge = await commit([start, branchCommit], { [P]: "reason: a\n" }, "main");
  return { branchCommit, merge };
}

async function blob(at: string): Promise<string> {
  const { data } = await app.rest.repos.getContent({ ...ref, path: P, ref: at });
  return Array.isArray(data) ? "" : data.sha;
}

const check = async (merge: string) => (await arrivalProblem(app, ref, "main", { path: P, blobSha: await blob("main"), mergeCommitSha: merge, versionPr: 1 }))?.replaceAll("\u2060", "");

describe("arrivalProblem", () => {
  it("vouches for a version whose merge is the head", async () => {
    const { merge } = await approvedMerge();
    expect(await check(merge)).toBeUndefined();
  });

  it("judges the head the run read, not the branch as it is by the time of the check", async () => {
    const { merge } = await approvedMerge();
    const version = { path: P, blobSha: await blob("main"), mergeCommitSha: merge, versionPr: 1 };
    // The run gathered main at the merge; before the check, commits change the file and put it back.
    await commit([merge], { [P]: "reason: b\n" }, "main");
    await commit([await sha("main")], { [P]: "reason: a\n" }, "main");
    expect(await arrivalProblem(app, ref, "main", version, { commits: new Map() }, merge)).toBeUndefined();
    expect(await arrivalProblem(app, ref, "main", version)).toMatch(/changed the file on main after the merge of #1/);
  });

  it("vouches for a version other merges and commits followed without touching it", async () => {
    const { merge } = await approvedMerge();
    const side = await commit([merge], { "docs/a.md": "a\n" });
    await commit([merge, side], { "docs/a.md": "a\n" }, "main");
    await commit([await sha("main")], { "docs/b.md": "b\n" }, "main");
    expect(await check(merge)).toBeUndefined();
  });

  it("refuses a version a merge brought back after the file was deleted (that merge is hidden from the path's history)", async () => {
    const { branchCommit, merge } = await approvedMerge();
    await commit([merge], { [P]: null }, "main");
    const back = await commit([await sha("main"), branchCommit], { [P]: "reason: a\n" }, "main");
    const { data: history } = await app.rest.repos.listCommits({ ...ref, sha: "main", path: P });
    expect(history.map((c) => c.sha)).toEqual([branchCommit]);
    expect(await check(merge)).toBe(
      `this version arrived on main with merge ${back.slice(0, 7)}, not with the merge of #1 (${merge.slice(0, 7)}) that approved it: the file left main or changed after #1, and that merge brought it back; to have this access again, ask in a new pull request`,
    );
  });

  it("refuses a version changed and changed back by plain commits after the merge", async () => {
    const { merge } = await approvedMerge();
    await commit([merge], { [P]: "reason: b\n" }, "main");
    const back = await commit([await sha("main")], { [P]: "reason: a\n" }, "main");
    expect(await check(merge)).toBe(
      `commit ${back.slice(0, 7)} changed the file on main after the merge of #1 (${merge.slice(0, 7)}) that approved this version, so that merge is not where this version arrived; to have this access again, ask in a new pull request`,
    );
  });

  it("refuses a merge that reached main only through another merge's second parent", async () => {
    const start = await sha("main");
    const branchCommit = await commit([start], { [P]: "reason: a\n" });
    const merge = await commit([start, branchCommit], { [P]: "reason: a\n" });
    const other = await commit([start], { "docs/a.md": "a\n" }, "main");
    await commit([other, merge], { [P]: "reason: a\n" }, "main");
    expect(await check(merge)).toBe(`the merge of #1 (${merge.slice(0, 7)}) is not on the first-parent line of main: it came in through another merge; to have this access again, ask in a new pull request`);
  });

  it("refuses a merge that is not in main's history at all", async () => {
    const start = await sha("main");
    const branchCommit = await commit([start], { [P]: "reason: a\n" });
    const elsewhere = await commit([start, branchCommit], { [P]: "reason: a\n" });
    await commit([start], { [P]: "reason: a\n" }, "main");
    expect(await check(elsewhere)).toBe(`the merge of #1 (${elsewhere.slice(0, 7)}) is no longer in the history of main; to have this access again, ask in a new pull request`);
  });
  it("one run's checks share one listing and read each tree once: the older merge's listing serves the newer one", async () => {
    const older = await approvedMerge();
    const Q = "requests/gcp/bob.yaml";
    const start = await sha("main");
    const newer = await commit([start, await commit([start], { [Q]: "reason: b\n" })], { [Q]: "reason: b\n" }, "main");
    await commit([await sha("main")], { "docs/a.md": "a\n" }, "main");
    const calls: string[] = [];
    app.hook.before("request", (options) => {
      calls.push(String(options.url));
    });
    const memo: ArrivalMemo = { commits: new Map() };
    const blobOf = async (path: string) => (await app.rest.git.getTree({ ...ref, tree_sha: "main", recursive: "1" })).data.tree.find((e) => e.path === path)?.sha ?? "";
    const [p, q] = [await blobOf(P), await blobOf(Q)];
    calls.length = 0;
    expect(await arrivalProblem(app, ref, "main", { path: P, blobSha: p, mergeCommitSha: older.merge, versionPr: 1 }, memo)).toBeUndefined();
    expect(await arrivalProblem(app, ref, "main", { path: Q, blobSha: q, mergeCommitSha: newer, versionPr: 2 }, memo)).toBeUndefined();
    // One compare, and the trees of the two commits below the head (the newer merge's and the older's).
    expect(calls).toEqual(["/repos/{owner}/{repo}/compare/{basehead}", "/repos/{owner}/{repo}/git/trees/{tree_sha}", "/repos/{owner}/{repo}/git/trees/{tree_sha}"]);
  });
});
