/**
 * What evaluating a pull request yields, as data. Handlers turn it into
 * effects (checks, the plan comment, review requests, grants); renderers in
 * src/render/ turn it into words. Nothing here talks to GitHub.
 */
import type { GrantSpec } from "../core/grant.js";
import type { PushRecord } from "../core/pull.js";
import type { ApprovalResult } from "../approval/types.js";
import type { ReviewRequest } from "../approval/reviewers-to-request.js";
import type { PlannedGrant } from "../model/evaluate.js";
import type { Problem } from "../model/problem.js";

/**
 * - "request": only request files change; a merge grants (once valid and approved).
 * - "policy-change": policies, identities or CODEOWNERS change (never a grant).
 * - "mixed": request files and anything else change together (invariant 2: grants nothing).
 * - "not-default-branch": the PR targets another branch (invariant 14: grants nothing).
 * - "empty": nothing the app governs changes.
 */
export type PullKind = "request" | "policy-change" | "mixed" | "not-default-branch" | "empty";

/** How a request file changes in the PR. "removed" ends an active request early. */
export type RequestChange = "added" | "modified" | "removed" | "renamed";

export interface RequestFileResult {
  path: string;
  change: RequestChange;
  /** "planned": a merge would grant `planned`; "refused": see `problems`; "ends-early": a deletion, grants nothing. */
  status: "planned" | "refused" | "ends-early";
  planned: PlannedGrant[];
  /** GrantSpec-ready form of `planned` (origin carries the approvers that counted so far). */
  grants: GrantSpec[];
  problems: Problem[];
  reason?: string;
  ticket?: string;
}

export interface PullEvaluation {
  /** "owner/repo". */
  repo: string;
  number: number;
  author: string;
  baseRef: string;
  baseSha: string;
  headSha: string;
  defaultBranch: string;
  /** False when the PR was closed or merged by the time it was read: nothing about it should be updated. */
  open: boolean;
  /** A draft when it was read: reviewers are asked only once it is ready for review. */
  draft: boolean;
  kind: PullKind;
  /** The instant windows are computed from: the injected "now", or merged_at for a merged PR. */
  evaluatedAt: Date;
  /** One entry per changed request file, in path order. */
  requests: RequestFileResult[];
  /** Problems not owned by one request file: mixing, broken base policies, config syntax at the head. */
  problems: Problem[];
  /** Every problem (request files and the rest) is empty. */
  valid: boolean;
  /** null only for "not-default-branch", where approval does not matter. */
  approval: ApprovalResult | null;
  /** Who pushed the head, from GitHub's activity log; shown so approvers know whose approval cannot count. */
  pushers: PushRecord;
  /** Issue comments GitHub counted when the PR was read (see PullView.comments): 0 means no plan comment to look up. */
  comments?: number;
  /** The app's check runs GitHub counted on the head when the PR was read (see PullView.ownRunsOnHead). */
  ownRunsOnHead?: number;
  /** Who to ask for a review so what is missing can be given (author excluded). */
  reviewersToRequest: ReviewRequest;
  /** kind "request", valid, and approved at the head: a merge of this head may grant. */
  grantable: boolean;
}
