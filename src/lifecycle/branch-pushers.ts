/**
 * Who pushed a commit the app did not build onto a branch it was about to
 * merge, for the warning a person reads. A commit's author and committer are
 * whatever the pusher typed, so they are shown as a claim only; the
 * repository activity log (`GET /repos/{o}/{r}/activity?ref=…`) is what
 * GitHub itself recorded, and names the pusher when it is available.
 */
import type { GitHubClient, RepoRef } from "../github/client.js";
import { code } from "../render/markdown.js";

export interface BranchPush {
  actor: string;
  before: string;
  after: string;
  timestamp: string;
  kind: string;
}

/**
 * Every recorded push, creation and force push of `branch`, newest first;
 * undefined when the activity log cannot be read (not offered, no permission).
 *
 * @example
 *   await branchPushes(gh, repo, "access-pr/expire/3f0c2b6e8d1a"); // [{ actor: "mallory", after: "9c1…", kind: "push", … }]
 */
export async function branchPushes(gh: GitHubClient, repo: RepoRef, branch: string): Promise<BranchPush[] | undefined> {
  try {
    const activity = await gh.paginate(gh.rest.repos.listActivities, { ...repo, ref: `refs/heads/${branch}`, per_page: 100 });
    return activity.map((a) => ({ actor: a.actor?.login ?? "an unknown account", before: a.before, after: a.after, timestamp: a.timestamp, kind: a.activity_type }));
  } catch {
    return undefined;
  }
}

/**
 * One sentence naming who put `headSha` on `branch`: the accounts the
 * activity log records other than the app, or — without the log — the
 * commit and its unverified claimed author.
 *
 * @example
 *   await describePusher(gh, repo, branch, sha, "access-pr[bot]");
 *   // "GitHub's activity log records pushes to this branch by `mallory`." or
 *   // "Its head commit `9c1d2e3` claims the author `Mallory <m@x>`; that is not verified (anyone with write access can set it)."
 */
export async function describePusher(gh: GitHubClient, repo: RepoRef, branch: string, headSha: string, botLogin: string): Promise<string> {
  const pushes = await branchPushes(gh, repo, branch);
  const others = [...new Set((pushes ?? []).filter((p) => p.actor !== botLogin).map((p) => p.actor))];
  if (pushes && others.length > 0) return `GitHub's activity log records pushes to this branch by ${others.map(code).join(", ")}.`;
  const claim = await gh.rest.git.getCommit({ ...repo, commit_sha: headSha }).then(
    ({ data }) => `${data.author.name} <${data.author.email}>`,
    () => undefined,
  );
  const about = `Its head commit ${code(headSha.slice(0, 12))}${claim ? ` claims the author ${code(claim)}` : ""}`;
  const why = pushes ? "the activity log records no push by anyone but access-pr" : "the repository activity log could not be read";
  return `${about}; who pushed it is not established (${why}, and a commit's author is whatever the pusher typed).`;
}
