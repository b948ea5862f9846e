/**
 * The one gate between GitHub's repository events and the app (invariant
 * 15): only the access repos named in ACCESS_PR_REPOS get checks, comments,
 * review requests, grants or reverts. An event from any other repository the
 * app can see is dropped with one log line naming it.
 */
import type { Context, Probot } from "probot";
import { isAccessRepo } from "../settings.js";
import { pullKeyOf, pullQueueOf } from "./pull-queue.js";
import { sharedReadsOf, withReadMemo } from "../github/read-memo.js";
import { paceWrites, writePacersOf } from "../github/write-pacer.js";
import { ownWritesOfApp, withOwnWrites } from "../github/own-writes.js";

type EventName = Parameters<Probot["on"]>[0] extends infer E ? (E extends readonly (infer One)[] ? One : E) : never;
type RepoEventName = Exclude<EventName, "installation" | "installation_repositories" | `installation.${string}` | `installation_repositories.${string}`>;

/** "owner/repo" of the event's repository, if it names one. */
function repositoryOf(payload: object): string | undefined {
  if (!("repository" in payload)) return undefined;
  const repository = payload.repository as { full_name?: unknown } | null | undefined;
  return typeof repository?.full_name === "string" ? repository.full_name : undefined;
}

/**
 * Registers `handler` for events of the access repos only; the events of one
 * pull request run one at a time in this process (pull-queue.ts).
 *
 * @example
 *   onAccessRepo(app, settings.accessRepos, ["push"], (context) => handlePush(context, lifecycle));
 */
export function onAccessRepo<E extends RepoEventName>(app: Probot, accessRepos: readonly string[], events: E[], handler: (context: Context<E>) => Promise<void>): void {
  app.on(events, async (context) => {
    const repo = repositoryOf(context.payload);
    if (repo === undefined || !isAccessRepo(accessRepos, repo)) {
      context.log.info({ repo: repo ?? null, event: context.name, delivery: context.id }, "not an access repo (ACCESS_PR_REPOS): event ignored");
      return;
    }
    // Repeated reads within one event are answered once (see read-memo.ts).
    withReadMemo(context.octokit, sharedReadsOf(app));
    // What the app wrote itself and need not read back (own-writes.ts).
    withOwnWrites(context.octokit, ownWritesOfApp(app));
    // Its content writes count against the installation's limit (never delayed), so the lifecycle's paced writes leave room for them.
    const installation = (context.payload as { installation?: { id?: number } }).installation?.id;
    const pacers = writePacersOf(app);
    if (pacers && installation !== undefined) paceWrites(context.octokit, pacers.of(installation), "now");
    // Events of one pull request are handled one after the other (deliveries overlap and come in any order).
    const key = pullKeyOf(repo, context.payload);
    if (key === undefined) await handler(context as Context<E>);
    else await pullQueueOf(app).run(key, () => handler(context as Context<E>));
  });
}
