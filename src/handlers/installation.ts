/**
 * `installation` and `installation_repositories`: when an access repo becomes
 * reachable (the app installed, unsuspended, or given that repository), it is
 * reconciled at once rather than at the next period, so access that ended
 * while the app could not see the repo is revoked now. Any other repository
 * gets one log line and nothing else.
 */
import type { Context } from "probot";
import { repoRef } from "../github/client.js";
import type { LifecycleService } from "../lifecycle/lifecycle-service.js";
import { isAccessRepo } from "../settings.js";

type InstallationContext = Context<"installation"> | Context<"installation_repositories">;

/** The repositories this event makes reachable, as "owner/repo". */
function reachableRepos(context: InstallationContext): string[] {
  const { payload } = context;
  if ("repositories_added" in payload) return payload.action === "added" ? payload.repositories_added.map((r) => r.full_name) : [];
  if (payload.action === "created" || payload.action === "unsuspend" || payload.action === "new_permissions_accepted") {
    return (payload.repositories ?? []).map((r) => r.full_name);
  }
  return [];
}

/**
 * @example
 *   app.on(["installation", "installation_repositories"], (context) => handleInstallation(context, lifecycle, settings.accessRepos));
 */
export async function handleInstallation(context: InstallationContext, lifecycle: LifecycleService, accessRepos: readonly string[]): Promise<void> {
  const repos = reachableRepos(context);
  const access = repos.filter((repo) => isAccessRepo(accessRepos, repo));
  const others = repos.filter((repo) => !isAccessRepo(accessRepos, repo));
  const installation = context.payload.installation.id;
  if (others.length > 0) context.log.info({ repos: others, installation, action: context.payload.action }, "not access repos (ACCESS_PR_REPOS): the app does nothing there");
  for (const repo of access) {
    context.log.info({ repo, installation, action: context.payload.action }, "access repo reachable: reconciling it now");
    // Authenticated as the installation this event names: a reinstall has a new id.
    await lifecycle.run(repoRef(repo), installation, "reconcile");
  }
}
