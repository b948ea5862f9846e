/**
 * GitHub's CODEOWNERS pattern semantics (gitignore-like, with GitHub's
 * deviations): case-sensitive; `*` and `?` stay inside one path segment;
 * `**` spans segments; a leading `/` or a slash in the middle anchors the
 * pattern at the repository root, otherwise it matches at any depth; a
 * trailing `/` matches only the contents of a directory; a pattern matches a
 * path or anything below it, except that a final lone `*` matches one level
 * only (`docs/*` owns `docs/a.md` but not `docs/build/b.md`).
 */

import type { LinearPattern } from "../model/linear-pattern.js";
import { DOTALL, linearPattern } from "../model/linear-pattern.js";

/** A compiled pattern: tells whether a repository path (no leading slash) matches. */
export type PathMatcher = (path: string) => boolean;

type Segment = { kind: "any-depth" } | { kind: "glob"; regex: LinearPattern; loneStar: boolean };

/**
 * Why GitHub would refuse the pattern, or undefined when it is usable.
 * Example: `unsupportedReason("!docs/")` mentions negation.
 */
export function unsupportedReason(pattern: string): string | undefined {
  if (pattern.startsWith("!")) return "negation with '!' is not supported in CODEOWNERS; list the paths you want owned instead";
  if (pattern.startsWith("\\#")) return "escaping '#' with '\\' is not supported in CODEOWNERS; a pattern cannot start with '#'";
  const bracket = pattern.search(/[[\]]/);
  if (bracket >= 0) return "character ranges with '[ ]' are not supported in CODEOWNERS; write one line per name instead";
  if (/^\/+$/.test(pattern)) return "the pattern '/' never matches anything; use '*' to own every file";
  if (pattern.endsWith("\\") && !pattern.endsWith("\\\\")) return "the pattern ends with a lone '\\'; remove it or escape the next character";
  return undefined;
}

function globToRegex(glob: string): LinearPattern {
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] as string;
    if (ch === "\\" && i + 1 < glob.length) {
      source += escapeRegex(glob[++i] as string);
    } else if (ch === "*") {
      source += "[^/]*";
    } else if (ch === "?") {
      source += "[^/]";
    } else {
      source += escapeRegex(ch);
    }
  }
  return linearPattern(`^${source}$`, DOTALL);
}

function escapeRegex(ch: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(ch) ? `\\${ch}` : ch;
}

/**
 * Compiles a pattern already accepted by {@link unsupportedReason}.
 * Example: `compilePattern("/build/logs/")("build/logs/a.txt") === true`.
 */
export function compilePattern(pattern: string): PathMatcher {
  const directoryOnly = pattern.endsWith("/");
  const trimmed = pattern.replace(/^\//, "").replace(/\/$/, "");
  const anchored = pattern.startsWith("/") || trimmed.includes("/");
  const segments: Segment[] = trimmed
    .split("/")
    .map((part) => (part === "**" ? { kind: "any-depth" } : { kind: "glob", regex: globToRegex(part), loneStar: part === "*" }));
  if (!anchored) segments.unshift({ kind: "any-depth" });
  const last = segments[segments.length - 1];
  const exactLevel = !directoryOnly && last?.kind === "glob" && last.loneStar;
  // A trailing `/**` owns what is inside, never the directory itself.
  const trailingAnyDepth = !directoryOnly && last?.kind === "any-depth";

  // Memoised on (segment, part): several `**` in one pattern stay polynomial in the path's depth, never exponential.
  const matchFrom = (parts: string[], p: number, s: number, seen: Map<number, boolean>): boolean => {
    const key = p * (parts.length + 1) + s;
    const known = seen.get(key);
    if (known !== undefined) return known;
    const result = matchAt(parts, p, s, seen);
    seen.set(key, result);
    return result;
  };
  const matchAt = (parts: string[], p: number, s: number, seen: Map<number, boolean>): boolean => {
    if (p === segments.length) {
      if (directoryOnly) return s < parts.length;
      if (exactLevel) return s === parts.length;
      return true;
    }
    const segment = segments[p] as Segment;
    if (segment.kind === "any-depth") {
      if (p === segments.length - 1 && trailingAnyDepth) return s < parts.length;
      for (let next = s; next <= parts.length; next++) {
        if (matchFrom(parts, p + 1, next, seen)) return true;
      }
      return false;
    }
    return s < parts.length && segment.regex.test(parts[s] as string) && matchFrom(parts, p + 1, s + 1, seen);
  };

  return (path) => {
    const parts = path.replace(/^\/+/, "").split("/").filter((part, i, all) => part !== "" || i < all.length - 1);
    return matchFrom(parts, 0, 0, new Map());
  };
}
