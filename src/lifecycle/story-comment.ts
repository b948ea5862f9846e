/**
 * The lifecycle's story on the original pull request: one comment by the app,
 * one line per event (granted, ended, revoked, reverted), edited in place. An
 * event written again replaces its own line, so retries, redeliveries and a
 * second replica never repeat it.
 */
import type { GitHubClient, RepoRef } from "../github/client.js";
import { findAppComment, marker, writeAppComment } from "../github/marked-comment.js";

const KIND = "lifecycle";
const TAG = marker(KIND);
const HEADER = "### Access lifecycle";
const ENTRY = /^<!-- entry:([^ ]+) -->/;
/** Ways access ends; it ends once, so the first one written stands (a /revoke and a sweep racing at the end). */
const END_ENTRIES = new Set(["ended", "revoked", "ended-early"]);

const entryOf = (line: string) => ENTRY.exec(line)?.[1];
const linesOf = (body: string | null | undefined) => body?.split("\n").filter((l) => ENTRY.test(l)) ?? [];
const bodyOf = (lines: string[]) => [TAG, HEADER, "", ...lines].join("\n");

/**
 * @example
 *   await tellStory(gh, repo, 12, "granted", "Granted until 2026-11-24 10:00 UTC (in 2 hours).", "access-pr[bot]");
 *   await tellStory(gh, repo, 12, "ended", "Access ended at 2026-11-24 10:00 UTC; revert: #14.", "access-pr[bot]");
 */
export async function tellStory(gh: GitHubClient, repo: RepoRef, pr: number, entry: string, text: string, botLogin: string): Promise<void> {
  const existing = await findAppComment(gh, repo, pr, KIND, botLogin);
  const write = storyWrite(existing?.body, entry, text);
  if (write === undefined) return;
  // Told at the same moment by another delivery or replica: our line joins the story that stays.
  await writeAppComment(gh, repo, pr, existing, write.body, write.recompose);
}

/** The story comment's marker kind. */
export const STORY_COMMENT = KIND;

/**
 * The story's body with this entry written over `story` (the current comment's body), and how to write it over
 * another writer's comment; undefined when there is nothing to write (access already ended another way).
 */
export function storyWrite(story: string | null | undefined, entry: string, text: string): { body: string; recompose: (winner: string) => string | undefined } | undefined {
  const line = `<!-- entry:${entry} -->${text.replace(/\n+/g, " ")}`;
  const body = withEntry(story, entry, line);
  return body === undefined ? undefined : { body, recompose: (winner) => withEntry(winner, entry, line) };
}

/** The story with this entry's line written (replacing its earlier text), or undefined when access already ended another way. */
function withEntry(story: string | null | undefined, entry: string, line: string): string | undefined {
  const lines = linesOf(story);
  const at = lines.findIndex((l) => entryOf(l) === entry);
  if (at < 0 && END_ENTRIES.has(entry) && lines.some((l) => END_ENTRIES.has(entryOf(l) ?? ""))) return undefined;
  if (at >= 0) lines[at] = line;
  else lines.push(line);
  return bodyOf(lines);
}
