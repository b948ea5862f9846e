import { fitCommentBody } from "../render/fit-to-limit.js";
import type { GitHubClient, RepoRef } from "./client.js";
import { hasStatus } from "./client.js";
import { createMarkedComment } from "./marked-comment-create.js";
import type { Recompose } from "./marked-comment-create.js";
import { kindOfBody } from "./own-comments.js";
import type { OwnComment, OwnComments } from "./own-comments.js";
import { ownWritesOf } from "./own-writes.js";

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

/**
 * The app's own comment of this kind on an issue or PR, if any: from what this process remembers of its
 * own comments (`memory`, the client's by default, own-comments.ts), else from one listing, which is then remembered.
 */
export async function findAppComment(gh: GitHubClient, repo: RepoRef, issueNumber: number, kind: string, botLogin: string, memory: OwnComments | undefined = ownWritesOf(gh)?.comments): Promise<CommentLike | undefined> {
  const known = memory?.known(repo, issueNumber, kind);
  if (known?.comment) return known.comment;
  if (known?.complete) return undefined;
  const comments = await gh.paginate(gh.rest.issues.listComments, { ...repo, issue_number: issueNumber, per_page: 100 });
  memory?.rememberListing(repo, issueNumber, oldestByKind(comments, botLogin));
  return appCommentsOf(comments, kind, botLogin)[0];
}

/** The oldest of the app's comments of each kind in a listing. */
function oldestByKind(comments: CommentLike[], botLogin: string): Record<string, OwnComment> {
  const byKind: Record<string, OwnComment> = {};
  const own = botLogin.toLowerCase();
  for (const comment of [...comments].sort((a, b) => a.id - b.id)) {
    if (comment.user?.type !== "Bot" || comment.user.login?.toLowerCase() !== own) continue;
    const kind = kindOfBody(comment.body ?? "");
    if (kind !== undefined && byKind[kind] === undefined) byKind[kind] = { id: comment.id, body: comment.body ?? "" };
  }
  return byKind;
}

/**
 * Writes `text` over the app's comment (one `findAppComment` returned), or
 * creates it; an unchanged body costs no write. GitHub refuses a comment over
 * its limit outright (422): a cut one with a pointer still informs. When
 * another writer created one at the same moment, the oldest stays and gets
 * `recompose` of its body (default: the text itself), see marked-comment-create.ts.
 */
export async function writeAppComment(
  gh: GitHubClient,
  repo: RepoRef,
  issueNumber: number,
  existing: CommentLike | undefined,
  text: string,
  recompose: Recompose = () => text,
  memory: OwnComments | undefined = ownWritesOf(gh)?.comments,
): Promise<number> {
  const body = fitCommentBody(text);
  const fitted: Recompose = async (winner) => {
    const next = await recompose(winner);
    return next === undefined ? undefined : fitCommentBody(next);
  };
  const kind = kindOfBody(body);
  // A forget while this write is on its way (someone else's edit seen meanwhile) wins over what it wrote.
  let generation = memory?.generation(repo, issueNumber);
  const remember = (written: OwnComment) => {
    if (kind !== undefined && memory?.generation(repo, issueNumber) === generation) memory?.rememberWrite(repo, issueNumber, kind, written);
    return written.id;
  };
  // This write's own forget (its comment found gone) does not count against what it then creates.
  const forgetHere = () => {
    memory?.forget(repo, issueNumber);
    generation = memory?.generation(repo, issueNumber);
  };
  try {
    return remember(await writeOver(gh, repo, issueNumber, existing, body, fitted, forgetHere));
  } catch (error) {
    // What a failed write left on GitHub is unknown: the next write lists again.
    memory?.forget(repo, issueNumber);
    throw error;
  }
}

async function writeOver(gh: GitHubClient, repo: RepoRef, issueNumber: number, existing: CommentLike | undefined, body: string, fitted: Recompose, forgetHere: () => void): Promise<OwnComment> {
  if (existing) {
    if (existing.body === body && (await stillReads(gh, repo, existing.id, body))) return { id: existing.id, body };
    try {
      await gh.rest.issues.updateComment({ ...repo, comment_id: existing.id, body });
      return { id: existing.id, body };
    } catch (error) {
      // Deleted since (by a person, or by another replica as a newer duplicate): created again, and the
      // read-back after the create finds any older comment of ours that stands and applies the change there.
      if (!(hasStatus(error, 404) || hasStatus(error, 410))) throw error;
      forgetHere();
    }
  }
  return createMarkedComment(gh, repo, issueNumber, body, fitted);
}

/**
 * Whether the comment on GitHub still reads `body`, before an unchanged render skips its write. What this
 * process remembers can be stale (someone edited our comment and the webhook saying so went to another
 * replica, or was lost), and a plan a person rewrote must not stand: one read of the comment, answered
 * 304 (free) while it is as last read. Gone (404/410) reads as changed: the write then creates it again.
 */
async function stillReads(gh: GitHubClient, repo: RepoRef, commentId: number, body: string): Promise<boolean> {
  try {
    const { data } = await gh.rest.issues.getComment({ ...repo, comment_id: commentId });
    return data.body === body;
  } catch (error) {
    if (hasStatus(error, 404) || hasStatus(error, 410)) return false;
    throw error;
  }
}

/**
 * Creates the app's comment of this kind on an issue or PR, or edits it in
 * place when it is already there: one comment per PR, however many
 * evaluations or redeliveries.
 */
export async function upsertMarkedComment(gh: GitHubClient, repo: RepoRef, issueNumber: number, kind: string, body: string, botLogin: string, options: UpsertOptions = {}): Promise<number> {
  const memory = ownWritesOf(gh)?.comments;
  // GitHub counted no comments on it: none of ours either (whatever was remembered is gone), as of that fresh read.
  if (options.noComments) memory?.rememberListing(repo, issueNumber, {});
  const existing = options.noComments ? undefined : await findAppComment(gh, repo, issueNumber, kind, botLogin, memory);
  const keep = options.keep ?? (() => false);
  if (existing && (await keep(existing.body ?? ""))) return existing.id;
  const full = `${marker(kind)}\n${body}`;
  return writeAppComment(gh, repo, issueNumber, existing, full, async (winner) => ((await keep(winner)) ? undefined : full));
}

export interface UpsertOptions {
  /** Leave a comment already there as it is when this says so (e.g. a plan the lifecycle has taken over). */
  keep?: (existingBody: string) => boolean | Promise<boolean>;
  /**
   * The caller read, fresh from GitHub, that the issue has no comments at all: the lookup is skipped
   * and the comment created. Safe even when that count is already stale: the read-back after every
   * create (marked-comment-create.ts) finds a comment another writer made meanwhile, and the oldest wins.
   */
  noComments?: boolean;
}
