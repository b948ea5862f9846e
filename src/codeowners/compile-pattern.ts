/**
 * GitHub's CODEOWNERS pattern semantics (gitignore-like, with GitHub's
 * deviations): case-sensitive; `*` and `?` stay inside one path segment;
 * `**` spans segments; a leading `/` or a slash in the middle anchors the
 * pattern at the repository root, otherwise it matches at any depth; a
 * trailing `/` matches only the contents of a directory; a pattern matches a
 * path or anything below it, except that a final lone `*` matches one level
 * only (`docs/*` owns `docs/a.md` but not `docs/build/b.md`).
 */

import type { SegmentTest } from "./segment-glob.js";
import { compileSegment } from "./segment-glob.js";

/** A compiled pattern: tells whether a repository path (no leading slash) matches. */
export type PathMatcher = (path: string) => boolean;

/** The same test on a path already split by {@link splitPath}, so a lookup splits once for every rule. */
export type PartsMatcher = (parts: readonly string[]) => boolean;

/** `**`: any number of whole segments, none included. */
const ANY_DEPTH = null;
type Segment = SegmentTest | typeof ANY_DEPTH;

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

/** A repository path's segments: leading slashes dropped, a trailing slash ignored (`""` has none). */
export function splitPath(path: string): string[] {
  let from = 0;
  while (path.charCodeAt(from) === 47) from++;
  const parts = path.slice(from).split("/");
  if (parts[parts.length - 1] === "") parts.pop();
  return parts;
}

/**
 * Compiles a pattern already accepted by {@link unsupportedReason}.
 * Example: `compilePattern("/build/logs/")("build/logs/a.txt") === true`.
 */
export function compilePattern(pattern: string): PathMatcher {
  const matches = compileParts(pattern);
  return (path) => matches(splitPath(path));
}

/**
 * {@link compilePattern} over split paths. Patterns without an inner `**`
 * (nearly all) are matched by a direct walk; the rest by a table over
 * (pattern segment, path segment), polynomial in the path's depth.
 */
export function compileParts(pattern: string): PartsMatcher {
  const directoryOnly = pattern.endsWith("/");
  const trimmed = pattern.replace(/^\//, "").replace(/\/$/, "");
  const anchored = pattern.startsWith("/") || trimmed.includes("/");
  const source = trimmed.split("/");
  const segments: Segment[] = source.map((part) => (part === "**" ? ANY_DEPTH : compileSegment(part)));
  if (!anchored) segments.unshift(ANY_DEPTH);
  const lastSource = source[source.length - 1];
  const lastIsGlob = segments[segments.length - 1] !== ANY_DEPTH;
  // A final lone `*` matches one level only; a trailing `/**` owns what is inside, never the directory itself.
  const exactLevel = !directoryOnly && lastIsGlob && lastSource === "*";
  const trailingAnyDepth = !directoryOnly && !lastIsGlob;
  const accept = (s: number, n: number) => (directoryOnly ? s < n : exactLevel ? s === n : true);

  const inner = segments.slice(1).includes(ANY_DEPTH);
  const globs = segments.filter((s): s is SegmentTest => s !== ANY_DEPTH);
  const k = globs.length;
  const fromAt = (parts: readonly string[], start: number) => {
    for (let i = 0; i < k; i++) if (!(globs[i] as SegmentTest)(parts[start + i] as string)) return false;
    return true;
  };
  if (!inner && segments[0] !== ANY_DEPTH) {
    return (parts) => parts.length >= k && fromAt(parts, 0) && accept(k, parts.length);
  }
  if (!inner && k > 0) {
    return (parts) => {
      const n = parts.length;
      // With exactLevel only the last k segments can match; with directoryOnly the match must leave one below it.
      const first = exactLevel ? n - k : 0;
      const last = directoryOnly ? n - k - 1 : n - k;
      for (let s = Math.max(first, 0); s <= last; s++) if (fromAt(parts, s) && accept(s + k, n)) return true;
      return false;
    };
  }
  return (parts) => matchTable(segments, parts, accept, trailingAnyDepth);
}

/** Which path positions each pattern segment can reach, left to right; the same answers as trying every split of every `**`. */
function matchTable(segments: readonly Segment[], parts: readonly string[], accept: (s: number, n: number) => boolean, trailingAnyDepth: boolean): boolean {
  const n = parts.length;
  let reach = new Uint8Array(n + 1);
  reach[0] = 1;
  for (let p = 0; p < segments.length; p++) {
    const segment = segments[p] as Segment;
    const next = new Uint8Array(n + 1);
    let some = false;
    if (segment === ANY_DEPTH) {
      if (p === segments.length - 1 && trailingAnyDepth) return reach.subarray(0, n).includes(1);
      for (let s = 0, on = false; s <= n; s++) {
        on ||= reach[s] === 1;
        if (on) next[s] = 1;
        some ||= on;
      }
    } else {
      for (let s = 0; s < n; s++) {
        if (reach[s] === 1 && segment(parts[s] as string)) {
          next[s + 1] = 1;
          some = true;
        }
      }
    }
    if (!some) return false;
    reach = next;
  }
  for (let s = 0; s <= n; s++) if (reach[s] === 1 && accept(s, n)) return true;
  return false;
}
