/**
 * A request file's history on the default branch with the merged pull request
 * behind each commit, in one GraphQL query instead of a commit listing and a
 * pull request lookup per commit. The history is read at the head commit whose
 * tree the run read (a full sha), so it is the history of that tree's version.
 * Each commit's pull request is the one the pulls REST API names for it
 * (`GET …/commits/{sha}/pulls`: "the merged pull request that introduced the
 * commit"), kept only when exactly one merged pull request into the default
 * branch is associated. Anything the query cannot tell exactly (a failed query,
 * more than one page of history or of pull requests, an author GraphQL does not
 * name, a merge commit it does not name, more than one candidate) answers
 * undefined, and the caller reads it through REST as before. A commit with no
 * pull request (null) is only a hint: it leaves a file unbacked, so the caller
 * asks REST before believing it.
 *
 * @example
 *   const history = await pathHistory(gh, repo, headSha, "requests/gcp/alice.yaml", "main");
 *   history?.commits[0];                          // the commit that set the current version
 *   history?.pulls.get(history.commits[0] ?? ""); // its merged pull request, or null when none
 */
import type { GitHubClient, RepoRef } from "./client.js";
import type { MergedPullRef } from "./merged-pull.js";
import type { Actor, Connection } from "./pull-view.js";
import { restLogin, whole } from "./pull-view.js";
import { isFullSha } from "./sha-cache.js";

/** One page of history: a request file changed more often than this is read through REST. */
const HISTORY_PAGE = 100;
/** Pull requests asked for per commit; a commit on the default branch has one merged pull request that brought it. */
const PULLS_PAGE = 10;

export const PATH_HISTORY_QUERY = /* GraphQL */ `
  query PathHistory($owner: String!, $name: String!, $head: GitObjectID!, $path: String!) {
    repository(owner: $owner, name: $name) {
      object(oid: $head) {
        ... on Commit {
          history(first: ${HISTORY_PAGE}, path: $path) {
            pageInfo { hasNextPage }
            nodes { oid associatedPullRequests(first: ${PULLS_PAGE}) { pageInfo { hasNextPage } nodes { number merged mergedAt baseRefName mergeCommit { oid } author { __typename login } } } }
          }
        }
      }
    }
  }
`;

interface PullNode {
  number?: number;
  merged?: boolean;
  mergedAt?: string | null;
  baseRefName?: string;
  mergeCommit?: { oid?: string } | null;
  author?: Actor | null;
}

export interface PathHistory {
  /** The commits that touched the path, newest first (git log's order, as the REST listing gives it). */
  commits: string[];
  /** Each commit's merged pull request into the default branch, or null when it has none. */
  pulls: Map<string, MergedPullRef | null>;
}

export async function pathHistory(gh: GitHubClient, repo: RepoRef, head: string, path: string, base: string): Promise<PathHistory | undefined> {
  if (!isFullSha(head)) return undefined;
  let data: { repository?: { object?: { history?: Connection<{ oid?: string; associatedPullRequests?: Connection<PullNode> | null }> } | null } | null };
  try {
    data = await gh.graphql(PATH_HISTORY_QUERY, { owner: repo.owner, name: repo.repo, head, path });
  } catch {
    return undefined;
  }
  const nodes = whole(data?.repository?.object?.history);
  if (!nodes) return undefined;
  const commits: string[] = [];
  const pulls = new Map<string, MergedPullRef | null>();
  for (const node of nodes) {
    const associated = whole(node.associatedPullRequests);
    if (typeof node.oid !== "string" || !isFullSha(node.oid) || !associated) return undefined;
    const merged = associated.filter((pull) => pull.merged === true && pull.baseRefName === base);
    if (merged.length > 1) return undefined;
    const [pull] = merged;
    commits.push(node.oid);
    if (!pull) {
      pulls.set(node.oid, null);
      continue;
    }
    const author = restLogin(pull.author);
    const mergeCommitSha = pull.mergeCommit?.oid;
    if (typeof pull.number !== "number" || typeof pull.mergedAt !== "string" || !author || typeof mergeCommitSha !== "string") return undefined;
    pulls.set(node.oid, { number: pull.number, mergedAt: new Date(pull.mergedAt), mergeCommitSha, author: author.login });
  }
  return { commits, pulls };
}
