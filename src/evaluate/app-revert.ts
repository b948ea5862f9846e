/** Recognising the app's own revert pull requests, so the PR flow does not ask anyone to approve a removal. */
import type { PullEvaluation } from "./types.js";

export interface PullAuthor {
  login: string;
  /** GitHub's account type: "User", "Bot" or "Organization". */
  type: string;
}

/**
 * True when the app itself opened this pull request (the author is the
 * installation's own `<slug>[bot]` account) and it does nothing but delete
 * request files. Branch names and labels are never enough: any person can
 * choose those, only the app can author as its bot. A person's deletion of a
 * request file goes through the normal flow.
 *
 * @example
 *   isOwnRevert(evaluation, { login: "access-pr[bot]", type: "Bot" }, "access-pr[bot]"); // true for a revert
 *   isOwnRevert(evaluation, { login: "alice", type: "User" }, "access-pr[bot]");          // false, whatever the branch
 */
export function isOwnRevert(evaluation: PullEvaluation, author: PullAuthor, botLogin: string | undefined): boolean {
  if (!botLogin || author.type !== "Bot" || author.login.toLowerCase() !== botLogin.toLowerCase()) return false;
  if (evaluation.author.toLowerCase() !== botLogin.toLowerCase()) return false;
  return evaluation.kind === "request" && evaluation.valid && evaluation.requests.length > 0 && evaluation.requests.every((r) => r.change === "removed");
}
