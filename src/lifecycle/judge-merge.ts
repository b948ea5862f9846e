/**
 * Judges one version of a request file once, when the app finds no record of
 * it: re-verifies the merged pull request that set it (policies at the merge
 * commit's first parent, approvals at the merged head) and returns the
 * decision to record. Every field comes from the one version that was
 * approved, and that version must be the one on the default branch.
 */
import { addMilliseconds } from "date-fns";
import { evaluateMergedPull } from "../evaluate/evaluate-pull.js";
import type { MergedPullEvaluation } from "../evaluate/evaluate-pull.js";
import type { RequestFileResult } from "../evaluate/types.js";
import { blobShaAt } from "../github/batch-read.js";
import type { GitHubClient, RepoRef } from "../github/client.js";
import type { MergedPullRef } from "../github/merged-pull.js";
import { formatProblem } from "../model/problem.js";
import type { DecisionRecord } from "./decision-record.js";

export interface JudgeInput {
  path: string;
  /** The blob on the default branch now: the version the decision must be about. */
  blobSha: string;
  defaultBranch: string;
  /** The app's own login: its own pushes are not a person's. */
  botLogin: string;
  /** The pull request that set this version, and the one that first added the file. */
  current: MergedPullRef;
  added: MergedPullRef;
  /** The version this one replaced, when its decision was recorded: an extension keeps its first start and cannot revive it once ended. */
  previous?: Pick<DecisionRecord, "firstStart" | "window">;
  /** The merged pull request's evaluation, when the caller shares one among the files of that pull request. */
  evaluate?: () => Promise<MergedPullEvaluation | null>;
}

/**
 * @example
 *   const judged = await judgeMerge(gh, repo, { path, blobSha, defaultBranch: "main", current, added });
 *   if (judged) await recordDecisions(gh, repo, judged.mergeCommitSha, [judged.record], appId);
 */
export async function judgeMerge(gh: GitHubClient, repo: RepoRef, input: JudgeInput): Promise<{ record: DecisionRecord; mergeCommitSha: string } | undefined> {
  const { path, blobSha, current, added } = input;
  const merged = input.evaluate ? await input.evaluate() : await evaluateMergedPull(gh, repo, current.number, { defaultBranch: input.defaultBranch, botLogin: input.botLogin });
  if (!merged) return undefined;
  const { evaluation } = merged;
  const result = evaluation.requests.find((r) => r.path === path);
  const base = {
    path,
    blobSha,
    pr: added.number,
    versionPr: current.number,
    requester: added.author,
    approvers: evaluation.approval?.counted ?? [],
    policySha: merged.policySha,
  };
  // A refusal still names the grants it was about, so any the app holds for this path are revoked with it.
  const named = (result?.grants ?? []).map((spec, i) => ({ spec, rule: result?.planned[i]?.rule ?? "", maxDurationMs: result?.planned[i]?.maxDurationMs ?? 0, principalName: result?.planned[i]?.principalName ?? null }));
  const refuse = (reason: string): { record: DecisionRecord; mergeCommitSha: string } => ({
    record: { ...base, outcome: "refused", reason, firstStart: merged.mergedAt, window: { start: merged.mergedAt, end: merged.mergedAt }, grants: named },
    mergeCommitSha: merged.mergeCommitSha,
  });
  if (!result || result.status !== "planned") return refuse(`pull request #${current.number} that put it there does not grant it${result ? `: ${problemsOf(result)}` : ""}`);
  if (!evaluation.grantable) {
    const approval = evaluation.approval;
    const why = approval && approval.status !== "approved" ? `it was merged without valid approval (${approval.summary})` : `it was merged with problems: ${evaluation.problems.map(formatProblem).join("; ")}`;
    return refuse(`pull request #${current.number}: ${why}`);
  }
  // One version: what was approved at the merged head must be exactly what is on the default branch.
  const approvedBlob = await blobShaAt(gh, repo, path, evaluation.headSha);
  if (approvedBlob !== blobSha) {
    return refuse(
      `the version of ${path} on ${input.defaultBranch} (blob ${blobSha.slice(0, 7)}) is not the one approved in #${current.number} (blob ${(approvedBlob ?? "none").slice(0, 7)}): another change was merged into the same file. Nothing of it is granted; ask again in a new request file`,
    );
  }

  const previousEnd = result.change === "modified" ? input.previous?.window.end : undefined;
  if (previousEnd && previousEnd.getTime() <= merged.mergedAt.getTime()) {
    return refuse(`its window ended at ${previousEnd.toISOString()}, before #${current.number} changed it; an ended request cannot be extended, so ask again in a new request file`);
  }
  const planned = result.planned;
  const evaluatedStart = planned[0]?.window.start ?? merged.mergedAt;
  const firstStart = result.change === "modified" && input.previous ? input.previous.firstStart : evaluatedStart;
  const window = { start: firstStart, end: addMilliseconds(firstStart, planned[0]?.durationMs ?? 0) };
  if (window.end.getTime() <= merged.mergedAt.getTime()) return refuse(`the window, counted from its first start, ended at ${window.end.toISOString()} before #${current.number} was merged; an ended request cannot be extended`);
  const grants = result.grants.map((spec, i) => ({
    spec: { ...spec, window, origin: { ...spec.origin, pr: added.number } },
    rule: planned[i]?.rule ?? "",
    maxDurationMs: planned[i]?.maxDurationMs ?? 0,
    principalName: planned[i]?.principalName ?? null,
  }));
  return { record: { ...base, outcome: "granted", firstStart, window, grants }, mergeCommitSha: merged.mergeCommitSha };
}

function problemsOf(result: RequestFileResult): string {
  return result.problems.length > 0 ? result.problems.map(formatProblem).join("; ") : `the file is ${result.status}`;
}
