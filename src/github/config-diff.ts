/**
 * Whether a push changed configuration, told from the trees of the commits
 * before and after it: a tree named by its commit's full sha never changes,
 * so the one the pull request flow or the lifecycle already read (held in
 * immutable-reads.ts) costs nothing, and the new head's tree read here is the
 * one the lifecycle reads next anyway. Two trees with the same config entries
 * (path and blob sha) hold the same configuration.
 *
 * @example
 *   await configChangedBetween(gh, repo, before, after); // true, false, or undefined: ask GitHub's compare
 */
import type { GitHubClient, RepoRef } from "./client.js";
import { commitTree } from "./commit-tree.js";
import { immutableReads } from "./immutable-reads.js";
import { isConfigPath } from "./read-files.js";
import { isFullSha } from "./sha-cache.js";

type TreeAnswer = Awaited<ReturnType<GitHubClient["rest"]["git"]["getTree"]>>;

/** Undefined when the tree before the push is not held (or a tree is truncated): the caller compares instead. */
export async function configChangedBetween(gh: GitHubClient, repo: RepoRef, before: string, after: string): Promise<boolean | undefined> {
  if (!isFullSha(before) || !isFullSha(after)) return undefined;
  const held = heldTree(gh, repo, before);
  if (!held || held.data.truncated) return undefined;
  const data = await commitTree(gh, repo, after);
  if (data.truncated) return undefined;
  return configEntries(held.data.tree) !== configEntries(data.tree);
}

/** The recursive tree at this full commit sha when the process already holds it. */
function heldTree(gh: GitHubClient, repo: RepoRef, sha: string): TreeAnswer | undefined {
  const url = gh.request.endpoint("GET /repos/{owner}/{repo}/git/trees/{tree_sha}", { ...repo, tree_sha: sha, recursive: "1" }).url.replace(/^https?:\/\/[^/]+/, "");
  return immutableReads.get(url) as TreeAnswer | undefined;
}

/** The config files' paths and blob shas, in one comparable string. */
function configEntries(tree: TreeAnswer["data"]["tree"]): string {
  return tree
    .filter((entry) => entry.type === "blob" && entry.path !== undefined && isConfigPath(entry.path))
    .map((entry) => `${entry.path} ${entry.mode ?? ""} ${entry.sha ?? ""}`)
    .sort()
    .join("\n");
}
