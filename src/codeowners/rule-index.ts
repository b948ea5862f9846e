/**
 * Which CODEOWNERS rules can possibly match a path, found without trying
 * them all. Each rule is filed under one thing every path it matches must
 * have: a literal first segment (`/services/api/`), a literal segment
 * anywhere (`build/`, `**\/logs`), or an extension (`*.proto`). A lookup then
 * tries only the rules filed under what its path has, plus the rules with
 * nothing to file them under, from the last rule up, and stops at the first
 * match: the same answer as trying every rule from the bottom.
 */
import type { PartsMatcher } from "./compile-pattern.js";
import { compileParts } from "./compile-pattern.js";
import type { CodeownersRule } from "./types.js";

type Key = { kind: "first" | "has" | "ext"; text: string } | { kind: "none" };

const isLiteral = (segment: string) => segment !== "" && !/[*?\\]/.test(segment);

/** What every path matched by `pattern` must have (see the file comment). */
export function requirementOf(pattern: string): Key {
  const trimmed = pattern.replace(/^\//, "").replace(/\/$/, "");
  const anchored = pattern.startsWith("/") || trimmed.includes("/");
  const segments = trimmed.split("/");
  const first = segments[0] ?? "";
  if (anchored && isLiteral(first)) return { kind: "first", text: first };
  const literal = segments.find((s) => s !== "**" && isLiteral(s));
  if (literal !== undefined) return { kind: "has", text: literal };
  for (const segment of segments) {
    // `*.tar.gz`: a segment ending so has the extension `gz`.
    const suffix = /^\*([^*?\\]*\.[^*?\\.]+)$/.exec(segment)?.[1];
    if (suffix !== undefined) return { kind: "ext", text: suffix.slice(suffix.lastIndexOf(".") + 1) };
  }
  return { kind: "none" };
}

export interface IndexedRules {
  rules: readonly CodeownersRule[];
  /** The last matching rule's index, or -1. */
  lastMatch(parts: readonly string[]): number;
}

/** Indexes a rule list; the list is read as it is now, so build a new index for a changed list. */
export function indexRules(rules: readonly CodeownersRule[]): IndexedRules {
  const matchers: PartsMatcher[] = rules.map((rule) => compileParts(rule.pattern));
  const byFirst = new Map<string, number[]>();
  const byHas = new Map<string, number[]>();
  const byExt = new Map<string, number[]>();
  const unfiled: number[] = [];
  for (let i = rules.length - 1; i >= 0; i--) {
    const key = requirementOf((rules[i] as CodeownersRule).pattern);
    if (key.kind === "none") {
      unfiled.push(i);
      continue;
    }
    const map = key.kind === "first" ? byFirst : key.kind === "has" ? byHas : byExt;
    const list = map.get(key.text);
    if (list) list.push(i);
    else map.set(key.text, [i]);
  }
  return {
    rules,
    lastMatch(parts) {
      let best = -1;
      // Each list runs from the last rule up; nothing at or above `best` can change the answer.
      const scan = (list: number[] | undefined) => {
        if (list === undefined) return;
        for (const i of list) {
          if (i <= best) return;
          if ((matchers[i] as PartsMatcher)(parts)) {
            best = i;
            return;
          }
        }
      };
      scan(unfiled);
      scan(byFirst.get(parts[0] ?? ""));
      for (const part of parts) {
        scan(byHas.get(part));
        const dot = part.lastIndexOf(".");
        if (dot >= 0) scan(byExt.get(part.slice(dot + 1)));
      }
      return best;
    },
  };
}
