/**
 * The pure core of the PR flow: facts gathered from GitHub in, a
 * PullEvaluation out. No I/O, so every invariant can be tested on data and
 * the same decision serves open PRs and merge-time re-verification.
 */
import { evaluateApproval } from "../approval/evaluate-approval.js";
import { reviewersToRequest } from "../approval/reviewers-to-request.js";
import type { Quorum, TeamDirectory } from "../approval/types.js";
import type { PullView } from "../core/pull.js";
import { checkRequestFile } from "../model/check-request.js";
import { toGrantSpec } from "../model/grant-spec.js";
import type { Problem } from "../model/problem.js";
import { compareProblems } from "../model/problem.js";
import type { AccessConfig } from "../model/types.js";
import { classifyChanges } from "./classify-changes.js";
import { codeownersFrom, configEditProblems, configFrom } from "./config-checks.js";
import type { FileContents } from "./config-checks.js";
import { boundExtension } from "./extension-window.js";
import type { PreviousVersion } from "./extension-window.js";
import type { PullEvaluation, RequestFileResult } from "./types.js";

export interface PullFacts {
  pull: PullView;
  /** Windows start no earlier than this: the event time, or merged_at. */
  now: Date;
  /** Policies, identities and CODEOWNERS at the PR's BASE sha (invariant 1). */
  baseConfig: FileContents;
  /** Config files at the head, only to check a config edit's syntax. */
  headConfig: FileContents;
  /** Added or modified request files at the head; null when too large to read. */
  requestFiles: FileContents;
  /** Added request paths that already have history on the default branch, with the newest commit there. */
  reusedPaths: ReadonlyMap<string, string>;
  /** Modified request files: the active version on the default branch and its first start (a change is bounded by it). */
  previousVersions: ReadonlyMap<string, PreviousVersion>;
  /** The author's ACTIVE teams among those rules name as requesters. */
  requesterTeams: string[];
  /** ACTIVE members of the teams approval depends on (reviewers only). */
  teams: TeamDirectory;
}

/**
 * @example
 *   const evaluation = decidePull({ pull, now, baseConfig, headConfig: new Map(), requestFiles, reusedPaths: new Map(), requesterTeams: ["acme/payments-eng"], teams: { "acme/sre": ["bob"] } });
 *   evaluation.kind;             // "request"
 *   evaluation.approval?.status; // "pending" until an SRE approves the head
 */
export function decidePull(facts: PullFacts): PullEvaluation {
  const { pull } = facts;
  const base = {
    repo: pull.repo,
    number: pull.number,
    author: pull.author,
    baseRef: pull.baseRef,
    baseSha: pull.baseSha,
    headSha: pull.headSha,
    defaultBranch: pull.defaultBranch,
    open: pull.open !== false,
    draft: pull.draft === true,
    evaluatedAt: facts.now,
    pushers: pull.pushers,
    ...(pull.comments === undefined ? {} : { comments: pull.comments }),
    ...(pull.ownRunsOnHead === undefined ? {} : { ownRunsOnHead: pull.ownRunsOnHead }),
  };
  if (pull.baseRef !== pull.defaultBranch) {
    return { ...base, kind: "not-default-branch", requests: [], problems: [], valid: true, approval: null, reviewersToRequest: { users: [], teams: [] }, grantable: false };
  }

  const listed = classifyChanges(pull.changedFiles);
  const incomplete = incompleteListing(pull);
  // Files GitHub did not list may be anything: such a PR is never a pure request.
  const changes = incomplete.length > 0 && (listed.kind === "request" || listed.kind === "empty") ? { ...listed, kind: "mixed" as const } : listed;
  const loaded = configFrom(facts.baseConfig);
  const problems: Problem[] = [...changes.problems, ...incomplete];
  const governsRequests = changes.kind === "request" || changes.kind === "mixed";
  if (governsRequests && loaded.problems.length > 0) {
    problems.push(
      ...loaded.problems.map((p) => ({ ...p, message: `${p.message} (the policies on ${pull.baseRef} are broken, so no request can be granted until a policy change fixes them)` })),
    );
  }
  problems.push(...configEditProblems(changes.config, facts.headConfig));

  const requester = { login: pull.author, teams: facts.requesterTeams };
  // With files unlisted, judging the listed ones would only mislead: the PR grants nothing anyway.
  const toEvaluate = incomplete.length > 0 ? [] : changes.toEvaluate;
  const evaluated = toEvaluate.map(({ path, change }) => evaluateFile(path, change, facts, loaded.config, requester));
  const removed: RequestFileResult[] = changes.removed.map((path) => ({ path, change: "removed", status: "ends-early", planned: [], grants: [], problems: [] }));
  const requests = [...evaluated.map((e) => e.result), ...removed].sort((a, b) => a.path.localeCompare(b.path));

  const quorums = new Map<string, Quorum>();
  for (const { quorums: list } of evaluated) for (const q of list) quorums.set(q.rule, q);
  // Only a pull request that removes request files and nothing else can grant nothing whatever it contains.
  const requireHuman = !(changes.kind === "request" && changes.toEvaluate.length === 0);
  const approval = evaluateApproval({ pull, codeowners: codeownersFrom(facts.baseConfig), quorums: [...quorums.values()], teams: facts.teams, requireHuman });

  for (const request of requests) {
    const found = evaluated.find((e) => e.result === request);
    request.grants = request.planned.map((planned) =>
      toGrantSpec(planned, {
        repo: pull.repo,
        requestPath: request.path,
        pr: pull.number,
        requester: pull.author,
        approvers: approval.counted,
        reason: found?.result.reason ?? "",
        ...(request.ticket === undefined ? {} : { ticket: request.ticket }),
      }),
    );
  }

  const sorted = problems.sort(compareProblems);
  const valid = sorted.length === 0 && requests.every((r) => r.problems.length === 0);
  const wanted = reviewersToRequest(approval);
  const author = pull.author.toLowerCase();
  // Asking again someone GitHub already lists as requested changes nothing a person sees.
  const requested = new Set([...(pull.requested?.users ?? []), ...(pull.requested?.teams ?? [])].map((name) => name.toLowerCase()));
  const toAsk = (name: string) => !requested.has(name.toLowerCase());
  return {
    ...base,
    kind: changes.kind,
    requests,
    problems: sorted,
    valid,
    approval,
    reviewersToRequest: { users: wanted.users.filter((u) => u.toLowerCase() !== author && toAsk(u)), teams: wanted.teams.filter(toAsk) },
    grantable: changes.kind === "request" && valid && approval.status === "approved",
  };
}

