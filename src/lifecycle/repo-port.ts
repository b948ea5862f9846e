/**
 * The access repo as the lifecycle sees it: one read of what it holds
 * (gather) and the effects a run writes back. The planner is a pure step over
 * what was gathered; acting goes through this port and the provider
 * registry. The Octokit adapter (octokit-port.ts) is the app's; an in-memory
 * one stands in for it in the planner's tests.
 */
import type { FileContents } from "../evaluate/config-checks.js";
import type { LoadedAccessConfig } from "../model/access-config.js";
import type { OutcomeTelling } from "./plan-outcome-comment.js";
import type { LifecycleEvent } from "./event-record.js";
import type { ReconcileInput, ReconcilePlan } from "./plan-reconcile.js";
import type { UndeterminedRequest } from "./read-requests.js";
import type { RevertResult } from "./revert-pull.js";
import type { TreeEntry } from "./revert-tree.js";
import type { ActiveRequest, BackedRequest, RevertFile } from "./types.js";

/** Everything one run knows about the repo, read once at its start. */
export interface GatheredRepo {
  /** "owner/repo". */
  name: string;
  defaultBranch: string;
  /** The default branch's head commit this run read, and its tree. */
  headSha: string;
  treeSha: string;
  /** Every entry of the head's tree (directories included): a revert is built on exactly this. */
  tree: TreeEntry[];
  /** The configuration files at the head (policies, identities, CODEOWNERS), by path. */
  configFiles: FileContents;
  config: LoadedAccessConfig;
  /** The request files, each with the decision recorded at its merge. */
  requests: ActiveRequest[];
  /** Request files whose derivation failed this run: nothing is known about them. */
  undetermined: UndeterminedRequest[];
}

/** What granting one request came to, for its record on the merge commit. */
export interface GrantOutcomeRecord {
  ok: boolean;
  at: Date;
  /** The check run's title and summary ("Granted until …", the story line and the approvers). */
  title: string;
  summary: string;
  /** The provider's words, when the grant failed. */
  message?: string;
}

export type EndedEvent = Extract<LifecycleEvent, { kind: "ended" }>;

/**
 * @example
 *   const gathered = await port.gather();
 *   const plan = planRun({ gathered, held, now });
 *   await actOnPlan(plan, gathered, port, deps);
 */
export interface AccessRepoPort {
  gather(): Promise<GatheredRepo>;
  /** Completes the grant check on the request's merge commit and records the granted (or failed) event; idempotent. */
  recordGrantOutcome(request: BackedRequest, outcome: GrantOutcomeRecord): Promise<void>;
  /**
   * Records how a version ended on its merge commit; the first end written stands (a later one only adds
   * its revert's number). Resolves to the events as they now stand there, undefined when the commit holds
   * no record of the app's. A version recorded as ended early is derived again from its record next time.
   */
  recordEnded(mergeCommitSha: string, event: EndedEvent): Promise<LifecycleEvent[] | undefined>;
  /**
   * The early end recorded for this version, read again from its merge commit now: a decision gathered
   * from the ledger or a cache may predate a `/revoke`, and nothing is granted on it without this look.
   */
  endedEarly(request: BackedRequest): Promise<EndedEvent | undefined>;
  /**
   * Plans with every version it would grant checked first: granted only where its recorded merge put it
   * on the default branch's first-parent line (arrival-check.ts); a version that fails is unbacked.
   */
  checkArrivals(input: ReconcileInput): Promise<{ plan: ReconcilePlan; requests: ActiveRequest[] }>;
  /** Removes the files from the default branch through one merged revert, built on the gathered head. */
  ensureRevert(gathered: GatheredRepo, files: RevertFile[]): Promise<RevertResult[]>;
  /**
   * Writes what one event tells on a pull request in one edit of its plan comment: the files' sections,
   * and a line of the lifecycle story (the first end written stands).
   */
  tellOutcome(pr: number, telling: OutcomeTelling): Promise<void>;
}
