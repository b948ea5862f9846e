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
  await lifecycle.run(context.repo(), payload.installation.id, "reconcile");
}
