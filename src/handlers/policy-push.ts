/**
 * `push` to the default branch that changes policies, identities or
 * CODEOWNERS: every open pull request into the default branch is evaluated
 * again against the new tip (invariant 1), so a tightened policy or a new
 * code owner applies at once, without a push to the pull request.
 */
import type { Context, Logger } from "probot";
import type { GitHubClient, RepoRef } from "../github/client.js";
import { configChangedBetween } from "../github/config-diff.js";
import { isConfigPath } from "../github/read-files.js";
import { authorOf, evaluateAndApply } from "./pull-request-effects.js";
import type { PullFlow } from "./pull-request-effects.js";
import { forEachBounded } from "../core/bounded.js";

/** Pull requests evaluated at once: enough to finish quickly, few enough to stay far from GitHub's concurrency limit. */
export const REEVALUATE_CONCURRENCY = 4;
/** GitHub's compare lists at most this many files; a longer list may hide a config change. */
const COMPARE_FILE_LIMIT = 300;
const ZERO = /^0{40}$/;

/**
 * @example
 *   app.on("push", (context) => handlePolicyPush(context, flow));
 */
export async function handlePolicyPush(context: Context<"push">, flow: PullFlow): Promise<void> {
  const { payload } = context;
  const defaultBranch = payload.repository.default_branch;
  if (payload.ref !== `refs/heads/${defaultBranch}` || payload.deleted) return;
  const gh = context.octokit;
  const repo = context.repo();
  const log = context.log.child({ push: payload.after.slice(0, 7) });
  if (!(await changesConfig(gh, repo, payload.before, payload.after, payload.forced, log))) return;

  const open = await gh.paginate(gh.rest.pulls.list, { ...repo, state: "open", base: defaultBranch, per_page: 100 });
  log.info({ pulls: open.map((p) => p.number) }, "configuration changed on the default branch; evaluating open pull requests again");
  await forEachBounded(open, REEVALUATE_CONCURRENCY, async (pull) => {
    try {
      await evaluateAndApply(gh, repo, pull.number, authorOf(pull.user), flow, log.child({ pr: pull.number }), { defaultBranch, requestReviewers: true, labels: pull.labels });
    } catch (error) {
      // One pull request GitHub cannot answer for must not keep the others on the old policies.
      log.error({ err: error, pr: pull.number }, "could not evaluate an open pull request again after a configuration change");
    }
  });
}

/** Whether the push changed a config file; when that cannot be told, assume it did (an evaluation too many is harmless). */
async function changesConfig(gh: GitHubClient, repo: RepoRef, before: string, after: string, forced: boolean, log: Logger): Promise<boolean> {
  // A new branch (before is all zeros) has nothing to compare with; a force push may have dropped what PRs were evaluated on.
  if (ZERO.test(before) || forced) return true;
  try {
    const fromTrees = await configChangedBetween(gh, repo, before, after);
    if (fromTrees !== undefined) return fromTrees;
    const { data } = await gh.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `${before}...${after}`, per_page: COMPARE_FILE_LIMIT });
    const files = data.files ?? [];
    if (files.length >= COMPARE_FILE_LIMIT) return true;
    return files.some((f) => isConfigPath(f.filename) || (f.previous_filename !== undefined && isConfigPath(f.previous_filename)));
  } catch (error) {
    log.warn({ err: error }, "could not compare the push; evaluating open pull requests again in case configuration changed");
    return true;
  }
}

