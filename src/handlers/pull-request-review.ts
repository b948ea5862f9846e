/** `pull_request_review` events: re-evaluate approval (and the plan) at the PR's current head. */
import type { Context } from "probot";
import { evaluatePull } from "../evaluate/evaluate-pull.js";
import { applyEffectsFor, authorOf } from "./pull-request-effects.js";
import type { PullFlow } from "./pull-request-effects.js";

export const PULL_REQUEST_REVIEW_ACTIONS = ["submitted", "edited", "dismissed"] as const;

/**
 * @example
 *   app.on(["pull_request_review.submitted", "pull_request_review.dismissed"], (context) => handlePullRequestReview(context, flow));
 */
export async function handlePullRequestReview(context: Context<"pull_request_review">, flow: PullFlow): Promise<void> {
  const { payload } = context;
  const pull = payload.pull_request;
  if (pull.state !== "open") return;
  const repo = context.repo();
  const log = context.log.child({ pr: pull.number, action: payload.action, reviewer: payload.review.user?.login });
  const evaluation = await evaluatePull(context.octokit, repo, pull.number, { now: flow.clock.now(), defaultBranch: payload.repository.default_branch, botLogin: flow.identity.botLogin });
  // A late delivery must not turn the post-merge plan back into a "ready to merge" one.
  if (!evaluation.open) {
    log.info("the pull request was closed before this event was handled; nothing to update");
    return;
  }
  log.info({ kind: evaluation.kind, approval: evaluation.approval?.status ?? null }, "re-evaluated approval");
  await applyEffectsFor(context.octokit, repo, evaluation, authorOf(pull.user), flow, log, { requestReviewers: false, labels: pull.labels });
}
