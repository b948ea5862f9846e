/**
 * The lifecycle's view of the access repo: every request file on the default
 * branch, what backs it (a merged, approved pull request) and the grants it
 * stands for. Derived from the repo alone, so a restart rebuilds it.
 */
import type { GrantSpec, HeldGrant, Window } from "../core/grant.js";
import type { DecisionRecord } from "./decision-record.js";

export interface BackedRequest {
  status: "backed";
  path: string;
  /** Blob sha of the current version on the default branch. */
  blobSha: string;
  /** The pull request that added the file (its original PR: comments go there). */
  pr: number;
  /** The pull request that set the current version (the same, or a later extension). */
  versionPr: number;
  /** Where `access-pr / grant` is reported: the merge commit of `versionPr`. */
  mergeCommitSha: string | null;
  requester: string;
  window: Window;
  /** One per grant of the request, all with `window`. */
  specs: GrantSpec[];
  /** The decision recorded at the merge that set this version. */
  decision: DecisionRecord;
  /**
   * Set when a grant's principal no longer has the identity it was granted under on the default
   * branch (a person removed from identities.yaml): ends at once. Words for a person.
   */
  offboarded?: string;
  /** Set when the app recorded an early end of this version (`/revoke`) on its merge commit: ends at once, told as theirs. */
  endedEarly?: EarlyEndNote;
}

/** Who ended a request early, and when, as the app recorded it on the merge commit (only the app writes there). */
export interface EarlyEndNote {
  login: string;
  /** "@bob (an approver of this request) used /revoke". */
  words: string;
  at: Date;
}

/** A request file on the default branch that grants nothing and must be reverted. */
export interface UnbackedRequest {
  status: "unbacked";
  path: string;
  blobSha: string;
  /** The pull request that put this version there, when there is one. */
  pr?: number;
  /** Why it backs nothing, in words for a person, e.g. "merged without valid approval (admin bypass)". */
  reason: string;
  /** Grants the file names, when they could be worked out; the app revokes any it holds. */
  specs: GrantSpec[];
  /** Where the refusal is recorded (`access-pr / grant` on this merge commit), when the app recorded one. */
  mergeCommitSha?: string;
}

export type ActiveRequest = BackedRequest | UnbackedRequest;

/** What reconciling one repo decides to do, as data; effects follow in that order. */
export type LifecycleAction =
  /** Make every grant of one request exist (all or nothing). */
  | { kind: "grant"; path: string; pr: number; specs: GrantSpec[] }
  /** Remove one grant this app made. */
  | { kind: "revoke"; held: HeldGrant; path?: string; pr?: number; why: RevokeReason }
  /** Remove request files from the default branch through one revert PR. */
  | { kind: "revert"; files: RevertFile[] };

export type RevokeReason = "expired" | "unbacked" | "drift" | "offboarded" | "revoked";

export interface RevertFile {
  path: string;
  /** The original PR, linked from the revert's body and told that access ended. */
  pr?: number;
  why: "expired" | "unbacked" | "revoked";
  /** For people: "window ended at 2026-11-24T10:00:00Z" or the reason it was never granted. */
  detail: string;
  /** Set when a person ended it early (`/revoke`): their login and the words that tell it. */
  endedBy?: { login: string; words: string };
}
