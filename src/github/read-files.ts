import { batchRead, clearBatchCache } from "./batch-read.js";
import { clearBlobs } from "./blob-read.js";
import type { TreeFile } from "./blob-read.js";
import type { GitHubClient, RepoRef } from "./client.js";
import { clearTreeOfCommit, noteTreeOf } from "./commit-tree.js";
import { immutableReads } from "./immutable-reads.js";
import { clearMergedFiles } from "./merged-files.js";
import { isFullSha, ShaCache } from "./sha-cache.js";

/** Files of the access repo that configure the app: policies, identities, CODEOWNERS. */
export function isConfigPath(path: string): boolean {
  return (
    /^access-policies\/[^/]+\.ya?ml$/.test(path) ||
    path === ".github/CODEOWNERS" ||
    path === "CODEOWNERS" ||
    path === "docs/CODEOWNERS"
  );
}

export function isRequestPath(path: string): boolean {
  return /^requests\/.+\.ya?ml$/.test(path);
}

export { MAX_BLOB_BYTES, readFileAt } from "./blob-read.js";
export type { TreeFile } from "./blob-read.js";

/** Trees of commits already read (by commit sha). */
const trees = new ShaCache<{ sha: string; files: TreeFile[] }>(512);

/** Forget every cached tree, blob and immutable read (tests that count API calls start from nothing). */
export function clearReadCache(): void {
  trees.clear();
  clearBlobs();
  clearBatchCache();
  clearTreeOfCommit();
  immutableReads.clear();
  clearMergedFiles();
}

const cacheKey = (repo: RepoRef, sha: string) => `${repo.owner}/${repo.repo}@${sha}`;

/**
 * Every file of the tree at `ref` (one call), so callers can pick what to
 * fetch. A full commit sha is read once per process; a branch name always
 * asks GitHub, since it moves.
 */
export async function listTree(gh: GitHubClient, repo: RepoRef, ref: string): Promise<TreeFile[]> {
  return (await readTree(gh, repo, ref)).files;
}

/** The tree at `ref` with its own sha: two refs with the same tree sha hold exactly the same files. */
export async function readTree(gh: GitHubClient, repo: RepoRef, ref: string): Promise<{ sha: string; files: TreeFile[] }> {
  const cached = isFullSha(ref) ? trees.get(cacheKey(repo, ref)) : undefined;
  if (cached) return cached;
  const { data } = await gh.rest.git.getTree({ ...repo, tree_sha: ref, recursive: "1" });
  if (data.truncated) throw new Error(`the tree of ${repo.owner}/${repo.repo} at ${ref} is too large to list in one call`);
  const files = data.tree
    .filter((entry) => entry.type === "blob" && entry.path !== undefined && entry.sha !== undefined)
    .map((entry) => ({ path: entry.path as string, sha: entry.sha as string, size: entry.size ?? 0 }));
  const tree = { sha: data.sha, files };
  noteTreeOf(repo, ref, data.sha);
  if (isFullSha(ref)) trees.set(cacheKey(repo, ref), tree);
  return tree;
}

/**
 * Reads the given files as bytes by blob sha, in one GraphQL query
 * (batch-read.ts). Files over the cap come back as `null` so the caller can
 * report them instead of reading megabytes.
 */
export async function readBlobs(gh: GitHubClient, repo: RepoRef, files: TreeFile[]): Promise<Map<string, Buffer | null>> {
  return byPath(files, (await batchRead(gh, repo, { blobs: files })).blobs);
}

/** The bytes of `files` by path, in their order, from blobs read by sha. */
export function byPath(files: TreeFile[], blobs: Map<string, Buffer | null>): Map<string, Buffer | null> {
  return new Map(
    files.map((file) => {
      const content = blobs.get(file.sha);
      if (content === undefined) throw new Error(`${file.path} (blob ${file.sha}) was not read`);
      return [file.path, content] as const;
    }),
  );
}

/** The configuration files of a tree listing. */
export function configFilesOf(tree: TreeFile[]): TreeFile[] {
  return tree.filter((file) => isConfigPath(file.path));
}

/**
 * The configuration files of the access repo at a commit (always the base
 * branch's sha for a PR, never its head: invariant 1).
 */
export async function readConfigAt(gh: GitHubClient, repo: RepoRef, sha: string): Promise<Map<string, Buffer | null>> {
  const tree = await listTree(gh, repo, sha);
  return readBlobs(gh, repo, configFilesOf(tree));
}
