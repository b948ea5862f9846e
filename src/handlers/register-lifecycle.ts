/** Wires the lifecycle (issue 6) into the Probot app: merges, pushes, `/revoke`, and the scheduler. */
import type { Probot } from "probot";
import { createLifecycleService } from "../lifecycle/lifecycle-service.js";
import type { LifecycleDeps, LifecycleService } from "../lifecycle/lifecycle-service.js";
import { handleIssueComment } from "./issue-comment.js";
import { handlePullRequestMerged } from "./pull-request-merged.js";
import { handlePush } from "./push.js";

const running = new WeakMap<object, LifecycleService>();

/**
 * Registers the handlers and starts the scheduler (a reconcile of every
 * installation's repos at once, then the periods).
 *
 * @example
 *   // in createAccessPrApp
 *   registerLifecycle(app, deps);
 *   // in a test or on shutdown
 *   await lifecycleOf(deps)?.stop();
 */
export function registerLifecycle(app: Probot, deps: LifecycleDeps): LifecycleService {
  const lifecycle = createLifecycleService(app, deps);
  const once = (id: string, handle: () => Promise<void>) => lifecycle.deliveries.once(id, handle);
  app.on("pull_request.closed", (context) => once(context.id, () => handlePullRequestMerged(context, lifecycle)));
  app.on("issue_comment.created", (context) => once(context.id, () => handleIssueComment(context, lifecycle)));
  app.on("push", (context) => once(context.id, () => handlePush(context, lifecycle)));
  void running.get(deps)?.stop();
  running.set(deps, lifecycle);
  lifecycle.scheduler.start();
  return lifecycle;
}

/** The lifecycle started with these deps, so its owner can stop it (tests, the sandbox, shutdown). */
export function lifecycleOf(deps: object): LifecycleService | undefined {
  return running.get(deps);
}
