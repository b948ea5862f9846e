import { unsupportedReason } from "./compile-pattern.js";
import { ownerKind } from "./owner-kind.js";
import type { CodeownersProblem, CodeownersRule, ParsedCodeowners } from "./types.js";

interface Token {
  text: string;
  /** 1-based column where the token starts. */
  column: number;
}

/** Splits a line on unescaped whitespace, keeping `\ ` inside the pattern. */
function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  let current = "";
  let start = 0;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (/\s/.test(ch)) {
      if (current !== "") tokens.push({ text: current, column: start + 1 });
      current = "";
      continue;
    }
    if (current === "") start = i;
    if (ch === "\\" && i + 1 < line.length) {
      current += ch + (line[++i] as string);
    } else {
      current += ch;
    }
  }
  if (current !== "") tokens.push({ text: current, column: start + 1 });
  return tokens;
}

/**
 * Parses CODEOWNERS text the way GitHub reads it: comments and blank lines are
 * ignored, an inline `# comment` ends a line, and a line GitHub rejects (an
 * unsupported pattern or an invalid owner) is skipped and reported rather than
 * dropping the whole file.
 *
 * Example:
 * ```ts
 * const parsed = parseCodeowners("* @acme/sre\n/apps/github\n");
 * parsed.rules; // [{ pattern: "*", owners: ["@acme/sre"], line: 1 }, { pattern: "/apps/github", owners: [], line: 2 }]
 * ```
 */
export function parseCodeowners(text: string): ParsedCodeowners {
  const rules: CodeownersRule[] = [];
  const problems: CodeownersProblem[] = [];
  text.split(/\r\n|\n|\r/).forEach((raw, index) => {
    const line = index + 1;
    const tokens = tokenize(raw);
    const first = tokens[0];
    if (first === undefined || first.text.startsWith("#")) return;
    const lineProblems: CodeownersProblem[] = [];
    const reason = unsupportedReason(first.text);
    if (reason !== undefined) lineProblems.push({ line, column: first.column, message: `invalid pattern '${first.text}': ${reason}` });
    const owners: string[] = [];
    for (const token of tokens.slice(1)) {
      if (token.text.startsWith("#")) break;
      if (ownerKind(token.text) === undefined) {
        lineProblems.push({
          line,
          column: token.column,
          message: `invalid owner '${token.text}': write @user, @org/team or an email address`,
        });
      } else {
        owners.push(token.text);
      }
    }
    if (lineProblems.length > 0) {
      // GitHub skips the whole line, so earlier lines keep owning these paths.
      problems.push(...lineProblems);
      return;
    }
    rules.push({ pattern: first.text, owners, line });
  });
  return { rules, problems };
}
