/**
 * The effects of one PR evaluation, all idempotent: the two checks (by
 * name and head sha), the one plan comment (marker), the policy-change
 * label, and review requests. A redelivered webhook repeats them harmlessly.
 */
import type { Logger } from "probot";
import type { Clock } from "../core/clock.js";
import { isOwnRevert } from "../evaluate/app-revert.js";
import { evaluatePull } from "../evaluate/evaluate-pull.js";
import type { PullAuthor } from "../evaluate/app-revert.js";
import type { PullEvaluation } from "../evaluate/types.js";
import { upsertCheckRuns } from "../github/check-run.js";
import type { ShaRun } from "../github/check-run-duplicates.js";
import type { CheckRunInput, CheckWriteOptions } from "../github/check-run.js";
import type { GitHubClient, RepoRef } from "../github/client.js";
import { hasStatus } from "../github/client.js";
import { forgetReads } from "../github/read-memo.js";
import type { AppIdentity } from "../github/app-identity.js";
import { findAppComment, upsertMarkedComment } from "../github/marked-comment.js";
import { fitCheckOutput } from "../render/fit-to-limit.js";
import { renderAppRevertChecks } from "../render/app-revert-checks.js";
import { renderApprovalCheck } from "../render/approval-check.js";
import { PLAN_COMMENT, renderPlanComment } from "../render/plan-comment.js";
import { parseOutcomeSections } from "../render/plan-outcome.js";
import { renderClosedCheck, renderValidationCheck, VALIDATION_CHECK } from "../render/validation-check.js";
import { APPROVAL_CHECK } from "../render/approval-check.js";

export const POLICY_CHANGE_LABEL = "access-pr:policy-change";
/** A convenience filter for people (any writer can add or remove it): never evidence of anything. */
export const ACCESS_REQUEST_LABEL = "access-request";

export interface EffectOptions {
  /** Ask the missing reviewers (on PR events; a review event does not re-ask). */
  requestReviewers: boolean;
  /** The labels the PR carried in the event; a label already there is not added again (one POST saved per event). */
  labels?: readonly ({ name?: string } | string)[] | null;
  /** "refuse": write nothing and answer "stale" when a completed check would go back to pending (see upsertCheckRuns). */
  reopen?: CheckWriteOptions["reopen"];
}

/** "stale": nothing was written, because the evaluation's reads may be older than a check another evaluation completed. */
export type EffectsResult = "applied" | "stale";

/**
 * GitHub appends annotations on every check update, so re-sending an
 * unchanged result (a redelivery, a review that changes nothing) would list
 * each problem twice. Unchanged results are therefore not sent again.
 */
export async function publishCheck(gh: GitHubClient, repo: RepoRef, input: CheckRunInput, appId: number): Promise<void> {
  await publishChecks(gh, repo, [input], appId);
}

/**
 * Several checks with one listing of the sha's runs before the writes (none with `noRunsYet`) and one after
 * any create, unless `readBack` is false: see upsertCheckRuns.
 */
export async function publishChecks(gh: GitHubClient, repo: RepoRef, inputs: CheckRunInput[], appId: number, options: CheckWriteOptions = {}): Promise<"written" | "stale"> {
  return upsertCheckRuns(
    gh,
    repo,
    inputs.map((input) => ({ ...input, appId })),
    (existing, input) => sameResult(existing, input),
    options,
  );
}

function sameResult(existing: ShaRun, input: CheckRunInput): boolean {
  return (
    existing.status === input.status &&
    (existing.conclusion ?? undefined) === (input.status === "completed" ? (input.conclusion ?? "neutral") : undefined) &&
    existing.output.title === input.title &&
    existing.output.summary === fitCheckOutput(input.summary) &&
    (existing.output.text ?? undefined) === (input.text === undefined ? undefined : fitCheckOutput(input.text)) &&
    existing.output.annotations_count === (input.annotations?.length ?? 0)
  );
}

/** What the PR flow's handlers share: the clock, and who the app itself is. */
export interface PullFlow {
  clock: Clock;
  identity: AppIdentity;
}

export function authorOf(user: { login: string; type?: string } | null | undefined): PullAuthor {
  return { login: user?.login ?? "", type: user?.type ?? "User" };
}

/**
 * The app's own revert (its bot as author, only request files deleted) gets
 * both checks completed and nothing else: no plan to approve, nobody to ask.
 * Anything else gets the full flow.
 *
 * @example
 *   await applyEffectsFor(gh, repo, evaluation, authorOf(pull.user), flow, log, { requestReviewers: true });
 */
