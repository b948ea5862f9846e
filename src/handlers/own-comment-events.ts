/**
 * Keeps the process's memory of its own comments (own-comments.ts) honest:
 * a comment of the app's that someone deleted, or that now reads other than
 * as the process wrote it (a person's edit, another replica's write), is
 * forgotten, so the next write lists the comments again. Without this webhook
 * (lost, or delivered to another replica) the next write still finds out: an
 * edit overwrites the comment whole, and a render that did not change reads
 * the comment first (marked-comment.ts).
 */
import type { Context } from "probot";
import { ownWritesOfApp } from "../github/own-writes.js";

/**
 * @example
 *   onAccessRepo(app, accessRepos, ["issue_comment.edited", "issue_comment.deleted"], (context) => forgetChangedOwnComment(app, context));
 */
export function forgetChangedOwnComment(app: object, context: Context<"issue_comment.edited" | "issue_comment.deleted">): Promise<void> {
  const { payload } = context;
  const bodyNow = payload.action === "deleted" ? undefined : (payload.comment.body ?? "");
  if (ownWritesOfApp(app)?.comments.forgetComment(context.repo(), payload.issue.number, payload.comment.id, bodyNow)) {
    context.log.info({ comment: payload.comment.id, action: payload.action }, "the app's comment changed on GitHub; its next write lists the comments again");
  }
  return Promise.resolve();
}
