/**
 * The reconciler's decision as a pure function: the requests on the default
 * branch and the grants the clouds hold in, the actions that make the clouds
 * match the repo out. No I/O, so every case is a table row in a test.
 */
import type { GrantSpec, HeldGrant } from "../core/grant.js";
import { providerDefinitions } from "../providers/definitions.js";
import { utc } from "../render/format-time.js";
import { assumedHeld } from "./cloud-effects.js";
import type { ActiveRequest, BackedRequest, LifecycleAction, RevertFile } from "./types.js";

export interface ReconcileInput {
  now: Date;
  requests: ActiveRequest[];
  /** What the providers report this app holds on every scope the requests and policies name. */
  held: HeldGrant[];
  /**
   * How long the revert of ended requests may wait for others that end soon after (default 0: never).
   * Revocation is never delayed; only the pull request is, so that windows ending within the same
   * minute (a Monday 09:00) make one revert rather than one per precise wake-up.
   */
  revertBatchMs?: number;
}

export interface ReconcilePlan {
  actions: LifecycleAction[];
  /** The next instant at which the plan changes by time alone (an end, or a deferred start). */
  nextWake?: Date;
}

/**
 * A cloud that enforces the start itself (GCP conditions, Azure PIM schedules)
 * is granted ahead of the start; a plain Azure assignment waits for it.
 */
export function enforcesStart(spec: GrantSpec): boolean {
  return providerDefinitions[spec.provider].enforcesStart(spec);
}

/**
 * @example
 *   const { actions, nextWake } = planReconcile({ now: clock.now(), requests, held });
 *   // [{ kind: "grant", … }, { kind: "revoke", why: "expired", … }, { kind: "revert", files: [...] }]
 */
export function planReconcile(input: ReconcileInput): ReconcilePlan {
  const now = input.now.getTime();
  const heldByKey = new Map<string, HeldGrant[]>();
  for (const held of input.held) heldByKey.set(held.key, [...(heldByKey.get(held.key) ?? []), held]);
  const heldFor = (spec: GrantSpec) => heldByKey.get(spec.key) ?? [];

  const grants: LifecycleAction[] = [];
  const revokes: LifecycleAction[] = [];
  const revert: RevertFile[] = [];
  const wakes: number[] = [];
  const endedAt: number[] = [];
  const ends: number[] = [];
  const known = new Set<string>();

  for (const request of input.requests) {
    for (const spec of request.specs) known.add(spec.key);
    if (request.status === "unbacked") {
      for (const spec of request.specs) for (const held of heldFor(spec)) revokes.push({ kind: "revoke", held, path: request.path, ...(request.pr ? { pr: request.pr } : {}), why: "unbacked" });
      revert.push({ path: request.path, ...(request.pr ? { pr: request.pr } : {}), why: "unbacked", detail: request.reason });
      continue;
    }
    if (request.endedEarly !== undefined) {
      const { login, words, at } = request.endedEarly;
      const { pr } = request;
      // Revoked whether or not a listing shows it: revoking what is not there is no error, and a listing can lag.
      for (const spec of request.specs) for (const held of heldOrAssumed(spec, heldFor(spec))) revokes.push({ kind: "revoke", held, path: request.path, pr, why: "revoked" });
      revert.push({ path: request.path, pr, why: "revoked", detail: `${words} at ${at.toISOString()}`, endedBy: { login, words } });
      continue;
    }
    if (request.offboarded !== undefined) {
      for (const spec of request.specs) for (const held of heldFor(spec)) revokes.push({ kind: "revoke", held, path: request.path, pr: request.pr, why: "offboarded" });
      revert.push({ path: request.path, pr: request.pr, why: "revoked", detail: request.offboarded });
      continue;
    }
    const end = request.window.end.getTime();
    if (now >= end) {
      for (const spec of request.specs) for (const held of heldFor(spec)) revokes.push({ kind: "revoke", held, path: request.path, pr: request.pr, why: "expired" });
      revert.push({ path: request.path, pr: request.pr, why: "expired", detail: `window ended at ${utc(request.window.end)}` });
      endedAt.push(end);
      continue;
    }
    wakes.push(end);
    ends.push(end);
    const start = request.window.start.getTime();
    if (now < start && !request.specs.every(enforcesStart)) {
      wakes.push(start);
      continue;
    }
    if (request.specs.some((spec) => !isHeldAsSpecified(spec, heldFor(spec)))) grants.push(grantAction(request));
  }

  for (const held of input.held) {
    if (!known.has(held.key)) revokes.push({ kind: "revoke", held, why: "drift" });
  }

  const batchMs = input.revertBatchMs ?? 0;
  const upcoming = wakes.filter((t) => t > now);
  const nextEnd = Math.min(...ends.filter((t) => t > now));
  const deadline = Math.min(...endedAt) + batchMs;
  // Wait for the next end when it is near, but never past the batch's deadline; unbacked files never wait.
  const defer = revert.length > 0 && revert.every((f) => f.why === "expired") && nextEnd <= now + batchMs && now < deadline;
  if (defer) upcoming.push(deadline);
  const actions = [...revokes, ...grants, ...(revert.length > 0 && !defer ? [{ kind: "revert" as const, files: revert.sort((a, b) => a.path.localeCompare(b.path)) }] : [])];
  const next = upcoming.sort((a, b) => a - b)[0];
  return { actions, ...(next === undefined ? {} : { nextWake: new Date(next) }) };
}

function heldOrAssumed(spec: GrantSpec, held: HeldGrant[]): HeldGrant[] {
  return held.length > 0 ? held : [assumedHeld(spec)];
}

/** Held, and where the cloud knows the end, with the end the repo says now (an extension moves it). */
function isHeldAsSpecified(spec: GrantSpec, held: HeldGrant[]): boolean {
  return held.some((h) => h.end === undefined || h.end.getTime() === spec.window.end.getTime());
}

function grantAction(request: BackedRequest): LifecycleAction {
  return { kind: "grant", path: request.path, pr: request.pr, specs: request.specs };
}
