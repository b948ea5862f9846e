/** Small helpers for GitHub-flavoured Markdown that stays readable when a value holds odd characters. */

/** Inline code that survives backticks and table pipes in the value. */
export function code(text: string): string {
  const safe = text.replace(/\|/g, "\\|");
  return safe.includes("`") ? `\`\` ${safe} \`\`` : `\`${safe}\``;
}

/** A table cell: no line breaks, pipes escaped. */
export function cell(text: string): string {
  return text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
}

export function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...rows.map((row) => `| ${row.join(" | ")} |`)].join("\n");
}
