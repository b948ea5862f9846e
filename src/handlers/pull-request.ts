/** `pull_request` events: evaluate the PR at its head and post the checks and the plan. */
import type { Context } from "probot";
import { applyClosedEffects, authorOf, evaluateAndApply } from "./pull-request-effects.js";
import type { PullFlow } from "./pull-request-effects.js";
import { completeOwnRevert } from "./own-revert.js";

export const PULL_REQUEST_ACTIONS = ["opened", "synchronize", "reopened", "edited", "ready_for_review", "closed"] as const;

type PullRequestContext = Context<"pull_request">;

/**
 * @example
 *   app.on(PULL_REQUEST_ACTIONS.map((a) => `pull_request.${a}` as const), (context) => handlePullRequest(context, flow));
 */
export async function handlePullRequest(context: PullRequestContext, flow: PullFlow): Promise<void> {
  const { payload } = context;
  const repo = context.repo();
  const pull = payload.pull_request;
  const log = context.log.child({ pr: pull.number, action: payload.action });
  if (payload.action === "closed") {
    // A merge is the lifecycle's business (re-verify, grant or revert).
    if (pull.merged) return;
    // Deliveries come in any order: a `closed` handled after a `reopened` must not mark an open PR's checks closed.
    const { data: now } = await context.octokit.rest.pulls.get({ ...repo, pull_number: pull.number });
    if (now.state === "closed" && now.head.sha === pull.head.sha) await applyClosedEffects(context.octokit, repo, pull.head.sha, flow.identity.appId);
    else log.info({ state: now.state }, "the pull request was reopened or moved on before this close was handled; nothing to update");
    return;
  }
  // Title and body edits change nothing the app decides; only a new base does.
  if (payload.action === "edited" && !("changes" in payload && payload.changes.base)) return;
  if (pull.state !== "open") return;
  if (await completeOwnRevert(context.octokit, repo, pull, { botLogin: flow.identity.botLogin, appId: flow.identity.appId, defaultBranch: payload.repository.default_branch }, log)) return;

  await evaluateAndApply(context.octokit, repo, pull.number, authorOf(pull.user), flow, log, {
    defaultBranch: payload.repository.default_branch,
    requestReviewers: true,
    labels: pull.labels,
  });
}
