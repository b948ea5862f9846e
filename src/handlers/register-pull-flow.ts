/** Wires the PR flow (issue 4) into the Probot app: pull requests and their reviews. */
import type { Probot } from "probot";
import type { Clock } from "../core/clock.js";
import { appIdentity } from "./app-identity.js";
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
  const flow = { clock: deps.clock, identity: appIdentity(app) };
  app.on(
    PULL_REQUEST_ACTIONS.map((action) => `pull_request.${action}` as const),
    (context) => handlePullRequest(context, flow),
  );
  app.on(
    PULL_REQUEST_REVIEW_ACTIONS.map((action) => `pull_request_review.${action}` as const),
    (context) => handlePullRequestReview(context, flow),
  );
}
