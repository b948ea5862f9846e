import { fitCommentBody } from "../render/fit-to-limit.js";
import type { GitHubClient, RepoRef } from "./client.js";
import { createMarkedComment } from "./marked-comment-create.js";
import type { Recompose } from "./marked-comment-create.js";

/** The hidden line that lets the app find its own comment again. */
export function marker(kind: string): string {
  return `<!-- access-pr:${kind} -->`;
}

interface CommentLike {
  id: number;
  body?: string | null;
  user?: { login?: string; type?: string } | null;
}

/**
 * The app's comments of this kind, oldest first. Only a comment by the app's
 * own bot account (`botLogin`, read from GitHub at start) is ours: a person,
 * a workflow's `github-actions[bot]` or another app writing the marker must
 * not steer what the app reads or writes. Should two replicas ever both
 * create one, every reader and writer keeps to the oldest.
 *
 * @example
 *   appCommentsOf(comments, "plan", "access-pr[bot]"); // the plan comments access-pr[bot] wrote
 */
export function appCommentsOf<T extends CommentLike>(comments: T[], kind: string, botLogin: string): T[] {
  const tag = marker(kind);
  const own = botLogin.toLowerCase();
  return comments
    .filter((comment) => comment.user?.type === "Bot" && comment.user.login?.toLowerCase() === own && comment.body?.startsWith(tag) === true)
    .sort((a, b) => a.id - b.id);
}

/** Reads an issue's or PR's comments and returns the app's own comment of this kind, if any. */
export async function findAppComment(gh: GitHubClient, repo: RepoRef, issueNumber: number, kind: string, botLogin: string) {
  const comments = await gh.paginate(gh.rest.issues.listComments, { ...repo, issue_number: issueNumber, per_page: 100 });
  return appCommentsOf(comments, kind, botLogin)[0];
}

/**
 * Writes `text` over the app's comment (one `findAppComment` returned), or
 * creates it; an unchanged body costs no write. GitHub refuses a comment over
 * its limit outright (422): a cut one with a pointer still informs. When
 * another writer created one at the same moment, the oldest stays and gets
 * `recompose` of its body (default: the text itself), see marked-comment-create.ts.
 */
export async function writeAppComment(gh: GitHubClient, repo: RepoRef, issueNumber: number, existing: CommentLike | undefined, text: string, recompose: Recompose = () => text): Promise<number> {
  const body = fitCommentBody(text);
  const fitted: Recompose = (winner) => {
    const next = recompose(winner);
    return next === undefined ? undefined : fitCommentBody(next);
  };
  if (existing) {
    if (existing.body !== body) await gh.rest.issues.updateComment({ ...repo, comment_id: existing.id, body });
    return existing.id;
  }
  return createMarkedComment(gh, repo, issueNumber, body, fitted);
}

/**
 * Creates the app's comment of this kind on an issue or PR, or edits it in
 * place when it is already there: one comment per PR, however many
 * evaluations or redeliveries.
 */
export async function upsertMarkedComment(gh: GitHubClient, repo: RepoRef, issueNumber: number, kind: string, body: string, botLogin: string, options: UpsertOptions = {}): Promise<number> {
  const existing = options.noComments ? undefined : await findAppComment(gh, repo, issueNumber, kind, botLogin);
  const keep = options.keep ?? (() => false);
  if (existing && keep(existing.body ?? "")) return existing.id;
  const full = `${marker(kind)}\n${body}`;
  return writeAppComment(gh, repo, issueNumber, existing, full, (winner) => (keep(winner) ? undefined : full));
}

export interface UpsertOptions {
  /** Leave a comment already there as it is when this says so (e.g. a plan the lifecycle has taken over). */
  keep?: (existingBody: string) => boolean;
  /**
   * The caller read, fresh from GitHub, that the issue has no comments at all: the lookup is skipped
   * and the comment created. Safe even when that count is already stale: the read-back after every
   * create (marked-comment-create.ts) finds a comment another writer made meanwhile, and the oldest wins.
   */
  noComments?: boolean;
}
