/** Wires the PR flow (issue 4) into the Probot app: pull requests and their reviews. */
import type { Probot } from "probot";
import type { Clock } from "../core/clock.js";
import { handlePullRequest, PULL_REQUEST_ACTIONS } from "./pull-request.js";
import { handlePullRequestReview, PULL_REQUEST_REVIEW_ACTIONS } from "./pull-request-review.js";

export interface PullFlowDeps {
  clock: Clock;
}

/**
 * @example
 *   // in createAccessPrApp
 *   registerPullFlow(app, deps);
 */
export function registerPullFlow(app: Probot, deps: PullFlowDeps): void {
  app.on(
    PULL_REQUEST_ACTIONS.map((action) => `pull_request.${action}` as const),
    (context) => handlePullRequest(context, deps.clock),
  );
  app.on(
    PULL_REQUEST_REVIEW_ACTIONS.map((action) => `pull_request_review.${action}` as const),
    (context) => handlePullRequestReview(context, deps.clock),
  );
}
