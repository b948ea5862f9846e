/** Wires the lifecycle into the Probot app: merges, pushes, `/revoke`, installations, and the scheduler. */
import type { Probot } from "probot";
import type { AppIdentity } from "../github/app-identity.js";
import { createLifecycleService } from "../lifecycle/lifecycle-service.js";
import type { LifecycleDeps, LifecycleService } from "../lifecycle/lifecycle-service.js";
import { onAccessRepo } from "./access-repo-gate.js";
import { handleInstallation } from "./installation.js";
import { handleIssueComment } from "./issue-comment.js";
import { handlePullRequestMerged } from "./pull-request-merged.js";
import { handlePush } from "./push.js";
import { timed } from "../observe/metrics.js";

const running = new WeakMap<object, LifecycleService>();

/**
 * Registers the handlers and starts the scheduler (a reconcile of every
 * access repo at once, then the periods).
 *
 * @example
 *   // in createAccessPrApp, once the identity is read
 *   registerLifecycle(app, deps, identity);
 *   // in a test or on shutdown
 *   await lifecycleOf(deps)?.stop();
 */
export function registerLifecycle(app: Probot, deps: LifecycleDeps, identity: AppIdentity): LifecycleService {
  const lifecycle = createLifecycleService(app, deps, identity);
  const { accessRepos } = deps.settings;
  const once = (id: string, handle: () => Promise<void>) => lifecycle.deliveries.once(id, handle);
  const { metrics } = deps;
  onAccessRepo(app, accessRepos, ["pull_request.closed"], timed(metrics, "pull_request.closed", (context) => once(context.id, () => handlePullRequestMerged(context, lifecycle))));
  onAccessRepo(app, accessRepos, ["issue_comment.created"], timed(metrics, "issue_comment", (context) => once(context.id, () => handleIssueComment(context, lifecycle))));
  onAccessRepo(app, accessRepos, ["push"], timed(metrics, "push", (context) => once(context.id, () => handlePush(context, lifecycle))));
  app.on(["installation", "installation_repositories"], timed(metrics, "installation", (context) => once(context.id, () => handleInstallation(context, lifecycle, accessRepos))));
  void running.get(deps)?.stop();
  running.set(deps, lifecycle);
  lifecycle.scheduler.start();
  return lifecycle;
}

/** The lifecycle started with these deps, so its owner can stop it (tests, the sandbox, shutdown). */
export function lifecycleOf(deps: object): LifecycleService | undefined {
  return running.get(deps);
}
