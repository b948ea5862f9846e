/**
 * The lifecycle's story on the original pull request: one line per event
 * (granted, ended, revoked, reverted) above the plan comment's sections
 * (plan-outcome.ts), edited in place together with the section the same
 * event changes. An event written again replaces its own line, so retries,
 * redeliveries and a second replica never repeat it.
 *
 * A pull request merged before the story joined the plan comment has its
 * story in a comment of its own; it is told there until the request ends.
 */
import { marker } from "../github/marked-comment.js";
import { storyEntryOf } from "../render/plan-outcome.js";

/** The marker kind of a story told in a comment of its own. */
export const STORY_COMMENT = "lifecycle";

/** Ways access ends; it ends once, so the first one written stands (a /revoke and a sweep racing at the end). */
const END_ENTRIES = new Set(["ended", "revoked", "ended-early"]);

/** One event of the story: its kind (one line per kind) and its words. */
export interface StoryEntry {
  entry: string;
  text: string;
}

/**
 * The story's lines with this entry written (replacing its earlier text), or undefined when there is
 * nothing to write: access already ended another way, and that end stands.
 *
 * @example
 *   withStoryEntry([], { entry: "granted", text: "✅ Granted until 2026-11-24 10:00 UTC." });
 *   // ["<!-- entry:granted -->✅ Granted until 2026-11-24 10:00 UTC."]
 */
export function withStoryEntry(lines: string[], { entry, text }: StoryEntry): string[] | undefined {
  const line = `<!-- entry:${entry} -->${text.replace(/\n+/g, " ")}`;
  const next = [...lines];
  const at = next.findIndex((l) => storyEntryOf(l) === entry);
  if (at < 0 && END_ENTRIES.has(entry) && next.some((l) => END_ENTRIES.has(storyEntryOf(l) ?? ""))) return undefined;
  if (at >= 0) next[at] = line;
  else next.push(line);
  return next;
}

/**
 * A story comment of its own (STORY_COMMENT) with this entry written over `body` (its current body, "" for
 * none yet), or undefined when there is nothing to write.
 */
export function storyCommentWith(entry: StoryEntry): (body: string) => string | undefined {
  return (body) => {
    const lines = withStoryEntry(body.split("\n").filter((line) => storyEntryOf(line) !== undefined), entry);
    return lines === undefined ? undefined : [marker(STORY_COMMENT), "### Access lifecycle", "", ...lines].join("\n");
  };
}
