/**
 * What the audit reads, as data: the merged pull requests of the access repo,
 * what the app recorded on each merge commit (only the app can write there),
 * the request-file changes of merges the app recorded nothing for, and the
 * request files on the default branch now. Gathering fills it from GitHub;
 * building rows from it is pure.
 */
import type { DecisionRecord } from "../lifecycle/decision-record.js";
import type { LifecycleEvent } from "../lifecycle/event-record.js";

export interface MergedPullFact {
  number: number;
  /** Who opened it: GitHub sets this, nobody can change it later. */
  author: string;
  mergedAt: Date;
  mergeCommitSha: string | null;
  /** Opened by the app's own bot account (a revert). */
  byApp: boolean;
}

/** The `access-pr / grant` check run of the app's on one merge commit. */
export interface RecordFact {
  pull: MergedPullFact;
  decisions: DecisionRecord[];
  events: LifecycleEvent[];
  conclusion: string | null;
  completedAt: Date | null;
}

/** A request file a merge added, changed or removed, read from the merge's file list (git). */
export interface FileChangeFact {
  pull: MergedPullFact;
  path: string;
  status: string;
  previousPath?: string;
}

export interface AuditFacts {
  repo: string;
  defaultBranch: string;
  /** The app whose records were read, and how it was identified (for the report's header). */
  app: { appId: number; botLogin: string; source: string };
  now: Date;
  records: RecordFact[];
  /** Request-file changes of merges without a record of the app's (app reverts, removals, unrecorded merges). */
  changes: FileChangeFact[];
  /** Request files on the default branch now. */
  onTip: Set<string>;
}
