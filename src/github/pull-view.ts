import type { ChangedFile, PullView, ReviewState } from "../core/pull.js";
import type { GitHubClient, RepoRef } from "./client.js";
import { readPushRecord } from "./pushers.js";

const REVIEW_STATES = new Set<ReviewState>(["APPROVED", "CHANGES_REQUESTED", "COMMENTED", "DISMISSED"]);

/**
 * Reads a pull request, its files, commits, reviews and who pushed its head
 * (GitHub's activity log) into the core's PullView.
 */
export async function loadPullView(gh: GitHubClient, repo: RepoRef, number: number, defaultBranch: string): Promise<PullView> {
  const params = { ...repo, pull_number: number, per_page: 100 };
  const [{ data: pull }, files, commits, reviews] = await Promise.all([
    gh.rest.pulls.get({ ...repo, pull_number: number }),
    gh.paginate(gh.rest.pulls.listFiles, params),
    gh.paginate(gh.rest.pulls.listCommits, params),
    gh.paginate(gh.rest.pulls.listReviews, params),
  ]);
  const pushers = await readPushRecord(gh, repo, { ref: pull.head.ref, sha: pull.head.sha, repoFullName: pull.head.repo?.full_name ?? null });

  // A commit's author and committer can name anyone, so they only ever exclude; who pushed comes from GitHub's log.
  const contributors = new Set<string>(pushers.known ? pushers.pushers : []);
  for (const commit of commits) {
    if (commit.author?.login) contributors.add(commit.author.login);
    if (commit.committer?.login) contributors.add(commit.committer.login);
  }

  const changedFiles: ChangedFile[] = files.map((file) => ({
    path: file.filename,
    status: file.status,
    ...(file.previous_filename ? { previousPath: file.previous_filename } : {}),
  }));

  return {
    repo: `${repo.owner}/${repo.repo}`,
    number,
    author: pull.user.login,
    baseRef: pull.base.ref,
    baseSha: pull.base.sha,
    headSha: pull.head.sha,
    defaultBranch,
    open: pull.state === "open",
    draft: pull.draft === true,
    changedFiles,
    contributors: [...contributors],
    listing: { files: files.length, filesTotal: pull.changed_files, commits: commits.length, commitsTotal: pull.commits },
    requested: {
      users: (pull.requested_reviewers ?? []).map((user) => user.login),
      teams: (pull.requested_teams ?? []).map((team) => `${repo.owner}/${team.slug}`),
    },
    pushers,
    comments: pull.comments,
    reviews: reviews
      .filter((review) => review.user && REVIEW_STATES.has(review.state as ReviewState))
      .map((review) => ({
        user: review.user!.login,
        state: review.state as ReviewState,
        commitId: review.commit_id ?? "",
        submittedAt: review.submitted_at ?? "",
        bot: review.user!.type === "Bot",
      })),
  };
}
