/** The merged pull request behind a commit on the default branch, as GitHub associates them. */
import type { GitHubClient, RepoRef } from "./client.js";

export interface MergedPullRef {
  number: number;
  mergedAt: Date;
  mergeCommitSha: string | null;
  author: string;
}

/**
 * @example
 *   const pull = await mergedPullOf(gh, { owner: "acme", repo: "access" }, commitSha, "main");
 *   pull?.mergedAt; // when the change landed
 */
export async function mergedPullOf(gh: GitHubClient, repo: RepoRef, sha: string, base: string): Promise<MergedPullRef | undefined> {
  const { data } = await gh.rest.repos.listPullRequestsAssociatedWithCommit({ ...repo, commit_sha: sha, per_page: 100 });
  const pull = data.find((p) => p.merged_at && p.base.ref === base);
  if (!pull?.merged_at) return undefined;
  return { number: pull.number, mergedAt: new Date(pull.merged_at), mergeCommitSha: pull.merge_commit_sha ?? null, author: pull.user?.login ?? "" };
}
