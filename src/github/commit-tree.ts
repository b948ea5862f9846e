/**
 * The recursive tree of a commit by full sha, read once when two parts of the
 * app ask for it at the same moment: the push handler telling whether
 * configuration changed (config-diff.ts) and the lifecycle reading the new
 * head (octokit-port.ts) both start on the same push. Only reads in flight are
 * shared here; once answered, the process-wide cache of immutable reads
 * (immutable-reads.ts) serves them.
 *
 * @example
 *   const tree = await commitTree(gh, repo, headSha); // { sha, truncated, tree: [...] }
 */
import type { GitHubClient, RepoRef } from "./client.js";
import { isFullSha, ShaCache } from "./sha-cache.js";

export type CommitTree = Awaited<ReturnType<GitHubClient["rest"]["git"]["getTree"]>>["data"];

const inflight = new Map<string, Promise<CommitTree>>();

/** The tree sha of a commit, as GitHub named it when its tree was read by the commit's full sha: fixed forever. */
const treeOfCommit = new ShaCache<string>(8192);

const keyOf = (repo: RepoRef, sha: string) => `${repo.owner}/${repo.repo}@${sha}`.toLowerCase();

/** Notes the tree sha GitHub answered for a tree read by `ref` (kept only for a full sha). */
export function noteTreeOf(repo: RepoRef, ref: string, treeSha: string): void {
  if (isFullSha(ref) && isFullSha(treeSha)) treeOfCommit.set(keyOf(repo, ref), treeSha);
}

/** The tree sha of `commitSha` when a tree read by that sha already told it; else undefined (read the commit). */
export function knownTreeOf(repo: RepoRef, commitSha: string): string | undefined {
  return isFullSha(commitSha) ? treeOfCommit.get(keyOf(repo, commitSha)) : undefined;
}

export function clearTreeOfCommit(): void {
  treeOfCommit.clear();
}

export function commitTree(gh: GitHubClient, repo: RepoRef, sha: string): Promise<CommitTree> {
  const read = () =>
    gh.rest.git.getTree({ ...repo, tree_sha: sha, recursive: "1" }).then((answer) => {
      noteTreeOf(repo, sha, answer.data.sha);
      return answer.data;
    });
  if (!isFullSha(sha)) return read();
  const key = keyOf(repo, sha);
  const known = inflight.get(key);
  if (known) return known.then((tree) => structuredClone(tree));
  const pending = read();
  inflight.set(key, pending);
  const forget = () => void inflight.delete(key);
  pending.then(forget, forget);
  return pending;
}
