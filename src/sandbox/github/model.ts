import type { GitRepo } from "./git.js";

export type Permission = "admin" | "maintain" | "write" | "triage" | "read" | "none";

export interface User {
  id: number;
  login: string;
  name: string;
  email: string;
  type: "User" | "Bot" | "Organization";
  /** Org owner: admin on every repo, may bypass branch protection. */
  admin: boolean;
  token: string;
}

export interface Org {
  id: number;
  login: string;
}

export interface Team {
  id: number;
  org: string;
  slug: string;
  name: string;
  members: Map<string, "active" | "pending">;
  maintainers: Set<string>;
  /** The parent team's slug (nested teams): this team's members are members of every ancestor too. */
  parent?: string;
}

/** Branch protection of the default branch, as the emulator enforces it on merge. */
export interface Protection {
  requiredApprovals?: number;
  /** Logins (or an app slug) allowed to merge without the approvals. */
  bypass?: string[];
  adminsCanBypass?: boolean;
}

/**
 * A repository ruleset, in the API's own terms (repos/get-repo-ruleset): which
 * branches it targets, its rules (`pull_request`, `required_status_checks`,
 * `non_fast_forward`, ...) and who may bypass it, and when.
 */
export interface Ruleset {
  id: number;
  name: string;
  enforcement: "active" | "evaluate" | "disabled";
  /** Ref patterns: "~DEFAULT_BRANCH", "~ALL", "refs/heads/main", "refs/heads/access-pr/**". */
  include: string[];
  exclude: string[];
  rules: RulesetRule[];
  bypassActors: BypassActor[];
  createdAt: string;
  updatedAt: string;
}

export type RulesetRule =
  | { type: "pull_request"; parameters: { required_approving_review_count: number; require_code_owner_review: boolean; dismiss_stale_reviews_on_push: boolean; require_last_push_approval: boolean; required_review_thread_resolution: boolean } }
  | { type: "required_status_checks"; parameters: { required_status_checks: Array<{ context: string; integration_id?: number }>; strict_required_status_checks_policy: boolean } }
  | { type: "non_fast_forward" | "deletion" | "creation" | "update" | "required_linear_history" };

export interface BypassActor {
  actor_id: number | null;
  actor_type: "Integration" | "OrganizationAdmin" | "RepositoryRole" | "Team" | "DeployKey" | "User";
  bypass_mode: "always" | "pull_request" | "exempt";
}

export interface Review {
  id: number;
  user: string;
  state: "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED" | "DISMISSED";
  body: string;
  commitId: string;
  submittedAt: string;
}

export interface Pull {
  number: number;
  id: number;
  title: string;
  body: string | null;
  user: string;
  head: string;
  base: string;
  /** Head sha, kept in step with the branch so a deleted branch still shows its last head. */
  headSha: string;
  baseSha: string;
  state: "open" | "closed";
  draft: boolean;
  merged: boolean;
  mergedBy: string | null;
  mergeCommitSha: string | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  mergedAt: string | null;
  labels: string[];
  reviews: Review[];
  requestedReviewers: string[];
  requestedTeams: string[];
}

export interface Issue {
  number: number;
  id: number;
  title: string;
  body: string | null;
  user: string;
  state: "open" | "closed";
  labels: string[];
  createdAt: string;
  updatedAt: string;
}

export interface Comment {
  id: number;
  issue: number;
  user: string;
  body: string;
  createdAt: string;
  updatedAt: string;
}

export interface CheckRun {
  id: number;
  name: string;
  headSha: string;
  status: "queued" | "in_progress" | "completed";
  conclusion: "success" | "failure" | "neutral" | "cancelled" | "skipped" | "timed_out" | "action_required" | null;
  startedAt: string | null;
  completedAt: string | null;
  externalId: string | null;
  detailsUrl: string | null;
  output: { title: string | null; summary: string | null; text: string | null; annotations: unknown[] };
  /** The GitHub App that created the run: only it may update the run. */
  app: { id: number; slug: string };
}

export interface CommitStatus {
  id: number;
  sha: string;
  state: "error" | "failure" | "pending" | "success";
  context: string;
  description: string | null;
  targetUrl: string | null;
  creator: string;
  createdAt: string;
}

/** One ref update in the repository's activity log (what "List repository activities" returns). */
export interface Activity {
  id: number;
  /** Full ref, e.g. "refs/heads/alice/read-prod-db". */
  ref: string;
  /** 40 zeros when the ref was created. */
  before: string;
  /** 40 zeros when the ref was deleted. */
  after: string;
  activityType: "push" | "force_push" | "branch_creation" | "branch_deletion" | "pr_merge" | "merge_queue_merge";
  /** Who made the update: a person, or an app's bot. */
  actor: string;
  timestamp: string;
}

export interface Label {
  id: number;
  name: string;
  color: string;
  description: string | null;
}

export interface Repo {
  id: number;
  owner: string;
  name: string;
  fullName: string;
  private: boolean;
  defaultBranch: string;
  createdAt: string;
  pushedAt: string;
  git: GitRepo;
  protection: Protection;
  rulesets: Ruleset[];
  collaborators: Map<string, Permission>;
  /** Teams given access to the repository ("org/slug", lower-cased): a team owns code only with write access. */
  teamAccess?: Map<string, Permission>;
  pulls: Map<number, Pull>;
  issues: Map<number, Issue>;
  comments: Map<number, Comment>;
  checkRuns: Map<number, CheckRun>;
  statuses: CommitStatus[];
  labels: Map<string, Label>;
  /** Every ref update, oldest first; only the emulator's own ref writes add to it. */
  activity: Activity[];
  nextNumber: number;
  /** Serialises writes to this repo so ref updates never race. */
  lock: Promise<unknown>;
}

/** Runs `work` after every earlier write to the repo has finished. */
export function withRepoLock<T>(repo: Repo, work: () => Promise<T>): Promise<T> {
  const run = repo.lock.then(work, work);
  repo.lock = run.catch(() => undefined);
  return run;
}
