import type { LinearPattern } from "./linear-pattern.js";
import { linearPattern } from "./linear-pattern.js";

/**
 * Globs for request paths and resource scopes: `*` and `?` stay within one
 * `/`-separated segment, `**` crosses segments. Case-sensitive, like
 * CODEOWNERS and cloud resource names.
 *
 * @example
 *   matchGlob("requests/gcp/prod/**", "requests/gcp/prod/alice/inc-1.yaml"); // true
 *   matchGlob("projects/payments-*", "projects/payments-prod");              // true
 */
export function matchGlob(glob: string, value: string): boolean {
  return globToRegExp(glob).test(value);
}

const cache = new Map<string, LinearPattern>();

/** The glob as a pattern run by RE2 (linear time: a glob such as `**a**a**a**b` cannot stall matching). */
export function globToRegExp(glob: string): LinearPattern {
  const cached = cache.get(glob);
  if (cached) return cached;
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i] as string;
    if (char === "*" && glob[i + 1] === "*") {
      const slashAfter = glob[i + 2] === "/";
      source += slashAfter ? "(?:.*/)?" : ".*";
      i += slashAfter ? 2 : 1;
    } else if (char === "*") {
      source += "[^/]*";
    } else if (char === "?") {
      source += "[^/]";
    } else {
      source += char.replace(/[.+^${}()|[\]\\]/g, "\\$&");
    }
  }
  const regexp = linearPattern(`^${source}$`);
  cache.set(glob, regexp);
  return regexp;
}
