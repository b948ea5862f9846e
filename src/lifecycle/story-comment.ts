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

/**
 * @example
 *   await tellStory(gh, repo, 12, "granted", "Granted until 2026-11-24 10:00 UTC (in 2 hours).");
 *   await tellStory(gh, repo, 12, "ended", "Access ended at 2026-11-24 10:00 UTC; revert: #14.");
 */
export async function tellStory(gh: GitHubClient, repo: RepoRef, pr: number, entry: string, text: string): Promise<void> {
  const comments = await gh.paginate(gh.rest.issues.listComments, { ...repo, issue_number: pr, per_page: 100 });
  const existing = comments.find((c) => c.user?.type === "Bot" && c.body?.startsWith(TAG));
  const line = `<!-- entry:${entry} -->${text.replace(/\n+/g, " ")}`;
  const lines = existing?.body?.split("\n").filter((l) => ENTRY.test(l)) ?? [];
  const at = lines.findIndex((l) => ENTRY.exec(l)?.[1] === entry);
  if (at >= 0) lines[at] = line;
  else lines.push(line);
  const body = [TAG, HEADER, "", ...lines].join("\n");
  if (existing?.body === body) return;
  if (existing) await gh.rest.issues.updateComment({ ...repo, comment_id: existing.id, body });
  else await gh.rest.issues.createComment({ ...repo, issue_number: pr, body });
}
