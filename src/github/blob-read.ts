/**
 * The REST reads of file contents, one call each: a blob by its sha (kept
 * per process, since a sha names its content forever) and a file at a ref.
 * batch-read.ts asks for many at once through GraphQL and falls back here
 * for whatever it cannot read exactly.
 */
import { createHash } from "node:crypto";
import type { GitHubClient, RepoRef } from "./client.js";
import { hasStatus } from "./client.js";
import { ShaCache } from "./sha-cache.js";

/** GitHub ignores a CODEOWNERS file of 3 MB or more; nothing we read is allowed to be bigger. */
export const MAX_BLOB_BYTES = 3 * 1024 * 1024;

export interface TreeFile {
  path: string;
  sha: string;
  size: number;
}

/** Blobs already read (by blob sha, up to 32 MiB in all). */
const blobs = new ShaCache<Buffer>(32 * 1024 * 1024, (content) => content.length);

export const blobKey = (repo: RepoRef, sha: string) => `${repo.owner}/${repo.repo}@${sha}`;

export function cachedBlob(repo: RepoRef, sha: string): Buffer | undefined {
  return blobs.get(blobKey(repo, sha));
}

/** Keeps bytes read by any means, only once they hash to `sha` (so a wrong read can never be cached). */
export function keepBlob(repo: RepoRef, sha: string, content: Buffer): boolean {
  if (gitBlobSha(content) !== sha) return false;
  blobs.set(blobKey(repo, sha), content);
  return true;
}

export function clearBlobs(): void {
  blobs.clear();
}

/** The object id git gives these bytes as a blob: sha1 of "blob <length>\0" and the bytes. */
export function gitBlobSha(content: Buffer): string {
  return createHash("sha1").update(`blob ${content.length}\0`).update(content).digest("hex");
}

/** One blob by sha (one GET, once per process). */
export async function readBlob(gh: GitHubClient, repo: RepoRef, sha: string): Promise<Buffer> {
  const key = blobKey(repo, sha);
  const cached = blobs.get(key);
  if (cached) return cached;
  const { data } = await gh.rest.git.getBlob({ ...repo, file_sha: sha });
  const content = Buffer.from(data.content, data.encoding === "base64" ? "base64" : "utf8");
  // A blob's sha names its bytes: anything else (a proxy's rewrite, a truncated answer) is not that blob, and is neither used nor kept.
  if (!keepBlob(repo, sha, content)) throw new Error(`GitHub's answer for blob ${sha} in ${repo.owner}/${repo.repo} does not hash to that sha (${content.length} bytes); nothing read from it is used. Retry; if it persists, check for a proxy rewriting GitHub's answers.`);
  return content;
}

/** One file at a ref, or null when it does not exist there, is not a file, or is too big. */
export async function readFileAt(gh: GitHubClient, repo: RepoRef, path: string, ref: string): Promise<Buffer | null> {
  try {
    const { data } = await gh.rest.repos.getContent({ ...repo, path, ref });
    if (Array.isArray(data) || data.type !== "file") return null;
    if (data.size >= MAX_BLOB_BYTES) return null;
    if (data.content === undefined || data.content === "") return readBlob(gh, repo, data.sha);
    const content = Buffer.from(data.content, "base64");
    // Inline bytes that are not the blob GitHub names are not used: the blob is read by its sha, which is checked.
    return gitBlobSha(content) === data.sha ? content : readBlob(gh, repo, data.sha);
  } catch (error) {
    if (hasStatus(error, 404)) return null;
    throw error;
  }
}
