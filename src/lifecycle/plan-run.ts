/**
 * One run's decision as a pure step over what was gathered: offboarding and
 * early ends (`/revoke`) applied to the requests, then planReconcile, then
 * what a file that could not be derived holds back. No I/O.
 */
import type { HeldGrant } from "../core/grant.js";
import { markOffboarded } from "./offboarding.js";
import { planReconcile } from "./plan-reconcile.js";
import type { ReconcilePlan } from "./plan-reconcile.js";
import type { GatheredRepo } from "./repo-port.js";
import type { ActiveRequest, EarlyEndNote } from "./types.js";

/** "End these request files now": someone entitled used `/revoke` (authorization is the caller's). */
export interface EarlyEnd extends EarlyEndNote {
  paths: string[];
}

export interface RunInput {
  gathered: Pick<GatheredRepo, "defaultBranch" | "config" | "requests" | "undetermined">;
  /** What the providers hold (a reconcile), or the requests' own grants assumed held (a sweep). */
  held: HeldGrant[];
  now: Date;
  revertBatchMs?: number;
  earlyEnd?: EarlyEnd;
}

export interface RunPlan extends ReconcilePlan {
  /** The requests as planned: offboarding and early ends marked. */
  requests: ActiveRequest[];
}

/**
 * @example
 *   const plan = planRun({ gathered, held, now: clock.now() });
 *   plan.actions; // revokes first, then grants, then one revert
 */
export function planRun(input: RunInput): RunPlan {
  const { gathered, earlyEnd } = input;
  const offboarded = markOffboarded(gathered.requests, gathered.config, gathered.defaultBranch);
  const requests = earlyEnd ? offboarded.map((r) => (r.status === "backed" && earlyEnd.paths.includes(r.path) ? { ...r, endedEarly: noteOf(earlyEnd) } : r)) : offboarded;
  const planned = planReconcile({ now: input.now, requests, held: input.held, ...(input.revertBatchMs ? { revertBatchMs: input.revertBatchMs } : {}) });
  // A grant no file backs may belong to a file this run could not read: only its drift revoke waits for a run
  // that reads them all; every other revocation goes ahead.
  const actions = gathered.undetermined.length === 0 ? planned.actions : planned.actions.filter((a) => !(a.kind === "revoke" && a.why === "drift"));
  return { ...planned, actions, requests };
}

function noteOf(end: EarlyEnd): EarlyEndNote {
  return { pr: end.pr, login: end.login, as: end.as, at: end.at };
}
