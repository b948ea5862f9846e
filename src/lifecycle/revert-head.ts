/**
 * Reading a revert's head commit from GitHub and judging it against the
 * default branch's tip: exactly the revert, a clean revert built on an older
 * commit of the default branch (the branch moved since), or foreign — anything
 * else, which the app never merges and reports.
 */
import type { GitHubClient, RepoRef } from "../github/client.js";
import { isRequestPath } from "../github/read-files.js";
import { code } from "../render/markdown.js";
import type { TreeEntry } from "./revert-tree.js";
import { cleanRemoval, treeDifferences } from "./revert-tree.js";

export type HeadVerdict =
  /** Parent = the tip, tree = the tip's minus exactly `removes`. */
  | { kind: "exact"; removes: string[] }
  /** A clean removal of `removes`, but on an older commit of the default branch: safe to drop, not to merge. */
  | { kind: "stale"; removes: string[] }
  /** Anything else, with what is wrong in words for a person. */
  | { kind: "foreign"; problems: string[] };

/** Every entry of the tree at `treeish` (a commit or tree sha), directories included; fails closed on a truncated listing. */
export async function fullTree(gh: GitHubClient, repo: RepoRef, treeish: string): Promise<TreeEntry[]> {
  const { data } = await gh.rest.git.getTree({ ...repo, tree_sha: treeish, recursive: "1" });
  if (data.truncated) throw new Error(`the tree of ${repo.owner}/${repo.repo} at ${treeish} is too large to list in one call, so a revert cannot be verified`);
  return data.tree.map((e) => ({ path: e.path ?? "", mode: e.mode ?? "", type: e.type ?? "", sha: e.sha ?? "" }));
}

export async function tipOf(gh: GitHubClient, repo: RepoRef, branch: string): Promise<string> {
  return (await gh.rest.git.getRef({ ...repo, ref: `heads/${branch}` })).data.object.sha;
}

async function isOnHistory(gh: GitHubClient, repo: RepoRef, sha: string, tipSha: string): Promise<boolean> {
  const { data } = await gh.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `${sha}...${tipSha}`, per_page: 1 });
  return data.status === "ahead" || data.status === "identical";
}

/**
 * @example
 *   await assessHead(gh, repo, { headSha, tipSha, tipTree, remove: new Set(["requests/gcp/alice.yaml"]) });
 *   // { kind: "exact", removes: [...] } | { kind: "stale", ... } | { kind: "foreign", problems: ["changes `access-policies/payments.yaml`"] }
 */
export async function assessHead(
  gh: GitHubClient,
  repo: RepoRef,
  input: { headSha: string; tipSha: string; tipTree: TreeEntry[]; remove?: ReadonlySet<string> },
): Promise<HeadVerdict> {
  const { headSha, tipSha, tipTree } = input;
  const { data: commit } = await gh.rest.git.getCommit({ ...repo, commit_sha: headSha });
  const parents = commit.parents.map((p) => p.sha);
  const headTree = await fullTree(gh, repo, commit.tree.sha);
  const deleted = new Set(tipTree.filter((e) => e.type === "blob" && isRequestPath(e.path) && !headTree.some((h) => h.path === e.path)).map((e) => e.path));
  const remove = input.remove ?? deleted;
  const [parent] = parents;
  if (parents.length === 1 && parent === tipSha) {
    const problems = treeDifferences(tipTree, headTree, remove);
    if (problems.length === 0 && remove.size > 0) return { kind: "exact", removes: [...remove].sort() };
    return { kind: "foreign", problems: problems.length > 0 ? problems : ["removes nothing"] };
  }
  if (parents.length === 1 && parent && (await isOnHistory(gh, repo, parent, tipSha))) {
    const removes = cleanRemoval(await fullTree(gh, repo, parent), headTree, isRequestPath);
    if (removes) return { kind: "stale", removes };
  }
  const where = parents.length === 1 ? `its head commit is built on ${code((parent ?? "").slice(0, 12))}, not on the default branch's tip ${code(tipSha.slice(0, 12))}` : `its head commit has ${parents.length} parents instead of one`;
  return { kind: "foreign", problems: [where, ...treeDifferences(tipTree, headTree, remove)] };
}
