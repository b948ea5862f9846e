/**
 * Creating the app's marked comment safely when several writers may do it at
 * once: two deliveries handled at the same moment, or two replicas. GitHub
 * has no "create unless one exists", so each writer creates, reads the
 * comments again, and the oldest of the app's comments of that kind wins
 * (ids grow with time on GitHub). A writer whose comment is not the oldest
 * deletes it and applies its change to the oldest instead; any writer that
 * sees newer duplicates deletes them. Every replica applies the same rule,
 * so they end with one comment holding every writer's change. The read-back
 * stays after every create, even where the process remembers its comments
 * (own-comments.ts): the later of two creators is the one that sees both,
 * and a writer that skipped it would leave two comments each writer keeps
 * editing. Edits of a comment already held need no read-back: nothing is
 * created, so there is nothing to race.
 */
import type { GitHubClient, RepoRef } from "./client.js";
import { hasStatus } from "./client.js";

interface Comment {
  id: number;
  body?: string | null;
  user?: { login?: string; type?: string } | null;
}

/**
 * What to write over the winning comment when ours lost: its body with our
 * change applied, or undefined to leave it as it is.
 */
export type Recompose = (winnerBody: string) => string | undefined | Promise<string | undefined>;

/**
 * The oldest is never deleted, so a writer that lost updates it in place and
 * is done.
 *
 * @example
 *   const { id, body } = await createMarkedComment(gh, repo, 12, "<!-- access-pr:plan -->\n…", (winner) => merge(winner));
 */
export async function createMarkedComment(gh: GitHubClient, repo: RepoRef, issueNumber: number, body: string, recompose: Recompose): Promise<{ id: number; body: string }> {
  const tag = body.split("\n", 1)[0] ?? "";
  const { data: created } = await gh.rest.issues.createComment({ ...repo, issue_number: issueNumber, body });
  const author = created.user?.login?.toLowerCase();
  const comments: Comment[] = await gh.paginate(gh.rest.issues.listComments, { ...repo, issue_number: issueNumber, per_page: 100 });
  const ours = comments.filter((c) => c.user?.type === "Bot" && c.user.login?.toLowerCase() === author && c.body?.split("\n", 1)[0] === tag).sort((a, b) => a.id - b.id);
  const winner = ours[0];
  for (const duplicate of ours.slice(1)) await deleteQuietly(gh, repo, duplicate.id);
  // Ours is missing from the list only when another writer already deleted it as a newer duplicate.
  if (winner === undefined || winner.id === created.id) return { id: created.id, body };
  const next = await recompose(winner.body ?? "");
  if (next !== undefined && next !== winner.body) await gh.rest.issues.updateComment({ ...repo, comment_id: winner.id, body: next });
  return { id: winner.id, body: next ?? winner.body ?? "" };
}

/** A duplicate another writer already deleted is fine. */
async function deleteQuietly(gh: GitHubClient, repo: RepoRef, commentId: number): Promise<void> {
  try {
    await gh.rest.issues.deleteComment({ ...repo, comment_id: commentId });
  } catch (error) {
    if (!hasStatus(error, 404)) throw error;
  }
}
