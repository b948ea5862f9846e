/** Wires the PR flow into the Probot app: pull requests and their reviews, of the access repos only. */
import type { Probot } from "probot";
import type { Clock } from "../core/clock.js";
import type { AppIdentity } from "../github/app-identity.js";
import type { Settings } from "../settings.js";
import { onAccessRepo } from "./access-repo-gate.js";
import type { Metrics } from "../observe/metrics.js";
import { timed } from "../observe/metrics.js";
import { forgetChangedOwnComment } from "./own-comment-events.js";
import { handlePolicyPush } from "./policy-push.js";
import { handlePullRequest, PULL_REQUEST_ACTIONS } from "./pull-request.js";
import { handlePullRequestReview, PULL_REQUEST_REVIEW_ACTIONS } from "./pull-request-review.js";

export interface PullFlowDeps {
  clock: Clock;
  settings: Pick<Settings, "accessRepos">;
  metrics?: Metrics;
}

/**
 * @example
 *   // in createAccessPrApp, once the identity is read
 *   registerPullFlow(app, deps, identity);
 */
export function registerPullFlow(app: Probot, deps: PullFlowDeps, identity: AppIdentity): void {
  const flow = { clock: deps.clock, identity };
  const { accessRepos } = deps.settings;
  onAccessRepo(
    app,
    accessRepos,
    PULL_REQUEST_ACTIONS.map((action) => `pull_request.${action}` as const),
    timed(deps.metrics, "pull_request", (context) => handlePullRequest(context, flow)),
  );
  onAccessRepo(
    app,
    accessRepos,
    PULL_REQUEST_REVIEW_ACTIONS.map((action) => `pull_request_review.${action}` as const),
    timed(deps.metrics, "pull_request_review", (context) => handlePullRequestReview(context, flow)),
  );
  onAccessRepo(app, accessRepos, ["push"], (context) => handlePolicyPush(context, flow));
  onAccessRepo(app, accessRepos, ["issue_comment.edited", "issue_comment.deleted"], (context) => forgetChangedOwnComment(app, context));
}
