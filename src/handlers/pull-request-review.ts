/** `pull_request_review` events: re-evaluate approval (and the plan) at the PR's current head. */
import type { Context } from "probot";
import { authorOf, evaluateAndApply } from "./pull-request-effects.js";
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
  await evaluateAndApply(context.octokit, repo, pull.number, authorOf(pull.user), flow, log, {
    defaultBranch: payload.repository.default_branch,
    requestReviewers: false,
    labels: pull.labels,
  });
}
