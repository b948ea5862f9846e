import type { components } from "@octokit/openapi-types";
import type { Hub } from "./hub.js";

type CodeownersError = components["schemas"]["codeowners-errors"]["errors"][number];

export const CODEOWNERS_PATHS = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"];

function caret(source: string, column: number): string {
  return `\n\n  ${source}\n  ${" ".repeat(column - 1)}^`;
}

/**
 * The lines GitHub rejects in a CODEOWNERS file, in GitHub's words. Only the
 * refusals matter here (negation, character ranges, escaped `#`, bad or
 * unknown owners); matching paths is the app's own business.
 */
export function codeownersErrors(hub: Hub, path: string, text: string): CodeownersError[] {
  const errors: CodeownersError[] = [];
  text.split("\n").forEach((raw, index) => {
    const line = index + 1;
    const source = raw.replace(/\r$/, "");
    const trimmed = source.trim();
    if (!trimmed || trimmed.startsWith("#")) return;
    const tokens = trimmed.replace(/\s#.*$/, "").split(/\s+/);
    const pattern = tokens[0] ?? "";
    const indent = source.indexOf(pattern) + 1;
    const badAt = pattern.startsWith("!") || pattern.startsWith("\\#") ? 0 : pattern.search(/\[|\*\*\*/);
    if (badAt >= 0) {
      errors.push({ line, column: indent + badAt, kind: "Invalid pattern", source, suggestion: null, path, message: `Invalid pattern on line ${line}:${caret(source, indent + badAt)}` });
      return;
    }
    let offset = source.indexOf(pattern) + pattern.length;
    for (const owner of tokens.slice(1)) {
      const column = source.indexOf(owner, offset) + 1;
      offset = column - 1 + owner.length;
      const team = /^@([\w.-]+)\/([\w.-]+)$/.exec(owner);
      const user = /^@([\w-]+(?:\[bot\])?)$/.exec(owner);
      const email = /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(owner);
      if (!team && !user && !email) {
        errors.push({ line, column, kind: "Invalid owner", source, suggestion: null, path, message: `Invalid owner on line ${line}:${caret(source, column)}` });
      } else if ((team && !hub.teams.has(`${team[1]}/${team[2]}`.toLowerCase())) || (user && !hub.users.has(user[1] ?? ""))) {
        errors.push({
          line,
          column,
          kind: "Unknown owner",
          source,
          suggestion: null,
          path,
          message: `Unknown owner on line ${line}: make sure ${owner} exists and has write access to the repository${caret(source, column)}`,
        });
      }
    }
  });
  return errors;
}
