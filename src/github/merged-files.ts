/**
 * The files of a merged pull request, kept by the process once it read them.
 * A merged pull request's changes are fixed at its merge: later pushes to its
 * head branch no longer change it. So the lifecycle's read of a merged pull
 * request (judging the files it put on the default branch) also serves the
 * `closed` handler, which looks for the request files the merge removed.
 * Kept by repository, number and merge commit, and only for a listing GitHub
 * gave in full; losing it costs one listing, never a wrong answer.
 *
 * @example
 *   noteMergedFiles(repo, 12, mergeSha, view.changedFiles);
 *   knownMergedFiles(repo, 12, payload.pull_request.merge_commit_sha); // the same files, or undefined
 */
import type { ChangedFile } from "../core/pull.js";
import type { RepoRef } from "./client.js";
import { isFullSha, ShaCache } from "./sha-cache.js";

/** Files kept across all merged pull requests, at most. */
const MAX_FILES = 50_000;
const merged = new ShaCache<ChangedFile[]>(MAX_FILES, (files) => Math.max(1, files.length));

const keyOf = (repo: RepoRef, number: number, mergeSha: string) => `${repo.owner}/${repo.repo}#${number}@${mergeSha}`.toLowerCase();

export function noteMergedFiles(repo: RepoRef, number: number, mergeSha: string, files: ChangedFile[]): void {
  if (isFullSha(mergeSha)) merged.set(keyOf(repo, number, mergeSha), files.map((file) => ({ ...file })));
}

export function knownMergedFiles(repo: RepoRef, number: number, mergeSha: string | null | undefined): ChangedFile[] | undefined {
  if (!mergeSha || !isFullSha(mergeSha)) return undefined;
  return merged.get(keyOf(repo, number, mergeSha))?.map((file) => ({ ...file }));
}

export function clearMergedFiles(): void {
  merged.clear();
}
