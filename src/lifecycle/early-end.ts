/**
 * An end the app recorded before the window's end (`/revoke`) holds for that
 * exact version of the request file, wherever its decision is read from: the
 * record on the merge commit, the ledger or the process's cache. The version
 * is read as ending at that moment and carries who ended it, so the plan
 * revokes whatever is still held, reverts the file, tells the end as theirs
 * and never grants it again. Pure.
 */
import type { DecisionRecord } from "./decision-record.js";
import type { LifecycleEvent } from "./event-record.js";
import type { ActiveRequest, EarlyEndNote } from "./types.js";

/** The early end recorded for this path and blob, when there is one. */
export function earlyEndOf(events: LifecycleEvent[], path: string, blobSha: string): Extract<LifecycleEvent, { kind: "ended" }> | undefined {
  return events.find((e): e is Extract<LifecycleEvent, { kind: "ended" }> => e.kind === "ended" && e.how === "revoked" && e.path === path && e.blobSha === blobSha);
}

/**
 * The decision with its window (and every grant's) ending at the recorded early end.
 *
 * @example
 *   withEarlyEnd(record, events).window.end; // the /revoke moment when one was recorded for this version
 */
export function withEarlyEnd(record: DecisionRecord, events: LifecycleEvent[]): DecisionRecord {
  const ended = earlyEndOf(events, record.path, record.blobSha);
  if (!ended || ended.at.getTime() >= record.window.end.getTime()) return record;
  const end = ended.at.getTime() < record.window.start.getTime() ? record.window.start : ended.at;
  return {
    ...record,
    window: { ...record.window, end },
    grants: record.grants.map((g) => ({ ...g, spec: { ...g.spec, window: { ...g.spec.window, end: g.spec.window.end.getTime() > end.getTime() ? end : g.spec.window.end } } })),
  };
}

/** Who ended the version early and when, as the recorded end says (its detail reads "<words> at <ISO time>"). */
export function earlyEndNoteOf(events: LifecycleEvent[], path: string, blobSha: string): EarlyEndNote | undefined {
  const ended = earlyEndOf(events, path, blobSha);
  if (!ended) return undefined;
  const suffix = ` at ${ended.at.toISOString()}`;
  const words = ended.detail.endsWith(suffix) ? ended.detail.slice(0, -suffix.length) : ended.detail;
  return { login: ended.by ?? "someone", words, at: ended.at };
}

/**
 * A derived request as the recorded events leave it: a version ended early ends then and says by whom.
 *
 * @example
 *   withRecordedEnd(request, standingEvents).endedEarly; // { login: "bob", words: "@bob (…) used /revoke", at }
 */
export function withRecordedEnd(request: ActiveRequest, events: LifecycleEvent[]): ActiveRequest {
  if (request.status !== "backed") return request;
  const endedEarly = earlyEndNoteOf(events, request.path, request.blobSha);
  if (!endedEarly) return request;
  const decision = withEarlyEnd(request.decision, events);
  const end = decision.window.end;
  const specs = request.specs.map((s) => (s.window.end.getTime() > end.getTime() ? { ...s, window: { ...s.window, end } } : s));
  return { ...request, decision, window: decision.window, specs, endedEarly };
}
