/**
 * Regular expressions from policies and CODEOWNERS, run by RE2JS (a port of
 * RE2) so that matching takes time linear in the input, whatever the pattern:
 * a pattern such as `^([A-Z]+-?)+[0-9]+$`, which backtracks exponentially in
 * JavaScript's own engine, cannot stall the app. Features RE2 leaves out
 * (backreferences, lookaround) are refused when the pattern is read.
 */
import { RE2JS } from "re2js";

export interface LinearPattern {
  readonly source: string;
  /** True when the pattern matches anywhere in `input` (anchor it with ^ and $ to match all of it). Code points work as input too. */
  test(input: string | number[]): boolean;
}

export type CompiledPattern = { ok: true; pattern: LinearPattern } | { ok: false; message: string };

export const DOTALL = RE2JS.DOTALL;

const cache = new Map<string, CompiledPattern>();
const CACHE_LIMIT = 2_000;

/**
 * @example
 *   const compiled = compileLinearPattern("^(INC|CHG)-[0-9]+$");
 *   if (compiled.ok) compiled.pattern.test("INC-4711"); // true
 *   compileLinearPattern("^(a)\\1$"); // { ok: false, message: "invalid escape sequence: `\\1` (RE2 syntax: ...)" }
 */
export function compileLinearPattern(source: string, flags = 0): CompiledPattern {
  const key = `${flags}\n${source}`;
  const cached = cache.get(key);
  if (cached) return cached;
  let compiled: CompiledPattern;
  try {
    const re = RE2JS.compile(source, flags);
    compiled = { ok: true, pattern: { source, test: (input) => re.matcher(input).find() } };
  } catch (error) {
    const detail = (error as Error).message.replace(/^error parsing regexp: /i, "");
    compiled = { ok: false, message: `${detail} (patterns use RE2 syntax, which runs in linear time: no backreferences such as \\1 and no lookaround such as (?=…) or (?!…))` };
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, compiled);
  return compiled;
}

/** For patterns the app builds itself (globs): a failure is a bug, so it throws. */
export function linearPattern(source: string, flags = 0): LinearPattern {
  const compiled = compileLinearPattern(source, flags);
  if (!compiled.ok) throw new Error(`internal pattern ${source} does not compile: ${compiled.message}`);
  return compiled.pattern;
}
