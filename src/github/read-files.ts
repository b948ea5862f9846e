import type { GitHubClient, RepoRef } from "./client.js";
import { hasStatus } from "./client.js";
import { immutableReads } from "./immutable-reads.js";
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

/** GitHub ignores a CODEOWNERS file of 3 MB or more; nothing we read is allowed to be bigger. */
const MAX_BLOB_BYTES = 3 * 1024 * 1024;

export interface TreeFile {
  path: string;
  sha: string;
  size: number;
}

/** Trees of commits already read (by commit sha), and blobs (by blob sha, up to 32 MiB in all). */
const trees = new ShaCache<{ sha: string; files: TreeFile[] }>(512);
const blobs = new ShaCache<Buffer>(32 * 1024 * 1024, (content) => content.length);

/** Forget every cached tree, blob and immutable read (tests that count API calls start from nothing). */
export function clearReadCache(): void {
  trees.clear();
  blobs.clear();
  immutableReads.clear();
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
  if (isFullSha(ref)) trees.set(cacheKey(repo, ref), tree);
  return tree;
}

async function readBlob(gh: GitHubClient, repo: RepoRef, sha: string): Promise<Buffer> {
  const key = cacheKey(repo, sha);
  const cached = blobs.get(key);
  if (cached) return cached;
  const { data } = await gh.rest.git.getBlob({ ...repo, file_sha: sha });
  const content = Buffer.from(data.content, data.encoding === "base64" ? "base64" : "utf8");
  blobs.set(key, content);
  return content;
}

/**
 * Reads the given files as bytes by blob sha. Files over the cap come back
 * as `null` so the caller can report them instead of reading megabytes.
 */
export async function readBlobs(gh: GitHubClient, repo: RepoRef, files: TreeFile[]): Promise<Map<string, Buffer | null>> {
  const out = new Map<string, Buffer | null>();
  await Promise.all(
    files.map(async (file) => {
      if (file.size >= MAX_BLOB_BYTES) {
        out.set(file.path, null);
        return;
      }
      out.set(file.path, await readBlob(gh, repo, file.sha));
    }),
  );
  return out;
}

/**
 * The configuration files of the access repo at a commit (always the base
 * branch's sha for a PR, never its head: invariant 1).
 */
export async function readConfigAt(gh: GitHubClient, repo: RepoRef, sha: string): Promise<Map<string, Buffer | null>> {
  const tree = await listTree(gh, repo, sha);
  return readBlobs(gh, repo, tree.filter((file) => isConfigPath(file.path)));
}

/** One file at a ref, or null when it does not exist there. */
export async function readFileAt(gh: GitHubClient, repo: RepoRef, path: string, ref: string): Promise<Buffer | null> {
  try {
    const { data } = await gh.rest.repos.getContent({ ...repo, path, ref });
    if (Array.isArray(data) || data.type !== "file") return null;
    if (data.size >= MAX_BLOB_BYTES) return null;
    if (data.content === undefined || data.content === "") return readBlob(gh, repo, data.sha);
    return Buffer.from(data.content, "base64");
  } catch (error) {
    if (hasStatus(error, 404)) return null;
    throw error;
  }
}
