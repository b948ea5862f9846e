import type { GitHubClient, RepoRef } from "./client.js";
import { pushersIn, withPushers } from "./pushers-line.js";

/** The hidden line that lets the app find its own comment again. */
export function marker(kind: string): string {
  return `<!-- access-pr:${kind} -->`;
}

/**
 * Creates the app's comment of this kind on an issue or PR, or edits it in
 * place when it is already there: one comment per PR, however many
 * evaluations or redeliveries. The recorded pushers line survives the edit.
 */
export async function upsertMarkedComment(gh: GitHubClient, repo: RepoRef, issueNumber: number, kind: string, body: string): Promise<number> {
  const tag = marker(kind);
  const comments = await gh.paginate(gh.rest.issues.listComments, { ...repo, issue_number: issueNumber, per_page: 100 });
  // Only a bot's comment is ours to edit: a person pasting the marker must not redirect our updates.
  const existing = comments.find((comment) => comment.user?.type === "Bot" && comment.body?.startsWith(tag));
  const full = withPushers(`${tag}\n${body}`, pushersIn(existing?.body));
  if (existing) {
    if (existing.body !== full) await gh.rest.issues.updateComment({ ...repo, comment_id: existing.id, body: full });
    return existing.id;
  }
  const { data } = await gh.rest.issues.createComment({ ...repo, issue_number: issueNumber, body: full });
  return data.id;
}
