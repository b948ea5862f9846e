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
import { isFullSha } from "./sha-cache.js";

export type CommitTree = Awaited<ReturnType<GitHubClient["rest"]["git"]["getTree"]>>["data"];

const inflight = new Map<string, Promise<CommitTree>>();

export function commitTree(gh: GitHubClient, repo: RepoRef, sha: string): Promise<CommitTree> {
  const read = () => gh.rest.git.getTree({ ...repo, tree_sha: sha, recursive: "1" }).then((answer) => answer.data);
  if (!isFullSha(sha)) return read();
  const key = `${repo.owner}/${repo.repo}@${sha}`.toLowerCase();
  const known = inflight.get(key);
  if (known) return known.then((tree) => structuredClone(tree));
  const pending = read();
  inflight.set(key, pending);
  const forget = () => void inflight.delete(key);
  pending.then(forget, forget);
  return pending;
}
