/**
 * Revert commits this process built, by sha: a commit's sha fixes its parent
 * and its tree, so a head whose sha the process created as "the tip minus
 * exactly these request files" is known to be that removal without reading
 * it from GitHub again. Only the sha counts, as GitHub reports it for a pull
 * request's head: a branch name is anyone's to choose, and a push to the
 * branch gives the head another sha, which this memory does not hold, so the
 * full check runs. A restarted process or another replica holds nothing and
 * always checks in full. It also holds the shared revert branches it created,
 * where an earlier attempt of its own may have left exactly the revert.
 *
 * @example
 *   reverts.built(repo, sha, ["requests/gcp/alice.yaml"]);
 *   reverts.removes(repo, sha); // ["requests/gcp/alice.yaml"]
 */
import type { RepoRef } from "./client.js";
import { isFullSha } from "./sha-cache.js";

interface BuiltRevert {
  /** The request files the commit removes from its parent, sorted. */
  paths: string[];
  /** This process already published the checks on it. */
  checked: boolean;
}

const keyOf = (repo: RepoRef, sha: string) => `${repo.owner}/${repo.repo}@${sha}`.toLowerCase();

export class OwnReverts {
  private readonly commits = new Map<string, BuiltRevert>();
  private readonly branches = new Set<string>();

  constructor(private readonly maxCommits = 1_000) {}

  /** This process created commit `sha` as its parent minus exactly `paths`. */
  built(repo: RepoRef, sha: string, paths: string[]): void {
    if (!isFullSha(sha)) return;
    const key = keyOf(repo, sha);
    this.commits.delete(key);
    if (this.commits.size >= this.maxCommits) this.commits.delete(this.commits.keys().next().value as string);
    this.commits.set(key, { paths: [...paths].sort(), checked: false });
  }

  /** This process created the revert branch `branch` (a later revert of the same files may find it still there). */
  placed(repo: RepoRef, branch: string): void {
    const key = keyOf(repo, branch);
    this.branches.delete(key);
    if (this.branches.size >= this.maxCommits) this.branches.delete(this.branches.values().next().value as string);
    this.branches.add(key);
  }

  hasPlaced(repo: RepoRef, branch: string): boolean {
    return this.branches.has(keyOf(repo, branch));
  }

  /** The files commit `sha` removes when this process built it, else undefined. */
  removes(repo: RepoRef, sha: string): string[] | undefined {
    const built = isFullSha(sha) ? this.commits.get(keyOf(repo, sha)) : undefined;
    return built ? [...built.paths] : undefined;
  }

  /**
   * True once for a commit this process built and has not published checks on: the checks are then created
   * without listing the commit's runs first. A run of this app there can only be another writer's of the same
   * moment, and the own-revert checks follow from the sha and its removed files alone, so it says the same words.
   */
  firstChecks(repo: RepoRef, sha: string): boolean {
    const built = isFullSha(sha) ? this.commits.get(keyOf(repo, sha)) : undefined;
    if (!built || built.checked) return false;
    built.checked = true;
    return true;
  }
}
