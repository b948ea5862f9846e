/**
 * Who pushed to a pull request's head branch, read from GitHub's repository
 * activity log (`GET /repos/{o}/{r}/activity?ref=refs/heads/X`). Writers can
 * edit comments, branch names and commit authors, but not that log. When it
 * cannot say who pushed the current head (a fork, a push GitHub has not
 * recorded yet, an unreadable log), the record says so and approvals of that
 * head do not count (invariant 3, failing closed).
 */
import type { PushRecord } from "../core/pull.js";
import type { GitHubClient, RepoRef } from "./client.js";

/** One entry of the activity log, as the app uses it. */
export interface RefActivity {
  id: number;
  after: string;
  timestamp: string;
  /** null when GitHub shows no account (a deleted user). */
  actor: string | null;
}

/** Bounded work per event: a branch with more ref updates than this is refused rather than read for minutes. */
export const MAX_ACTIVITY_PAGES = 10;
const PER_PAGE = 100;

const short = (sha: string): string => sha.slice(0, 7);

/**
 * Everyone who updated the branch up to (and including) the last update that
 * made `headSha` its tip. Later updates, such as deleting the branch after the
 * merge, put no commit into this head, so their actors are not pushers of it.
 *
 * @example
 *   pushersFromActivity([{ id: 1, after: "a1…", timestamp: "…", actor: "alice" }, { id: 2, after: "b2…", timestamp: "…", actor: "mallory" }], "b2…", "alice/x");
 *   // { known: true, pushers: ["alice", "mallory"] }
 */
export function pushersFromActivity(activities: RefActivity[], headSha: string, branch: string): PushRecord {
  const ordered = [...activities].sort((a, b) => a.timestamp.localeCompare(b.timestamp) || a.id - b.id);
  let last = -1;
  ordered.forEach((activity, index) => {
    if (activity.after === headSha) last = index;
  });
  if (last < 0) {
    return {
      known: false,
      why: `GitHub's activity log has not recorded who pushed ${short(headSha)} to ${branch}`,
      fix: "push the branch again (an empty commit will do) or re-run this check in a minute, then ask for approval again",
    };
  }
  const upToHead = ordered.slice(0, last + 1);
  if (upToHead.some((activity) => activity.actor === null)) {
    return {
      known: false,
      why: `GitHub's activity log shows an update of ${branch} by an account that no longer exists`,
      fix: "push the request to a new branch and open a new pull request from it",
    };
  }
  return { known: true, pushers: [...new Set(upToHead.map((activity) => activity.actor as string))] };
}

export interface HeadOfPull {
  ref: string;
  sha: string;
  /** The repository the head branch lives in; null when a fork was deleted. */
  repoFullName: string | null;
}

/**
 * @example
 *   await readPushRecord(gh, { owner: "acme", repo: "access" }, { ref: "alice/x", sha: "b2…", repoFullName: "acme/access" });
 *   // { known: true, pushers: ["alice", "mallory"] }
 */
export async function readPushRecord(gh: GitHubClient, repo: RepoRef, head: HeadOfPull): Promise<PushRecord> {
  const here = `${repo.owner}/${repo.repo}`;
  if (head.repoFullName?.toLowerCase() !== here.toLowerCase()) {
    return {
      known: false,
      why: `the pull request comes from ${head.repoFullName ? `the fork ${head.repoFullName}` : "a deleted fork"}, and GitHub records who pushed only for branches of ${here}`,
      fix: `push the branch to ${here} and open the pull request from there`,
    };
  }
  const activities: RefActivity[] = [];
  let pages = 0;
  try {
    for await (const page of gh.paginate.iterator(gh.rest.repos.listActivities, { ...repo, ref: `refs/heads/${head.ref}`, per_page: PER_PAGE })) {
      pages += 1;
      for (const a of page.data) activities.push({ id: a.id, after: a.after, timestamp: a.timestamp, actor: a.actor?.login ?? null });
      if (pages >= MAX_ACTIVITY_PAGES && page.data.length === PER_PAGE) {
        return {
          known: false,
          why: `${head.ref} has more than ${MAX_ACTIVITY_PAGES * PER_PAGE} updates in GitHub's activity log, more than the app reads for one pull request`,
          fix: "push the request to a new branch and open a new pull request from it",
        };
      }
    }
  } catch (error) {
    const status = typeof error === "object" && error !== null && "status" in error ? ` (HTTP ${String((error as { status: unknown }).status)})` : "";
    return {
      known: false,
      why: `GitHub's activity log for ${head.ref} could not be read${status}`,
      fix: "re-run this check once GitHub answers (the app's installation must be able to read this repository)",
    };
  }
  return pushersFromActivity(activities, head.sha, head.ref);
}
