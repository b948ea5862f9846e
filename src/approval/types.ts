import type { ParsedCodeowners } from "../codeowners/types.js";
import type { PullView } from "../core/pull.js";

/** The approvers a matched policy rule requires on top of CODEOWNERS. */
export interface Quorum {
  /** The policy rule's name, shown to people. */
  rule: string;
  /** GitHub logins. */
  users: string[];
  /** Teams as "org/team". */
  teams: string[];
  /** Distinct people needed. */
  min: number;
}

/**
 * ACTIVE members of each team, keyed "org/team", resolved by the adapter before
 * evaluation (pending invitations are left out). Keys and logins compare
 * case-insensitively, as GitHub does.
 */
export type TeamDirectory = Record<string, string[]>;

export interface ApprovalInput {
  pull: PullView;
  /** CODEOWNERS of the BASE branch; null when the base has none. */
  codeowners: ParsedCodeowners | null;
  quorums: Quorum[];
  teams: TeamDirectory;
  /**
   * Whether the pull request needs at least one person's approval even when
   * no CODEOWNERS line and no rule names an approver (invariant 16). Default
   * true; false only for a change that can grant nothing (removing request files).
   */
  requireHuman?: boolean;
}

export type ApprovalStatus = "approved" | "pending" | "blocked";

/** Something still needed: a code owner for a path, or more approvers for a rule. */
export interface MissingApproval {
  /** Neither path nor rule: the approval every grant needs from a person (invariant 16). */
  path?: string;
  rule?: string;
  /** What is needed, in words for people. */
  need: string;
  /** Who could give it: "@user" or "@org/team" (emails and people who cannot count are left out). */
  candidates: string[];
}

export interface ReviewNote {
  login: string;
  why: string;
}

export interface ApprovalResult {
  status: ApprovalStatus;
  /** One sentence for people. */
  summary: string;
  missing: MissingApproval[];
  /** Logins whose approval at the head counted. */
  counted: string[];
  /** Reviews that did not count, and why. */
  ignored: ReviewNote[];
  /** Code owners and rule approvers whose latest review requests changes. */
  blockers: ReviewNote[];
}
