/** Reading the base branch's configuration, and checking a PR's config edits for syntax. Pure. */
import { CODEOWNERS_LOCATIONS, readCodeowners } from "../codeowners/locate-codeowners.js";
import type { ParsedCodeowners } from "../codeowners/types.js";
import { loadAccessConfig } from "../model/access-config.js";
import type { LoadedAccessConfig } from "../model/access-config.js";
import type { Problem } from "../model/problem.js";

export type FileContents = ReadonlyMap<string, Buffer | null>;

function present(files: FileContents): Map<string, Buffer> {
  return new Map([...files].filter((entry): entry is [string, Buffer] => entry[1] !== null));
}

/** Policies and identities from files read at one commit. */
export function configFrom(files: FileContents): LoadedAccessConfig {
  return loadAccessConfig(present(files));
}

/**
 * The CODEOWNERS GitHub would use at that commit. A file too big to read
 * (null) is ignored by GitHub too, so no path has owners through it.
 */
export function codeownersFrom(files: FileContents): ParsedCodeowners {
  for (const path of CODEOWNERS_LOCATIONS) {
    if (!files.has(path)) continue;
    const content = files.get(path);
    if (content === null || content === undefined) return { rules: [], problems: [] };
    return readCodeowners(path, content.toString("utf8")).parsed;
  }
  return { rules: [], problems: [] };
}

/**
 * Syntax problems in the config files a PR changes, read at its head: the
 * policy and identities schemas, and the CODEOWNERS lines GitHub would skip.
 * These are checked for the author's sake only; the head's config never
 * decides anything (invariant 1).
 */
export function configEditProblems(changed: string[], headFiles: FileContents): Problem[] {
  const problems: Problem[] = [];
  const changedSet = new Set(changed);
  for (const path of changed) {
    if (headFiles.get(path) === null) {
      problems.push({ file: path, line: 1, column: 1, message: `${path} is too large to read (3 MB or more); split it into smaller files` });
    }
  }
  const touchesPolicies = changed.some((path) => path.startsWith("access-policies/"));
  if (touchesPolicies) {
    for (const problem of configFrom(headFiles).problems) {
      if (changedSet.has(problem.file) || !headFiles.has(problem.file)) problems.push(problem);
    }
  }
  for (const path of CODEOWNERS_LOCATIONS) {
    const content = headFiles.get(path);
    if (!changedSet.has(path) || !content) continue;
    for (const p of readCodeowners(path, content.toString("utf8")).parsed.problems) {
      problems.push({ file: path, line: Math.max(1, p.line), column: Math.max(1, p.column), message: `${p.message} (GitHub skips this line)` });
    }
  }
  return problems;
}
