/**
 * The app's own revert pull request, recognised from one listing of its
 * files (none when this process built its head commit) instead of a full evaluation: it is authored by the app's bot (which
 * only the app can author as) and does nothing but delete request files, so
 * there is no plan to show and nobody to ask. Anything else, including a
 * push by someone else onto the revert branch that adds or changes a file,
 * goes through the full flow. Merging it is guarded separately
 * (merge-guard.ts verifies the exact commit before the app merges).
 */
import type { Logger } from "probot";
import type { GitHubClient, RepoRef } from "../github/client.js";
import { ownWritesOf } from "../github/own-writes.js";
import { isRequestPath } from "../github/read-files.js";
import { renderAppRevertChecks } from "../render/app-revert-checks.js";
import { publishChecks } from "./pull-request-effects.js";

export interface OwnRevertCandidate {
  number: number;
  user: { login: string; type?: string } | null;
  base: { ref: string };
  head: { sha: string };
  changed_files?: number;
}

/**
 * Completes both checks and returns true when `pull` is the app's own revert; false means "evaluate it in full".
 *
 * @example
 *   if (await completeOwnRevert(gh, repo, pull, { botLogin, appId, defaultBranch: "main" }, log)) return;
 */
export async function completeOwnRevert(gh: GitHubClient, repo: RepoRef, pull: OwnRevertCandidate, app: { botLogin: string; appId: number; defaultBranch: string }, log: Logger): Promise<boolean> {
  const author = pull.user;
  if (!author || author.type !== "Bot" || author.login.toLowerCase() !== app.botLogin.toLowerCase()) return false;
  if (pull.base.ref !== app.defaultBranch) return false;
  const requests = (await removedRequestFiles(gh, repo, pull))?.map((path) => ({ path }));
  if (!requests) return false;
  log.info({ paths: requests.map((r) => r.path) }, "the app's own revert: checks completed, no plan");
  // Both checks follow from the head sha and its removed files alone: a replica creating them at the same
  // moment writes the same words, so there is nothing to align and the listing after the create is left out.
  // On a commit this process built moments ago, no run is looked up first (own-reverts.ts).
  const noRunsYet = ownWritesOf(gh)?.reverts.firstChecks(repo, pull.head.sha) === true;
  await publishChecks(gh, repo, renderAppRevertChecks({ headSha: pull.head.sha, requests }), app.appId, { readBack: false, noRunsYet });
  return true;
}

/**
 * The request files the pull request removes, in path order (as a full evaluation lists them, so every writer
 * renders the same words), or undefined when it does anything else. The head sha is GitHub's: when this process
 * built that very commit (own-reverts.ts) it knows the removal without listing the files; any other head (a
 * push onto the branch, a restart, another replica's commit) is read from GitHub.
 */
async function removedRequestFiles(gh: GitHubClient, repo: RepoRef, pull: OwnRevertCandidate): Promise<string[] | undefined> {
  const built = ownWritesOf(gh)?.reverts.removes(repo, pull.head.sha);
  if (built && built.length > 0 && built.every((path) => isRequestPath(path)) && (pull.changed_files === undefined || pull.changed_files === built.length)) {
    return built.sort((a, b) => a.localeCompare(b));
  }
  const files = await gh.paginate(gh.rest.pulls.listFiles, { ...repo, pull_number: pull.number, per_page: 100 });
  // An incomplete listing could hide an addition: only a complete one that removes request files and nothing else qualifies.
  const complete = pull.changed_files !== undefined && files.length === pull.changed_files;
  if (!complete || files.length === 0 || !files.every((f) => f.status === "removed" && isRequestPath(f.filename))) return undefined;
  return files.map((f) => f.filename).sort((a, b) => a.localeCompare(b));
}
