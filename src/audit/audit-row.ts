/** One row of the audit: one grant of one recorded version of a request file. */

/** How the access of a row ended, or that it has not. */
export type EndKind = "active" | "pending" | "expired" | "revoked" | "offboarded" | "removed" | "extended" | "not-granted" | "failed" | "unknown";

export interface AuditRow {
  path: string;
  /** The pull request that added the request file, and the one that set this version (the same, or an extension). */
  requestPr: number | null;
  versionPr: number | null;
  requester: string | null;
  principal: string | null;
  provider: string | null;
  role: string | null;
  scope: string | null;
  requestedStart: Date | null;
  requestedEnd: Date | null;
  /** When the app's grant call succeeded, as the app recorded it. */
  grantedAt: Date | null;
  /** When the access ended (or, for an active row, null). */
  endedAt: Date | null;
  end: EndKind;
  /** Who ended it: "dave" for a /revoke, "#7 by carol" for a removal, "#5" for an extension. */
  endedBy: string | null;
  /** In words: "the window ended; revoked and reverted by #4". */
  howEnded: string;
  approvers: string[];
  ticket: string | null;
  reason: string | null;
  revertPr: number | null;
  /** The commit whose policies, identities and CODEOWNERS judged this version. */
  policyCommit: string | null;
  mergeCommit: string | null;
  mergedAt: Date | null;
  /** Why a field is empty, or where a value came from when not from the app's own record. */
  notes: string[];
}
