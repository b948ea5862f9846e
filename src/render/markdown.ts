/** Small helpers for GitHub-flavoured Markdown that stays readable when a value holds odd characters. */

import { inertCode } from "./inert-text.js";

/** Inline code that survives backticks, line breaks and table pipes in the value (see inert-text.ts). */
export function code(text: string): string {
  return inertCode(text);
}

/** A table cell: no line breaks, pipes escaped. */
export function cell(text: string): string {
  return text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
}

export function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...rows.map((row) => `| ${row.join(" | ")} |`)].join("\n");
}
