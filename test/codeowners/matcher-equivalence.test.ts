// The CODEOWNERS matcher that splits a path once and tries only the rules that could match gives the same owners
// as the straightforward one it replaced (one linear-time regex per segment, every rule tried from the bottom),
// on generated patterns and paths; test/codeowners/patterns.test.ts holds the published pattern table.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PathMatcher } from "../../src/codeowners/compile-pattern.js";
import { compilePattern, unsupportedReason } from "../../src/codeowners/compile-pattern.js";
import { ownersOf } from "../../src/codeowners/owners-of.js";
import type { LinearPattern } from "../../src/model/linear-pattern.js";
import { DOTALL, linearPattern } from "../../src/model/linear-pattern.js";

type Segment = { kind: "any-depth" } | { kind: "glob"; regex: LinearPattern; loneStar: boolean };

// The previous matcher, kept here as the reference.
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
function referenceMatcher(pattern: string): PathMatcher {
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

const names = ["a", "b", "docs", "c.js", "x.proto", "a.tar.gz", "ab", ".hidden", "é", "😀"];
const globs = ["*", "*.js", "*.gz", "a*", "?", "??", "*b", "a?b", "*.tar.gz", "**", "\\*", "d*s", "?😀"];
const patternOf = fc
  .tuple(fc.boolean(), fc.array(fc.oneof(fc.constantFrom(...names), fc.constantFrom(...globs)), { minLength: 1, maxLength: 4 }), fc.boolean())
  .map(([lead, segments, trail]) => `${lead ? "/" : ""}${segments.join("/")}${trail ? "/" : ""}`)
  .filter((p) => unsupportedReason(p) === undefined);
const pathOf = fc
  .tuple(fc.constantFrom("", "/"), fc.array(fc.constantFrom(...names, "*", "x"), { minLength: 0, maxLength: 6 }), fc.constantFrom("", "/"))
  .map(([lead, parts, trail]) => `${lead}${parts.join("/")}${trail}`);

describe("the CODEOWNERS matcher", () => {
  it("matches a pattern exactly as the reference does", () => {
    fc.assert(
      fc.property(patternOf, pathOf, (pattern, path) => {
        expect(compilePattern(pattern)(path), `${pattern} vs ${path}`).toBe(referenceMatcher(pattern)(path));
      }),
      { numRuns: 3000 },
    );
  });

  it("finds the same last matching rule as trying every rule from the bottom", () => {
    fc.assert(
      fc.property(fc.array(patternOf, { minLength: 1, maxLength: 25 }), fc.array(pathOf, { minLength: 1, maxLength: 10 }), (patterns, paths) => {
        const rules = patterns.map((pattern, i) => ({ pattern, owners: [`@o${i}`], line: i + 1 }));
        for (const path of paths) {
          const last = rules.findLast((rule) => referenceMatcher(rule.pattern)(path));
          expect(ownersOf({ rules, problems: [] }, path), `${path} under ${patterns.join(" | ")}`).toEqual(last ? { owners: last.owners, line: last.line } : { owners: [], line: null });
        }
      }),
      { numRuns: 500 },
    );
  });
});
