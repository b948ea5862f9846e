import type { ProbotOctokit } from "probot";

/** The Octokit the app talks to GitHub with (an installation-authenticated ProbotOctokit). */
export type GitHubClient = InstanceType<typeof ProbotOctokit>;

/** A repository as Octokit's parameters name it. */
export interface RepoRef {
  owner: string;
  repo: string;
}

export function repoRef(fullName: string): RepoRef {
  const [owner, repo] = fullName.split("/");
  if (!owner || !repo) throw new Error(`not a repository name: ${fullName}`);
  return { owner, repo };
}

export function fullName(ref: RepoRef): string {
  return `${ref.owner}/${ref.repo}`;
}

/** True for an Octokit RequestError with this HTTP status. */
export function hasStatus(error: unknown, status: number): boolean {
  return typeof error === "object" && error !== null && "status" in error && (error as { status: unknown }).status === status;
}
