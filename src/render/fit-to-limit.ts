/**
 * What GitHub stores at most, and how the app's long texts fit in it: a
 * comment or pull request body takes 65,536 characters, a check run's
 * `output.summary` or `output.text` 65,535 (a longer one is refused with 422,
 * and the whole write is lost). Long texts keep whole sections or lines and
 * end with a pointer to where the full detail is.
 */

export const MAX_COMMENT_BODY = 65_536;
export const MAX_CHECK_OUTPUT = 65_535;
/** Room kept for the app's hidden marker line and the pointer itself. */
const RESERVE = 1_200;

const CHECK_POINTER =
  "_The rest is cut here: GitHub shows at most 65,535 characters in a check. Each problem is also annotated on its line (Files changed tab), which lists every request file._";
const COMMENT_POINTER =
  "_The rest of this comment is cut: GitHub takes at most 65,536 characters in a comment. The `access-pr / validation` check annotates each problem on its line, the `access-pr / approval` check lists the approvals still missing, and the Files changed tab lists every request file._";

/** Cuts `text` at a line boundary so that it and the pointer fit in `limit`; closes a code fence left open. */
export function fitToLimit(text: string, limit: number, pointer: string): string {
  if (text.length <= limit) return text;
  let cut = text.slice(0, Math.max(0, limit - pointer.length - RESERVE));
  const lastBreak = cut.lastIndexOf("\n");
  if (lastBreak > 0) cut = cut.slice(0, lastBreak);
  const fences = cut.split("\n").filter((line) => line.trimStart().startsWith("```")).length;
  return `${cut}${fences % 2 === 1 ? "\n```" : ""}\n\n${pointer}`;
}

export function fitCheckOutput(text: string): string {
  return fitToLimit(text, MAX_CHECK_OUTPUT, CHECK_POINTER);
}

export function fitCommentBody(text: string): string {
  return fitToLimit(text, MAX_COMMENT_BODY, COMMENT_POINTER);
}

/**
 * Joins sections with blank lines, keeping the first (the title) and as many of the others, in
 * order, as fit in `limit`; a section that does not fit is left out and later, shorter ones are
 * still tried. `pointer(left, total)` says how many were left out and where the rest is.
 *
 * @example
 *   fitSections(["### plan", ...fileSections, footer], MAX_COMMENT_BODY - 100, (n, total) => `${n} of ${total} sections are left out…`);
 */
export function fitSections(sections: string[], limit: number, pointer: (left: number, total: number) => string): string {
  const whole = sections.join("\n\n");
  if (whole.length <= limit) return whole;
  const room = limit - pointer(sections.length, sections.length).length - RESERVE;
  const kept: string[] = [];
  let used = 0;
  let left = 0;
  sections.forEach((section, index) => {
    if (index === 0 || used + section.length + 2 <= room) {
      kept.push(section);
      used += section.length + 2;
    } else {
      left += 1;
    }
  });
  return `${kept.join("\n\n")}\n\n${pointer(left, sections.length - 1)}`;
}
