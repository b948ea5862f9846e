/**
 * The lifecycle's story on the original pull request: one comment by the app,
 * one line per event (granted, ended, revoked, reverted), edited in place. An
 * event written again replaces its own line, so retries, redeliveries and a
 * second replica never repeat it.
 */
import type { GitHubClient, RepoRef } from "../github/client.js";
import { marker } from "../github/marked-comment.js";

const TAG = marker("lifecycle");
const HEADER = "### Access lifecycle";
const ENTRY = /^<!-- entry:([^ ]+) -->/;
/** Ways access ends; it ends once, so the first one written stands (a /revoke and a sweep racing at the end). */
const END_ENTRIES = new Set(["ended", "revoked", "ended-early"]);

interface StoryComment {
  id: number;
  body?: string;
  user?: { type?: string } | null;
}

const entryOf = (line: string) => ENTRY.exec(line)?.[1];
const linesOf = (comment: StoryComment | undefined) => comment?.body?.split("\n").filter((l) => ENTRY.test(l)) ?? [];
const bodyOf = (lines: string[]) => [TAG, HEADER, "", ...lines].join("\n");

/** Oldest first: should two replicas ever both create one, every writer keeps to the same (oldest) comment. */
async function storyComments(gh: GitHubClient, repo: RepoRef, pr: number): Promise<StoryComment[]> {
  const comments = await gh.paginate(gh.rest.issues.listComments, { ...repo, issue_number: pr, per_page: 100 });
  return comments.filter((c) => c.user?.type === "Bot" && c.body?.startsWith(TAG)).sort((a, b) => a.id - b.id);
}

/**
 * @example
 *   await tellStory(gh, repo, 12, "granted", "Granted until 2026-11-24 10:00 UTC (in 2 hours).");
 *   await tellStory(gh, repo, 12, "ended", "Access ended at 2026-11-24 10:00 UTC; revert: #14.");
 */
export async function tellStory(gh: GitHubClient, repo: RepoRef, pr: number, entry: string, text: string): Promise<void> {
  const [existing] = await storyComments(gh, repo, pr);
  const line = `<!-- entry:${entry} -->${text.replace(/\n+/g, " ")}`;
  const lines = linesOf(existing);
  const at = lines.findIndex((l) => entryOf(l) === entry);
  if (at < 0 && END_ENTRIES.has(entry) && lines.some((l) => END_ENTRIES.has(entryOf(l) ?? ""))) return;
  if (at >= 0) lines[at] = line;
  else lines.push(line);
  const body = bodyOf(lines);
  if (existing?.body === body) return;
  if (existing) {
    await gh.rest.issues.updateComment({ ...repo, comment_id: existing.id, body });
    return;
  }
  await gh.rest.issues.createComment({ ...repo, issue_number: pr, body });
}
