/** `push` to the default branch: reconcile that repo (a direct push backs nothing and is reverted). */
import type { Context } from "probot";
import type { LifecycleService } from "../lifecycle/lifecycle-service.js";

/**
 * @example
 *   app.on("push", (context) => handlePush(context, lifecycle));
 */
export async function handlePush(context: Context<"push">, lifecycle: LifecycleService): Promise<void> {
  const { payload } = context;
  if (payload.ref !== `refs/heads/${payload.repository.default_branch}` || !payload.installation) return;
  // The app's own writes (revert merges) follow a run that already acted on them.
  if (payload.sender?.type === "Bot" && payload.sender.login === lifecycle.context.botLogin) return;
  lifecycle.noteDefaultBranch(context.repo(), payload.repository.default_branch);
  // A merge sends `pull_request.closed` and `push`: when the run for the first already reconciled this very tree, the second has nothing to add.
  const tree = payload.head_commit?.tree_id;
  if (tree !== undefined && !payload.forced && (await lifecycle.reconciledTree(context.repo())) === tree) {
    context.log.info({ tree, after: payload.after }, "this tree of the default branch was just reconciled; no second run");
    return;
  }
  await lifecycle.run(context.repo(), payload.installation.id, "reconcile");
}
