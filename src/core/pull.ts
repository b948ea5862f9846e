/**
 * The pull request as the app sees it: the port between GitHub adapters and
 * the pure approval and validation core. Adapters fill it from Octokit; core
 * tests build it by hand.
 */

export type ReviewState = "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED" | "DISMISSED";

export interface ReviewView {
  /** GitHub login of the reviewer. */
  user: string;
  state: ReviewState;
  /** The head sha the review was submitted against. */
  commitId: string;
  /** ISO 8601; reviews arrive chronologically from the API. */
  submittedAt: string;
  /** True when GitHub says the reviewer is a bot (an app or a workflow): its approval never counts. */
  bot?: boolean;
}

export interface ChangedFile {
  path: string;
  status: "added" | "modified" | "removed" | "renamed" | "copied" | "changed" | "unchanged";
  /** For renames: where the file came from. */
  previousPath?: string;
}

/**
 * Who pushed the pull request's head, from GitHub's repository activity log
 * (a record no writer can edit). When it cannot be established the record
 * says why and what to do, and no approval of that head counts.
 */
export type PushRecord =
  | { known: true; pushers: string[] }
  | { known: false; why: string; fix: string };

export interface PullView {
  /** "owner/repo". */
  repo: string;
  number: number;
  /** GitHub login of the PR author. */
  author: string;
  baseRef: string;
  baseSha: string;
  headSha: string;
  defaultBranch: string;
  /** False once the PR is closed or merged, as GitHub says now (a webhook's payload may be older). */
  open?: boolean;
  /** A draft, as GitHub says now: nobody is asked to review it yet (GitHub asks the code owners once it is ready). */
  draft?: boolean;
  changedFiles: ChangedFile[];
  /**
   * Logins of everyone who pushed to the head branch, authored or committed a
   * commit on the PR. None of them can approve it (invariant 3).
   */
  contributors: string[];
  /** Who pushed the head (also in `contributors` when known). */
  pushers: PushRecord;
  reviews: ReviewView[];
  /**
   * How many files and commits GitHub says the PR has, beside how many it
   * listed (it lists at most 3,000 files and 250 commits). When more exist
   * than were listed, the app cannot know what the PR changes or who
   * committed, so it grants nothing (invariant 2).
   */
  listing?: { files: number; filesTotal: number; commits: number; commitsTotal: number };
  /** Reviews GitHub says are requested and not yet given (users, and teams as "org/team"); they are not asked again. */
  requested?: { users: string[]; teams: string[] };
  /**
   * How many issue comments GitHub counted on the PR when it was read. Only saves a lookup: with 0 the
   * app's plan comment is created without listing comments first (the read-back after a create still
   * finds a comment another writer made meanwhile). Never evidence of anything.
   */
  comments?: number;
  /**
   * How many check runs of the app's GitHub counted on the head when the PR was read (absent when unknown).
   * Only saves a lookup: with 0 the app's checks are created without listing the head's runs first; the
   * read-back after a create still finds a run another writer created meanwhile.
   */
  ownRunsOnHead?: number;
}
