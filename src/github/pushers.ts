/**
 * Who pushed to a pull request. GitHub's API lists commit authors but not
 * pushers, and a commit's author and committer can name anyone, so the app
 * records each `synchronize` sender in a hidden line of its own plan
 * comment: durable across restarts and replicas, and read back whenever the
 * pull request is evaluated (invariant 3).
 */
import type { GitHubClient, RepoRef } from "./client.js";
import { findAppComment, marker, writeAppComment } from "./marked-comment.js";
import { pushersIn, withPushers } from "./pushers-line.js";

/** The plan comment's marker kind (render/plan-comment's PLAN_COMMENT; github/ does not import render/). */
const PLAN_KIND = "plan";

/**
 * The pushers recorded on a pull request's plan comment.
 *
 * @example
 *   await recordedPushers(gh, { owner: "acme", repo: "access" }, 12, "access-pr[bot]"); // ["mallory"]
 */
export async function recordedPushers(gh: GitHubClient, repo: RepoRef, number: number, botLogin: string): Promise<string[]> {
  return pushersIn((await findAppComment(gh, repo, number, PLAN_KIND, botLogin))?.body);
}

/**
 * Adds a pusher to the plan comment, creating the comment (marker and
 * pushers line only; the evaluation fills in the plan) when there is none.
 * Recording someone already recorded changes nothing.
 *
 * @example
 *   await recordPusher(gh, { owner: "acme", repo: "access" }, 12, "mallory", "access-pr[bot]");
 */
export async function recordPusher(gh: GitHubClient, repo: RepoRef, number: number, login: string, botLogin: string): Promise<void> {
  const existing = await findAppComment(gh, repo, number, PLAN_KIND, botLogin);
  const known = pushersIn(existing?.body);
  if (known.some((k) => k.toLowerCase() === login.toLowerCase())) return;
  await writeAppComment(gh, repo, number, existing, withPushers(existing?.body ?? marker(PLAN_KIND), [...known, login]));
}
