/**
 * An end the app could not record yet. `/revoke` records the end on the
 * grant check run before revoking; when GitHub refuses that write (its
 * secondary limit pauses the installation, or any other failure), the access
 * is revoked in the cloud anyway (revoking is always safe) and the end is
 * kept here, in this process's memory:
 *
 * - every lifecycle run reads that version of the file as ending at that
 *   moment, so it is never granted again, its grants are revoked and the
 *   file is reverted by the ordinary plan;
 * - every run tries to record the end again, without waiting for GitHub's
 *   pause, and forgets it once it stands in the record.
 *
 * A restart before the end is recorded forgets it; the reply and the log say
 * so, and the requester can `/revoke` again.
 *
 * @example
 *   keepUnrecordedEnd(lifecycle.context, "acme/access", { mergeCommitSha, event });
 *   const requests = withUnrecordedEnds(read.requests, ctx, "acme/access");
 *   await recordUnrecordedEnds(port, "acme/access", ctx);
 */
import { withoutWaiting } from "../github/write-scope.js";
import type { LifecycleEvent } from "./event-record.js";
import type { AccessRepoPort } from "./repo-port.js";
import type { LifecycleContext } from "./run-lifecycle.js";
import type { ActiveRequest } from "./types.js";

export interface UnrecordedEnd {
  mergeCommitSha: string;
  event: Extract<LifecycleEvent, { kind: "ended" }>;
}

/** Per lifecycle context, per repo ("owner/repo", lower case), per "path@blob". */
const kept = new WeakMap<object, Map<string, Map<string, UnrecordedEnd>>>();

function endsOf(ctx: object, repo: string): Map<string, UnrecordedEnd> {
  let repos = kept.get(ctx);
  if (!repos) kept.set(ctx, (repos = new Map()));
  let ends = repos.get(repo.toLowerCase());
  if (!ends) repos.set(repo.toLowerCase(), (ends = new Map()));
  return ends;
}

export function keepUnrecordedEnd(ctx: object, repo: string, end: UnrecordedEnd): void {
  endsOf(ctx, repo).set(`${end.event.path}@${end.event.blobSha}`, end);
}

/** Ends still to be recorded for the repo. */
export function unrecordedEnds(ctx: object, repo: string): UnrecordedEnd[] {
  return [...endsOf(ctx, repo).values()];
}

/** The requests with each version whose end is kept here read as ending then (as an end in the record would). */
export function withUnrecordedEnds(requests: ActiveRequest[], ctx: object, repo: string): ActiveRequest[] {
  const ends = endsOf(ctx, repo);
  if (ends.size === 0) return requests;
  return requests.map((request) => {
    const end = ends.get(`${request.path}@${request.blobSha}`);
    if (!end || request.status !== "backed" || end.event.at.getTime() >= request.window.end.getTime()) return request;
    const at = new Date(Math.max(end.event.at.getTime(), request.window.start.getTime()));
    const cut = <W extends { end: Date }>(window: W): W => (window.end.getTime() > at.getTime() ? { ...window, end: at } : window);
    return { ...request, window: cut(request.window), specs: request.specs.map((spec) => ({ ...spec, window: cut(spec.window) })) };
  });
}

/** Tries once more to record each kept end, without waiting for GitHub's pause; a recorded one is forgotten. */
export async function recordUnrecordedEnds(port: Pick<AccessRepoPort, "recordEnded">, repo: string, ctx: Pick<LifecycleContext, "log">): Promise<void> {
  const ends = endsOf(ctx, repo);
  for (const [key, end] of ends) {
    try {
      await withoutWaiting(() => port.recordEnded(end.mergeCommitSha, end.event));
      ends.delete(key);
      ctx.log.info({ repo, path: end.event.path, blob: end.event.blobSha, by: end.event.by }, "recorded a /revoke's end that GitHub refused before");
    } catch (error) {
      ctx.log.warn({ repo, path: end.event.path, blob: end.event.blobSha, err: error }, "still could not record a /revoke's end on the grant check run; it stays ended in this process and the next run tries again");
    }
  }
}
