import type { PathMatcher } from "./compile-pattern.js";
import { compilePattern } from "./compile-pattern.js";
import type { CodeownersRule, ParsedCodeowners, PathOwners } from "./types.js";

const compiled = new WeakMap<CodeownersRule, PathMatcher>();

function matcherOf(rule: CodeownersRule): PathMatcher {
  let matcher = compiled.get(rule);
  if (matcher === undefined) {
    matcher = compilePattern(rule.pattern);
    compiled.set(rule, matcher);
  }
  return matcher;
}

/**
 * The owners of a repository path: the last matching rule wins; a matching
 * rule without owners leaves the path unowned.
 *
 * Example: `ownersOf(parseCodeowners("*.js @js-owner"), "src/a.js")` is
 * `{ owners: ["@js-owner"], line: 1 }`.
 */
export function ownersOf(parsed: ParsedCodeowners, path: string): PathOwners {
  for (let i = parsed.rules.length - 1; i >= 0; i--) {
    const rule = parsed.rules[i] as CodeownersRule;
    if (matcherOf(rule)(path)) return { owners: [...rule.owners], line: rule.line };
  }
  return { owners: [], line: null };
}
