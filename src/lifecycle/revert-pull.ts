/**
 * Removes request files from the default branch through one pull request,
 * built with the git data API and merged with the expected head sha.
 * Idempotent: the branch name is derived from the set of paths, paths that an
 * open revert already removes are skipped, and an existing branch is reused.
 */
import { createHash } from "node:crypto";
import type { GitHubClient, RepoRef } from "../github/client.js";
import { hasStatus } from "../github/client.js";
import { listTree } from "../github/read-files.js";
import { upsertMarkedComment } from "../github/marked-comment.js";
import { REVERT_BRANCH_PREFIX, isAppRevert, mergeRefusedText, revertBody, revertLabels, revertPaths, revertTitle } from "./revert-text.js";
import type { RevertFile } from "./types.js";

export interface RevertResult {
  number: number;
  url: string;
  merged: boolean;
  /** Files this pull request removes. */
  files: RevertFile[];
  /** Why it is left open, when the repo refused the merge. */
  refused?: string;
}

/** The deterministic branch of a set of paths, e.g. "access-pr/expire/3f0c2b6e8d1a". */
export function revertBranch(paths: string[]): string {
  const hash = createHash("sha256").update([...paths].sort().join("\n")).digest("hex").slice(0, 12);
  return `${REVERT_BRANCH_PREFIX}${hash}`;
}

/**
 * Makes sure one revert pull request removes each of `files`, and tries to merge it.
 * Returns the pull requests involved: an open one found from an earlier run, or the new one.
 *
 * @example
 *   const results = await ensureRevert(gh, { owner: "acme", repo: "access" }, "main", files, "access-pr[bot]");
 *   results[0]?.merged; // true unless the repo refused
 */
export async function ensureRevert(gh: GitHubClient, repo: RepoRef, defaultBranch: string, files: RevertFile[], botLogin: string): Promise<RevertResult[]> {
  if (files.length === 0) return [];
  const results: RevertResult[] = [];
  const open = await gh.paginate(gh.rest.pulls.list, { ...repo, state: "open", base: defaultBranch, per_page: 100 });
  const covered = new Set<string>();
  for (const pull of open) {
    if (!isAppRevert(pull, botLogin)) continue;
    const paths = revertPaths(pull.body);
    const mine = files.filter((f) => paths.includes(f.path));
    if (mine.length === 0) continue;
    for (const f of mine) covered.add(f.path);
    // A crash between opening and labelling leaves it unlabelled; label it now.
    const missing = revertLabels(mine).filter((label) => !pull.labels.some((l) => l.name === label));
    if (missing.length > 0) await gh.rest.issues.addLabels({ ...repo, issue_number: pull.number, labels: missing });
    results.push({ number: pull.number, url: pull.html_url, files: mine, ...(await merge(gh, repo, pull.number, pull.head.sha, botLogin)) });
  }
  const fresh = files.filter((f) => !covered.has(f.path));
  const opened = fresh.length > 0 ? await openRevert(gh, repo, defaultBranch, fresh, botLogin) : undefined;
  if (opened) results.push(opened);
  return results;
}

/**
 * Opens the revert of the files still on the default branch's head. Files
 * already gone were removed by someone else (a replica's revert merged since
 * this run read the tree): that one is theirs to tell, and an empty revert
 * would be a duplicate, so nothing is opened for them.
 */
async function openRevert(gh: GitHubClient, repo: RepoRef, defaultBranch: string, wanted: RevertFile[], botLogin: string): Promise<RevertResult | undefined> {
  const { data: base } = await gh.rest.git.getRef({ ...repo, ref: `heads/${defaultBranch}` });
  const onMain = new Set((await listTree(gh, repo, base.object.sha)).map((f) => f.path));
  const files = wanted.filter((f) => onMain.has(f.path));
  if (files.length === 0) return undefined;
  const branch = revertBranch(files.map((f) => f.path));
  const head = await revertCommit(gh, repo, base.object.sha, branch, files);
  let pull: { number: number; html_url: string; head: { sha: string } };
  try {
    ({ data: pull } = await gh.rest.pulls.create({ ...repo, title: revertTitle(files), head: branch, base: defaultBranch, body: revertBody(files) }));
  } catch (error) {
    // A replica or an earlier attempt opened it between our list and now.
    if (!hasStatus(error, 422)) throw error;
    const [existing] = await gh.paginate(gh.rest.pulls.list, { ...repo, state: "open", head: `${repo.owner}:${branch}`, per_page: 100 });
    if (!existing) throw error;
    pull = existing;
  }
  await gh.rest.issues.addLabels({ ...repo, issue_number: pull.number, labels: revertLabels(files) });
  return { number: pull.number, url: pull.html_url, files, ...(await merge(gh, repo, pull.number, head, botLogin)) };
}

/** A commit on `branch` that deletes the files from the default branch's head; an up-to-date branch is reused. */
async function revertCommit(gh: GitHubClient, repo: RepoRef, baseSha: string, branch: string, files: RevertFile[]): Promise<string> {
  const existing = await gh.rest.git.getRef({ ...repo, ref: `heads/${branch}` }).then(
    (r) => r.data.object.sha,
    (error: unknown) => {
      if (hasStatus(error, 404)) return undefined;
      throw error;
    },
  );
  if (existing) {
    const { data: commit } = await gh.rest.git.getCommit({ ...repo, commit_sha: existing });
    if (commit.parents.length === 1 && commit.parents[0]?.sha === baseSha) return existing;
  }
  const { data: parent } = await gh.rest.git.getCommit({ ...repo, commit_sha: baseSha });
  const { data: tree } = await gh.rest.git.createTree({
    ...repo,
    base_tree: parent.tree.sha,
    tree: files.map((f) => ({ path: f.path, mode: "100644" as const, type: "blob" as const, sha: null })),
  });
  const { data: commit } = await gh.rest.git.createCommit({ ...repo, message: `${revertTitle(files)}\n\n${files.map((f) => `${f.path}: ${f.detail}`).join("\n")}\n`, tree: tree.sha, parents: [baseSha] });
  if (existing) {
    await gh.rest.git.updateRef({ ...repo, ref: `heads/${branch}`, sha: commit.sha, force: true });
    return commit.sha;
  }
  try {
    await gh.rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha: commit.sha });
    return commit.sha;
  } catch (error) {
    // "Reference already exists": a replica is on the same set right now; its branch is the revert.
    if (!hasStatus(error, 422)) throw error;
    const { data: theirs } = await gh.rest.git.getRef({ ...repo, ref: `heads/${branch}` });
    return theirs.object.sha;
  }
}

/**
 * Merges with the expected head sha; a refusal leaves the pull request open with one explaining comment.
 * A replica that merged it first, or moved its branch, is no refusal: the pull request is read back.
 */
async function merge(gh: GitHubClient, repo: RepoRef, number: number, sha: string, botLogin: string): Promise<{ merged: boolean; refused?: string }> {
  try {
    await gh.rest.pulls.merge({ ...repo, pull_number: number, sha, merge_method: "merge" });
    return { merged: true };
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status !== 405 && status !== 403 && status !== 409) throw error;
    const { data: now } = await gh.rest.pulls.get({ ...repo, pull_number: number });
    if (now.merged) return { merged: true };
    // The head moved since this run built it: the next sweep merges the new head.
    if (status === 409 || now.head.sha !== sha) return { merged: false };
    const message = (error as { response?: { data?: { message?: string } } }).response?.data?.message ?? String(error);
    await upsertMarkedComment(gh, repo, number, "revert-merge", mergeRefusedText(status, message), botLogin);
    return { merged: false, refused: message };
  }
}
