/**
 * The plan comment once the pull request is merged: what was actually
 * granted (real window, cloud condition as applied, who approved), or why
 * nothing was, and later that the access ended. One section per request
 * file, each behind a hidden marker so the lifecycle can replace one file's
 * section without knowing the others; above them the lifecycle's story, one
 * line per event (granted, ended, revoked, reverted), each behind its own
 * marker, told first. One comment tells it all, so each event costs one edit.
 */
import type { GrantSpec } from "../core/grant.js";
import { cloudEffect } from "./plan-comment.js";
import { utc, utcWithRelative } from "./format-time.js";
import { inertCode } from "./inert-text.js";
import { code, table } from "./markdown.js";

export type OutcomeState = "granted" | "failed" | "not-granted" | "ended";

export interface OutcomeSection {
  path: string;
  state: OutcomeState;
  /** Markdown under the section's heading. */
  text: string;
}

const SECTION = /^<!-- outcome:(granted|failed|not-granted|ended) (.+) -->$/;
const END = "<!-- outcome-end -->";

const STATE_WORDS: Record<OutcomeState, string> = { granted: "granted", failed: "not granted: a grant failed", "not-granted": "not granted", ended: "ended" };

/**
 * @example
 *   grantedSection("requests/prod/a.yaml", request.specs, clock.now());
 *   // ✅ Granted at 2026-11-24 08:30 UTC, until **2026-11-24 10:30 UTC (in 2 hours)** … and a table of every grant
 */
export function grantedSection(path: string, specs: GrantSpec[], now: Date, extendedBy?: number): OutcomeSection {
  const [first] = specs;
  if (!first) return { path, state: "granted", text: "Nothing to grant." };
  const { start, end } = first.window;
  const from = start.getTime() > now.getTime() ? ` from ${utcWithRelative(start, now)}` : "";
  const rows = specs.map((spec) => [
    code(spec.principal),
    code(spec.role),
    code(spec.scope),
    spec.window.start.getTime() > now.getTime() ? utcWithRelative(spec.window.start, now) : utc(spec.window.start),
    utcWithRelative(spec.window.end, now),
    cloudEffect(spec, now),
  ]);
  const approvers = [...new Set(specs.flatMap((spec) => spec.origin.approvers))];
  const lines = [
    `✅ Granted at ${utc(now)}${from}, until **${utcWithRelative(end, now)}**${extendedBy === undefined ? "" : ` (extended by #${extendedBy})`}. access-pr revokes it then by itself; \`/revoke\` here ends it earlier.`,
    table(["Principal", "Role", "Scope", "Starts", "Ends", "In the cloud"], rows),
    approvers.length > 0 ? `Approved by ${approvers.map((login) => `@${login}`).join(", ")}.` : "No approval was recorded.",
  ];
  return { path, state: "granted", text: lines.join("\n\n") };
}

/** A section whose words come from the lifecycle's story (failure, never granted, ended). */
export function storySection(path: string, state: Exclude<OutcomeState, "granted">, text: string): OutcomeSection {
  return { path, state, text: text.trim() };
}

function headline(sections: OutcomeSection[]): string {
  const has = (state: OutcomeState) => sections.some((s) => s.state === state);
  if (has("failed")) return "**Not granted:** a cloud call failed, so nothing of that request is held; access-pr tries again at the next reconcile.";
  if (has("not-granted")) return "**Merged, but nothing was granted.** See why below; access-pr removes the request file again.";
  if (has("granted")) return "**Granted.** The access below is held now; access-pr revokes it at the end shown.";
  return "**Ended.** The access this pull request granted is over and revoked.";
}

/** The heading of the story's lines, above the sections. */
const STORY_HEADER = "### Access lifecycle";
/** A story line: `<!-- entry:KIND -->` and its text, on one line. */
const STORY_ENTRY = /^<!-- entry:([^ ]+) -->/;
/**
 * The last line a plan comment had before the story joined it: such a pull request's story is in a
 * comment of its own (`<!-- access-pr:lifecycle -->`), and stays there until the request ends.
 */
export const STORY_ELSEWHERE = "<sub>Merged: this comment now shows what the merge did, not a plan. The Access lifecycle comment lists every event.</sub>";

/**
 * The story comes first, right under the headline: a comment cut at GitHub's limit loses the end of
 * the last sections, never the story. `storyElsewhere` keeps the last line of a plan whose story is
 * in a comment of its own.
 *
 * @example
 *   renderPlanOutcome([grantedSection(path, specs, now)], ["<!-- entry:granted -->✅ Granted until …"]);
 *   // "### access-pr plan\n\n**Granted.** …\n\n### Access lifecycle\n\n<!-- entry:granted -->✅ Granted …\n\n<!-- outcome:granted … -->…"
 */
export function renderPlanOutcome(sections: OutcomeSection[], story: string[] = [], options: { storyElsewhere?: boolean } = {}): string {
  const sorted = [...sections].sort((a, b) => a.path.localeCompare(b.path));
  const parts = ["### access-pr plan", headline(sorted)];
  if (story.length > 0) parts.push(`${STORY_HEADER}\n\n${story.join("\n")}`);
  // The path is percent-encoded in the marker, so no file name can end the hidden comment or split the line.
  for (const s of sorted) parts.push(`<!-- outcome:${s.state} ${encodeURIComponent(s.path)} -->\n#### ${inertCode(s.path, { inTable: false })} (${STATE_WORDS[s.state]})\n\n${s.text}`);
  parts.push(`${END}\n${options.storyElsewhere ? STORY_ELSEWHERE : "<sub>Merged: this comment now shows what the merge did, not a plan, and above it every event since.</sub>"}`);
  return parts.join("\n\n");
}

/**
 * The story's lines of a plan comment written by renderPlanOutcome, in order: the lines between the
 * headline and the first section (a section's text is never read as a line).
 */
export function parseStoryLines(body: string): string[] {
  const lines = body.split("\n");
  const first = lines.findIndex((line) => SECTION.test(line) || line === END);
  return (first < 0 ? lines : lines.slice(0, first)).filter((line) => STORY_ENTRY.test(line));
}

/** The kind of a story line ("granted", "ended", …), or undefined for another line. */
export function storyEntryOf(line: string): string | undefined {
  return STORY_ENTRY.exec(line)?.[1];
}

function decodePath(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}

/** The sections of a plan comment written by renderPlanOutcome; none for a plan written before the merge. */
export function parseOutcomeSections(body: string): OutcomeSection[] {
  const sections: OutcomeSection[] = [];
  let current: { path: string; state: OutcomeState; lines: string[] } | undefined;
  const close = () => {
    if (current) sections.push({ path: current.path, state: current.state, text: current.lines.slice(1).join("\n").trim() });
    current = undefined;
  };
  for (const line of body.split("\n")) {
    const found = SECTION.exec(line);
    if (found) {
      close();
      current = { state: found[1] as OutcomeState, path: decodePath(found[2] ?? ""), lines: [] };
    } else if (line === END) {
      close();
    } else {
      current?.lines.push(line);
    }
  }
  close();
  return sections;
}
