import { splitPath } from "./compile-pattern.js";
import type { IndexedRules } from "./rule-index.js";
import { indexRules } from "./rule-index.js";
import type { CodeownersRule, ParsedCodeowners, PathOwners } from "./types.js";

// One index per rule list, made at its first lookup; rebuilt if rules were added or removed since.
const indexes = new WeakMap<readonly CodeownersRule[], IndexedRules>();

function indexOf(rules: readonly CodeownersRule[]): IndexedRules {
  let index = indexes.get(rules);
  if (index === undefined || index.rules.length !== rules.length) {
    index = indexRules([...rules]);
    indexes.set(rules, index);
  }
  return index;
}

/**
 * The owners of a repository path: the last matching rule wins; a matching
 * rule without owners leaves the path unowned. The path is split once, and
 * only the rules that could match it are tried (see rule-index.ts).
 *
 * Example: `ownersOf(parseCodeowners("*.js @js-owner"), "src/a.js")` is
 * `{ owners: ["@js-owner"], line: 1 }`.
 */
export function ownersOf(parsed: ParsedCodeowners, path: string): PathOwners {
  const index = indexOf(parsed.rules);
  const i = index.lastMatch(splitPath(path));
  const rule = index.rules[i];
  return rule === undefined ? { owners: [], line: null } : { owners: [...rule.owners], line: rule.line };
}
