import { parseCodeowners } from "./parse-codeowners.js";
import type { CodeownersProblem, ParsedCodeowners } from "./types.js";

/** Where GitHub looks for CODEOWNERS, in order; the first that exists is used. */
export const CODEOWNERS_LOCATIONS = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"] as const;

/** GitHub does not load a CODEOWNERS file of this many bytes or more. */
export const CODEOWNERS_MAX_BYTES = 3 * 1024 * 1024;

export interface LocatedCodeowners {
  /** The file GitHub would use, or null when none exists. */
  path: string | null;
  /** Rules to apply; empty when no file exists or it is too large. */
  parsed: ParsedCodeowners;
  /** Problems about the file as a whole (line 0 means "the whole file"). */
  fileProblems: CodeownersProblem[];
}

/**
 * Finds and parses the CODEOWNERS GitHub would use, from a lookup that returns
 * a file's text on the branch (undefined when absent). No I/O here: adapters
 * fetch from the base branch, the CLI reads the disk.
 *
 * Example: `locateCodeowners((p) => files.get(p)).path === ".github/CODEOWNERS"`.
 */
export function locateCodeowners(lookup: (path: string) => string | undefined): LocatedCodeowners {
  for (const path of CODEOWNERS_LOCATIONS) {
    const text = lookup(path);
    if (text !== undefined) return readCodeowners(path, text);
  }
  return { path: null, parsed: { rules: [], problems: [] }, fileProblems: [] };
}

/**
 * Parses one CODEOWNERS file's text, or ignores all of it at 3 MB or more as
 * GitHub does. Example: `readCodeowners("CODEOWNERS", "* @a").parsed.rules.length === 1`.
 */
export function readCodeowners(path: string, text: string): LocatedCodeowners {
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes < CODEOWNERS_MAX_BYTES) return { path, parsed: parseCodeowners(text), fileProblems: [] };
  return {
    path,
    parsed: { rules: [], problems: [] },
    fileProblems: [
      {
        line: 0,
        column: 0,
        message: `${path} is ${bytes} bytes; GitHub ignores a CODEOWNERS file of 3 MB or more, so no path has code owners. Split ownership into broader patterns to shrink it.`,
      },
    ],
  };
}
