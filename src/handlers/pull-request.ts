/** `pull_request` events: evaluate the PR at its head and post the checks and the plan. */
import type { Context } from "probot";
import type { Clock } from "../core/clock.js";
import { evaluatePull } from "../evaluate/evaluate-pull.js";
import { applyClosedEffects, applyPullEffects } from "./pull-request-effects.js";

export const PULL_REQUEST_ACTIONS = ["opened", "synchronize", "reopened", "edited", "ready_for_review", "closed"] as const;

type PullRequestContext = Context<"pull_request">;

/**
 * @example
 *   app.on(PULL_REQUEST_ACTIONS.map((a) => `pull_request.${a}` as const), (context) => handlePullRequest(context, clock));
 */
export async function handlePullRequest(context: PullRequestContext, clock: Clock): Promise<void> {
  const { payload } = context;
  const repo = context.repo();
  const pull = payload.pull_request;
  const log = context.log.child({ pr: pull.number, action: payload.action });
  if (payload.action === "closed") {
    // A merge is the lifecycle's business (re-verify, grant or revert).
    if (!pull.merged) await applyClosedEffects(context.octokit, repo, pull.head.sha);
    return;
  }
  // Title and body edits change nothing the app decides; only a new base does.
  if (payload.action === "edited" && !("changes" in payload && payload.changes.base)) return;
  if (pull.state !== "open") return;

  const evaluation = await evaluatePull(context.octokit, repo, pull.number, { now: clock.now(), defaultBranch: payload.repository.default_branch });
  log.info({ kind: evaluation.kind, valid: evaluation.valid, approval: evaluation.approval?.status ?? null }, "evaluated pull request");
  await applyPullEffects(context.octokit, repo, evaluation, log, { requestReviewers: true });
}
