/**
 * The pure core of the PR flow: facts gathered from GitHub in, a
 * PullEvaluation out. No I/O, so every invariant can be tested on data and
 * the same decision serves open PRs and merge-time re-verification.
 */
import { evaluateApproval } from "../approval/evaluate-approval.js";
import { reviewersToRequest } from "../approval/reviewers-to-request.js";
import type { Quorum, TeamDirectory } from "../approval/types.js";
import type { PullView } from "../core/pull.js";
import { evaluateRequest } from "../model/evaluate.js";
import { toGrantSpec } from "../model/grant-spec.js";
import type { Problem } from "../model/problem.js";
import { compareProblems } from "../model/problem.js";
import { parseRequest } from "../model/request-file.js";
import type { AccessConfig } from "../model/types.js";
import { classifyChanges } from "./classify-changes.js";
import { codeownersFrom, configEditProblems, configFrom } from "./config-checks.js";
import type { FileContents } from "./config-checks.js";
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
    evaluatedAt: facts.now,
    pushers: pull.pushers,
  };
  if (pull.baseRef !== pull.defaultBranch) {
    return { ...base, kind: "not-default-branch", requests: [], problems: [], valid: true, approval: null, reviewersToRequest: { users: [], teams: [] }, grantable: false };
  }

  const changes = classifyChanges(pull.changedFiles);
  const loaded = configFrom(facts.baseConfig);
  const problems: Problem[] = [...changes.problems];
  const governsRequests = changes.kind === "request" || changes.kind === "mixed";
  if (governsRequests && loaded.problems.length > 0) {
    problems.push(
      ...loaded.problems.map((p) => ({ ...p, message: `${p.message} (the policies on ${pull.baseRef} are broken, so no request can be granted until a policy change fixes them)` })),
    );
  }
  problems.push(...configEditProblems(changes.config, facts.headConfig));

  const requester = { login: pull.author, teams: facts.requesterTeams };
  const evaluated = changes.toEvaluate.map(({ path, change }) => evaluateFile(path, change, facts, loaded.config, requester));
  const removed: RequestFileResult[] = changes.removed.map((path) => ({ path, change: "removed", status: "ends-early", planned: [], grants: [], problems: [] }));
  const requests = [...evaluated.map((e) => e.result), ...removed].sort((a, b) => a.path.localeCompare(b.path));

  const quorums = new Map<string, Quorum>();
  for (const { quorums: list } of evaluated) for (const q of list) quorums.set(q.rule, q);
  const approval = evaluateApproval({ pull, codeowners: codeownersFrom(facts.baseConfig), quorums: [...quorums.values()], teams: facts.teams });

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
  return {
    ...base,
    kind: changes.kind,
    requests,
    problems: sorted,
    valid,
    approval,
    reviewersToRequest: { users: wanted.users.filter((u) => u.toLowerCase() !== author), teams: wanted.teams },
    grantable: changes.kind === "request" && valid && approval.status === "approved",
  };
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
  const parsed = parseRequest(path, content);
  if (!parsed.ok) return refused(parsed.problems);
  const { request } = parsed;
  const evaluation = evaluateRequest({ request, requester, config, now: facts.now });
  const described = { reason: request.reason, ...(request.ticket === undefined ? {} : { ticket: request.ticket }) };
  if (evaluation.status === "refused") {
    return { result: { path, change, status: "refused", planned: [], grants: [], problems: evaluation.problems, ...described }, quorums: [] };
  }
  return {
    result: { path, change, status: "planned", planned: evaluation.grants, grants: [], problems: [], ...described },
    quorums: evaluation.approvals,
  };
}