/** Problems about the pull request as a whole carry this "file", which no annotation can point at. */
export const PULL_LEVEL = "pull request #";

/** A problem when GitHub listed fewer files or commits than the PR has. */
function incompleteListing(pull: PullView): Problem[] {
  const listing = pull.listing;
  if (!listing) return [];
  const at = { file: `${PULL_LEVEL}${pull.number}`, line: 1, column: 1 };
  const problems: Problem[] = [];
  if (listing.files < listing.filesTotal) {
    problems.push({
      ...at,
      message: `GitHub lists ${listing.files} of the ${listing.filesTotal} files this pull request changes (it lists at most 3,000), so access-pr cannot see everything it changes and it grants nothing. Open a pull request that changes only request files.`,
    });
  }
  if (listing.commits < listing.commitsTotal) {
    problems.push({
      ...at,
      message: `GitHub lists ${listing.commits} of the ${listing.commitsTotal} commits of this pull request (it lists at most 250), so access-pr cannot see who committed and it grants nothing. Open a new pull request from a branch with fewer commits (squash them).`,
    });
  }
  return problems;
}

function evaluateFile(
  path: string,
  change: "added" | "modified",
  facts: PullFacts,
  config: AccessConfig,
  requester: { login: string; teams: string[] },
): { result: RequestFileResult; quorums: Quorum[] } {
  const refused = (problems: Problem[]): { result: RequestFileResult; quorums: Quorum[] } => ({
    result: { path, change, status: "refused", planned: [], grants: [], problems },
    quorums: [],
  });
  const reused = facts.reusedPaths.get(path);
  if (reused !== undefined) {
    return refused([
      {
        file: path,
        line: 1,
        column: 1,
        message: `${path} was used before on ${facts.pull.defaultBranch} (commit ${reused.slice(0, 7)}); request file names are never reused, so the audit trail stays unambiguous. Give this request a new file name.`,
      },
    ]);
  }
  const content = facts.requestFiles.get(path);
  if (content === null || content === undefined) {
    return refused([{ file: path, line: 1, column: 1, message: `${path} could not be read at the head commit (it is too large or missing); a request file is a few lines of YAML` }]);
  }
  const checked = checkRequestFile(path, content, { requester, config, now: facts.now });
  if (!checked.ok) return refused(checked.problems);
  const { request, evaluation } = checked;
  const described = { reason: request.reason, ...(request.ticket === undefined ? {} : { ticket: request.ticket }) };
  if (evaluation.status === "refused") {
    return { result: { path, change, status: "refused", planned: [], grants: [], problems: evaluation.problems, ...described }, quorums: [] };
  }
  const bounded = change === "modified" ? boundExtension(request, facts.previousVersions.get(path), evaluation.grants, facts.now, facts.pull.defaultBranch) : { planned: evaluation.grants };
  if ("problems" in bounded) {
    return { result: { path, change, status: "refused", planned: [], grants: [], problems: bounded.problems, ...described }, quorums: [] };
  }
  return {
    result: { path, change, status: "planned", planned: bounded.planned, grants: [], problems: [], ...described },
    quorums: evaluation.approvals,
  };
}
