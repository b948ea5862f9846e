/**
 * `/revoke` per request file: each file is authorised against its own
 * version's recorded decision (an approver of an extension may end the file
 * that extension set, never the other files of the original pull request),
 * and each authorised end is recorded on that version's merge commit before
 * anything is revoked, so every later derivation (a reconcile, a replica, a
 * cold restart) reads the version as ended early.
 */
import { withoutWaiting } from "../github/write-scope.js";
import type { LifecycleEvent } from "./event-record.js";
import { earlyEndOf, withRecordedEnd } from "./early-end.js";
import type { AccessRepoPort, EndedEvent } from "./repo-port.js";
import { mayRevoke } from "./revoke-authorization.js";
import type { ActiveRequest, BackedRequest } from "./types.js";

export interface FileAuthorization {
  commenter: string;
  /** The author of the pull request the command was written on. */
  requester: string;
  /** CODEOWNERS owners of a request file. */
  ownersOf: (path: string) => string[];
  /** Active members of each owning team, keyed "org/team". */
  teams: Record<string, string[]>;
}

export interface AuthorisedEnd {
  request: BackedRequest;
  /** "the requester", "an approver of this request", "a code owner of the request file". */
  as: string;
}

/**
 * @example
 *   const { allowed, refused } = authorizeFiles(requests, { commenter: "dave", requester: "alice", ownersOf, teams });
 */
export function authorizeFiles(requests: ActiveRequest[], input: FileAuthorization): { allowed: AuthorisedEnd[]; refused: BackedRequest[] } {
  const allowed: AuthorisedEnd[] = [];
  const refused: BackedRequest[] = [];
  for (const request of requests) {
    // A file that backs nothing is reverted by the lifecycle anyway: there is nothing of it to end early.
    if (request.status !== "backed") continue;
    // The approvers recorded for this file's own version (its last merge), nobody else's.
    const decision = mayRevoke({ commenter: input.commenter, requester: input.requester, approvers: request.decision.approvers, owners: input.ownersOf(request.path), teams: input.teams });
    if (decision.allowed) allowed.push({ request, as: decision.as });
    else refused.push(request);
  }
  return { allowed, refused };
}

export interface RecordedEnds {
  /** The requests as the recorded events now leave them (ended early, unless another end stood first). */
  requests: Map<string, ActiveRequest>;
  /** Paths whose version had already ended another way (its window's end, recorded by a replica). */
  endedBefore: string[];
  /** Paths whose merge commit holds no record of the app's: they end in this run, without a durable record. */
  unrecorded: string[];
  /** Ends GitHub refused to record now (its secondary limit, an outage): they end in this run all the same. */
  refused: { mergeCommitSha: string; event: EndedEvent; error: unknown }[];
}

/**
 * Records each authorised end on its version's merge commit, first.
 *
 * @example
 *   const ends = await recordEarlyEnds(port, allowed, "bob", clock.now());
 */
export async function recordEarlyEnds(port: AccessRepoPort, ends: AuthorisedEnd[], commenter: string, at: Date): Promise<RecordedEnds> {
  const out: RecordedEnds = { requests: new Map(), endedBefore: [], unrecorded: [], refused: [] };
  for (const { request, as } of ends) {
    const event = { kind: "ended" as const, path: request.path, blobSha: request.blobSha, at, how: "revoked" as const, by: commenter, detail: `@${commenter} (${as}) used /revoke at ${at.toISOString()}` };
    let standing: LifecycleEvent[] | undefined;
    const { mergeCommitSha } = request;
    try {
      // Never waits out GitHub's pause: revoking does not wait for the record (write-scope.ts).
      if (mergeCommitSha) standing = await withoutWaiting(() => port.recordEnded(mergeCommitSha, event));
      if (!standing) out.unrecorded.push(request.path);
    } catch (error) {
      if (mergeCommitSha) out.refused.push({ mergeCommitSha, event, error });
    }
    const events = standing ?? [event];
    if (!earlyEndOf(events, request.path, request.blobSha) && events.some((e) => e.kind === "ended" && e.path === request.path && e.blobSha === request.blobSha)) out.endedBefore.push(request.path);
    out.requests.set(request.path, withRecordedEnd(request, events));
  }
  return out;
}