export async function applyEffectsFor(
  gh: GitHubClient,
  repo: RepoRef,
  evaluation: PullEvaluation,
  author: PullAuthor,
  flow: PullFlow,
  log: Logger,
  options: EffectOptions,
): Promise<EffectsResult> {
  const { botLogin, appId } = flow.identity;
  if (isOwnRevert(evaluation, author, botLogin)) {
    log.info({ paths: evaluation.requests.map((r) => r.path) }, "the app's own revert: checks completed, no plan");
    await publishChecks(gh, repo, renderAppRevertChecks(evaluation), appId);
    return "applied";
  }
  return applyPullEffects(gh, repo, evaluation, flow.identity, log, options);
}

export async function applyPullEffects(gh: GitHubClient, repo: RepoRef, evaluation: PullEvaluation, identity: AppIdentity, log: Logger, options: EffectOptions): Promise<EffectsResult> {
  const { botLogin, appId } = identity;
  // A head GitHub counted none of the app's runs on when the PR was read has none to look up (the first event of a new
  // head). Only for the first write of an event: the listing after a create still finds a completed run another
  // evaluation wrote meanwhile (and answers stale); the write that follows a stale answer looks the runs up first.
  const noRunsYet = evaluation.ownRunsOnHead === 0 && options.reopen === "refuse";
  const checks = await publishChecks(gh, repo, [renderValidationCheck(evaluation), renderApprovalCheck(evaluation)], appId, { reopen: options.reopen ?? "write", ...(noRunsYet ? { noRunsYet } : {}) });
  if (checks === "stale") return "stale";
  if (evaluation.kind === "not-default-branch" || evaluation.kind === "empty") {
    await retirePlanComment(gh, repo, evaluation, botLogin);
    return "applied";
  }

  // An evaluation that began before the merge must not write over what the lifecycle recorded after it; but an
  // outcome on a pull request still open is a person's edit, and the plan is written over it.
  // A pull request GitHub counts no comments on has no plan comment to look up (the first event of a new one).
  const keep = (body: string) => isPlanOutcome(body) && closedSinceEvaluated(gh, repo, evaluation.number);
  await upsertMarkedComment(gh, repo, evaluation.number, PLAN_COMMENT, renderPlanComment(evaluation), botLogin, { keep, noComments: evaluation.comments === 0 });
  if (evaluation.kind === "policy-change" || evaluation.kind === "request") {
    const label = evaluation.kind === "request" ? ACCESS_REQUEST_LABEL : POLICY_CHANGE_LABEL;
    const present = (options.labels ?? []).some((l) => (typeof l === "string" ? l : l.name) === label);
    if (!present) await gh.rest.issues.addLabels({ ...repo, issue_number: evaluation.number, labels: [label] });
  }
  // Like GitHub with code owners, a draft (as read from GitHub, not as a payload said) asks nobody until it is ready for review.
  if (options.requestReviewers && !evaluation.draft) await requestMissingReviewers(gh, repo, evaluation, log);
  return "applied";
}

/**
 * Evaluates the pull request and applies the effects. Two replicas (or a late delivery) can
 * evaluate the same pull request at once; when this evaluation would turn a check another one
 * completed back to pending, its reads may predate that one's, so it evaluates once more from
 * reads begun after the completed run was written, and writes what that finds.
 *
 * @example
 *   await evaluateAndApply(gh, repo, pull.number, authorOf(pull.user), flow, log, { defaultBranch, requestReviewers: true, labels: pull.labels });
 */
