/**
 * One run's decision as a pure step over what was gathered: offboarding
 * applied to the requests, then planReconcile, then what a file that could
 * not be derived holds back. An early end (`/revoke`) is no input of its own:
 * gathering reads it from the app's record on the merge commit, so a
 * reconcile or a restart honours it as the run that followed the command
 * does. No I/O.
 */
import { SecondaryLimitError } from "../github/secondary-limit.js";
import type { HeldGrant } from "../core/grant.js";
import { markOffboarded } from "./offboarding.js";
import { planReconcile } from "./plan-reconcile.js";
import type { ReconcileInput, ReconcilePlan } from "./plan-reconcile.js";
import type { GatheredRepo } from "./repo-port.js";
import type { ActiveRequest } from "./types.js";

export interface RunInput {
  gathered: Pick<GatheredRepo, "defaultBranch" | "config" | "requests" | "undetermined">;
  /** What the providers hold (a reconcile), or the requests' own grants assumed held (a sweep). */
  held: HeldGrant[];
  now: Date;
  revertBatchMs?: number;
}

export interface RunPlan extends ReconcilePlan {
  /** The requests as planned: offboarding marked. */
  requests: ActiveRequest[];
}

/**
 * @example
 *   const plan = planRun({ gathered, held, now: clock.now() });
 *   plan.actions; // revokes first, then grants, then one revert
 */
export function planRun(input: RunInput): RunPlan {
  const { gathered } = input;
  const marked = markOffboarded(gathered.requests, gathered.config, gathered.defaultBranch);
  return withUndetermined(gathered, planReconcile(reconcileInput(input, marked)), marked);
}

/**
 * The same plan with the versions it would grant checked first by `check` (the adapter's arrival check,
 * arrival-check.ts): a version that fails is planned as unbacked.
 *
 * @example
 *   const plan = await planRunChecked({ gathered, held, now }, (input) => port.checkArrivals(input));
 */
export async function planRunChecked(input: RunInput, check: (input: ReconcileInput) => Promise<{ plan: ReconcilePlan; requests: ActiveRequest[] }>): Promise<RunPlan> {
  const { gathered } = input;
  const marked = markOffboarded(gathered.requests, gathered.config, gathered.defaultBranch);
  const { plan, requests } = await check(reconcileInput(input, marked));
  return withUndetermined(gathered, plan, requests);
}

function reconcileInput(input: RunInput, requests: ActiveRequest[]): ReconcileInput {
  return { now: input.now, requests, held: input.held, ...(input.revertBatchMs ? { revertBatchMs: input.revertBatchMs } : {}) };
}

function withUndetermined(gathered: RunInput["gathered"], planned: ReconcilePlan, requests: ActiveRequest[]): RunPlan {
  // A grant no file backs may belong to a file this run could not read: only its drift revoke waits for a run
  // that reads them all; every other revocation goes ahead.
  // A file judged now whose decision GitHub's pause kept from the record was never granted: no grant can be its.
  const actions = gathered.undetermined.every((u) => u.error instanceof SecondaryLimitError) ? planned.actions : planned.actions.filter((a) => !(a.kind === "revoke" && a.why === "drift"));
  return { ...planned, actions, requests };
}
