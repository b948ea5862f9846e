/**
 * Requester-controlled text (reasons, tickets, paths, scopes, roles,
 * principals, durations as written) shown as inert text wherever the app
 * writes Markdown: no markup, no HTML, no mentions, no links, no issue or
 * commit references, no emoji. One module, used by every renderer.
 *
 * Two forms:
 * - {@link inertCode}: an identifier as inline code. GitHub applies no
 *   mention, reference or autolink processing inside code, so only the code
 *   span's own delimiters, table pipes and line breaks need care.
 * - {@link inertText}: prose (a reason, a problem message that quotes a
 *   value), flattened to one line. Every character that can start markup
 *   within a line is backslash-escaped, and so is a first character that
 *   could start a block (`#`, `>`, `-`, `1.`); CommonMark renders an escaped
 *   character as itself. What GitHub recognises in the
 *   rendered text (mentions, `#12`, `GH-12`, URLs, `www.`, e-mail addresses,
 *   commit shas, `:emoji:`) is broken with an invisible WORD JOINER (U+2060),
 *   so people read the same words. Autolink references an admin configured
 *   for the repository (e.g. `INC-` to the ticket system) still link in
 *   prose, to the admin's destination only; tickets are shown as code.
 */

/** Invisible, and not a word character: GitHub's reference and autolink patterns stop at it. */
export const JOINER = "\u2060";

const LINE_BREAKS = /[\r\n\u2028\u2029]+/g;
// Bidi overrides and isolates can make text read differently from what it is.
const DIRECTION_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;
// What can start markup in the middle of a line: code, emphasis, links and images, HTML and entities, table cells, strikethrough, math.
const MARKUP = /[\\`*_[\]<>&|~$!]/g;

/** Breaks what GitHub would turn into a mention, reference, link or emoji; the text reads the same. */
export function defuse(text: string): string {
  return text
    .replace(DIRECTION_CONTROLS, "")
    .replace(/@/g, `@${JOINER}`)
    .replace(/#(?=\d)/g, `#${JOINER}`)
    .replace(/:(?=\/\/|(?![0-9]+:)[a-z0-9_+-]+:|(?:100|1234):)/gi, `:${JOINER}`)
    .replace(/\b(www)\./gi, `$1${JOINER}.`)
    .replace(/\b(GH)-(?=\d)/gi, `$1-${JOINER}`)
    .replace(/\b[0-9a-f]{7,}\b/gi, (hex) => hex.match(/.{1,6}/g)?.join(JOINER) ?? hex);
}

/**
 * Prose that renders exactly as written, on one line.
 *
 * @example
 *   inertText("<b>hi</b> @acme/security see #12");
 *   // "\\<b\\>hi\\</b\\> @\u2060acme/security see #\u206012" (renders as: <b>hi</b> @acme/security see #12, nothing live)
 */
export function inertText(text: string): string {
  const flat = defuse(text.replace(LINE_BREAKS, " "));
  return flat
    .replace(MARKUP, (char) => `\\${char}`)
    .replace(/^(\s*)(?![\\`*_[\]<>&|~$!])([!-/:-@[-`{-~])/, "$1\\$2")
    .replace(/^(\s*\d+)([.)])/, "$1\\$2");
}

/**
 * A value as inline code, safe inside a table cell: delimiters longer than
 * any run of backticks in the value, line breaks flattened, pipes escaped
 * (GitHub's table parser removes the backslash before rendering the cell).
 *
 * @example
 *   inertCode("projects/payments-prod"); // "`projects/payments-prod`"
 *   inertCode("a`b|c");                  // "`` a`b\\|c ``"
 */
export function inertCode(value: string, options: { inTable?: boolean } = {}): string {
  const flat = value.replace(DIRECTION_CONTROLS, "").replace(LINE_BREAKS, " ");
  if (flat.trim() === "") return "(empty)";
  const safe = options.inTable === false ? flat : flat.replace(/\|/g, "\\|");
  const longest = Math.max(0, ...[...safe.matchAll(/`+/g)].map((run) => run[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = longest > 0 || safe.startsWith(" ") || safe.endsWith(" ") ? " " : "";
  return `${fence}${pad}${safe}${pad}${fence}`;
}

/**
 * Text GitHub shows without Markdown but still scans for references (pull
 * request titles, commit messages): one line, nothing live.
 *
 * @example
 *   inertPlain("Revert expired access: requests/@bob/#12.yaml"); // "Revert expired access: requests/@\u2060bob/#\u206012.yaml"
 */
export function inertPlain(text: string): string {
  return defuse(text.replace(LINE_BREAKS, " "));
}

/** A value inside an HTML comment the app reads back: it can never close the comment. */
export function commentSafe(json: string): string {
  return json.replace(/</g, "\\u003c").replace(/>/g, "\\u003e");
}