export async function evaluateAndApply(
  gh: GitHubClient,
  repo: RepoRef,
  number: number,
  author: PullAuthor,
  flow: PullFlow,
  log: Logger,
  options: Omit<EffectOptions, "reopen"> & { defaultBranch: string },
): Promise<void> {
  const evaluate = () => evaluatePull(gh, repo, number, { now: flow.clock.now(), defaultBranch: options.defaultBranch, botLogin: flow.identity.botLogin, appId: flow.identity.appId });
  const apply = async (evaluation: PullEvaluation, reopen: EffectOptions["reopen"]): Promise<EffectsResult> => {
    // A late delivery must not turn the post-merge plan back into a "ready to merge" one.
    if (!evaluation.open) {
      log.info("the pull request was closed before this event was handled; nothing to update");
      return "applied";
    }
    log.info({ kind: evaluation.kind, valid: evaluation.valid, approval: evaluation.approval?.status ?? null }, "evaluated pull request");
    return applyEffectsFor(gh, repo, evaluation, author, flow, log, { ...options, reopen });
  };
  const first = await evaluate();
  if ((await apply(first, "refuse")) === "applied") return;
  log.info({ approval: first.approval?.status ?? null }, "this evaluation would set a completed check back to pending, and the evaluation that completed it may have read GitHub later; evaluating again from fresh reads before writing");
  forgetReads(gh);
  try {
    await apply(await evaluate(), "write");
  } catch (error) {
    // Pending over completed is the safe direction: when the fresh evaluation fails, the first one's result stands.
    log.warn({ err: error }, "could not evaluate the pull request again; writing the first evaluation's result, which may leave the checks pending");
    await apply(first, "write");
    throw error;
  }
}

/** The plan comment after a merge: what the merge did, per request file (plan-outcome-comment.ts). */
function isPlanOutcome(body: string): boolean {
  return parseOutcomeSections(body).length > 0;
}

/**
 * Whether the pull request closed after this evaluation read it open: asked of GitHub afresh, since the
 * outcome text in a comment is no evidence (any writer can edit the app's comments). Only a plan comment
 * that reads as an outcome costs this read.
 */
async function closedSinceEvaluated(gh: GitHubClient, repo: RepoRef, number: number): Promise<boolean> {
  forgetReads(gh);
  const { data } = await gh.rest.pulls.get({ ...repo, pull_number: number });
  return data.state !== "open";
}

/** A PR retargeted away from the default branch must not keep showing a plan that no longer applies. */
async function retirePlanComment(gh: GitHubClient, repo: RepoRef, evaluation: PullEvaluation, botLogin: string): Promise<void> {
  if (evaluation.comments !== 0 && (await findAppComment(gh, repo, evaluation.number, PLAN_COMMENT, botLogin))) {
    await upsertMarkedComment(gh, repo, evaluation.number, PLAN_COMMENT, renderPlanComment(evaluation), botLogin);
  }
}

/**
 * Review requests are a courtesy: a failure (an outside collaborator, a secret team) must not fail
 * the evaluation. GitHub refuses the whole call (422) when one reviewer cannot be asked, and then
 * asks nobody; so after a 422 each reviewer is asked on their own, and only the refused are left out.
 */
async function requestMissingReviewers(gh: GitHubClient, repo: RepoRef, evaluation: PullEvaluation, log: Logger): Promise<void> {
  const { users, teams } = evaluation.reviewersToRequest;
  const slugs = teams.filter((team) => team.split("/")[0]?.toLowerCase() === repo.owner.toLowerCase()).map((team) => team.split("/")[1] ?? "");
  if (users.length === 0 && slugs.length === 0) return;
  const ask = (reviewers: string[], teamReviewers: string[]) => gh.rest.pulls.requestReviewers({ ...repo, pull_number: evaluation.number, reviewers, team_reviewers: teamReviewers });
  try {
    await ask(users, slugs);
    return;
  } catch (error) {
    if (!hasStatus(error, 422) || users.length + slugs.length === 1) {
      log.warn({ err: error, pr: evaluation.number, users, teams: slugs }, "could not request reviewers; the approval check still names them");
      return;
    }
  }
  const refused: string[] = [];
  for (const [reviewers, teamReviewers, name] of [...users.map((u) => [[u], [], u] as const), ...slugs.map((t) => [[], [t], `${repo.owner}/${t}`] as const)]) {
    try {
      await ask([...reviewers], [...teamReviewers]);
    } catch (error) {
      if (!hasStatus(error, 422)) {
        log.warn({ err: error, pr: evaluation.number }, "could not request reviewers; the approval check still names them");
        return;
      }
      refused.push(name);
    }
  }
  log.warn({ pr: evaluation.number, refused }, "GitHub refused to request a review from some reviewers; the others were asked, and the approval check still names everyone");
}

/** A PR closed without merging: both checks say nothing is granted. */
export async function applyClosedEffects(gh: GitHubClient, repo: RepoRef, headSha: string, appId: number): Promise<void> {
  await publishChecks(gh, repo, [renderClosedCheck(VALIDATION_CHECK, headSha), renderClosedCheck(APPROVAL_CHECK, headSha)], appId);
}
