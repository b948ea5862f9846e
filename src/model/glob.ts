/**
 * Globs for request paths and resource scopes, matched segment by segment
 * (segments are separated by `/`):
 *
 * - `*` and `?` stay within one segment and never match an empty segment or
 *   one made only of dots (`.`, `..`), which a URL would resolve away;
 * - a segment that is exactly `**` matches whole segments: zero or more in
 *   the middle or at the start, one or more at the end (`a/**` is what lies
 *   inside `a`, not `a` itself); any other `**` is a plain `*`;
 * - everything else is literal. Case-sensitive: callers fold case first
 *   where the cloud does (Azure).
 *
 * Matching takes time proportional to glob length times value length: no
 * backtracking blow-up, whatever the policy says.
 *
 * @example
 *   matchGlob("requests/gcp/prod/**", "requests/gcp/prod/alice/inc-1.yaml"); // true
 *   matchGlob("projects/payments-*", "projects/payments-prod");              // true
 *   matchGlob("/subscriptions/s/resourceGroups/*", "/subscriptions/s/resourceGroups/.."); // false
 */
export function matchGlob(glob: string, value: string): boolean {
  const pattern = glob.split("/");
  const segments = value.split("/");
  // A leading "/" (Azure scopes) is an empty first segment on both sides, matched literally.
  if (pattern[0] === "" || segments[0] === "") {
    if (pattern[0] !== segments[0]) return false;
    pattern.shift();
    segments.shift();
  }
  if (segments.some(isOpaque)) return false;
  return matchSegments(pattern, segments);
}

/** A segment no wildcard may stand for: empty, or only dots. */
export function isOpaque(segment: string): boolean {
  return /^\.*$/.test(segment);
}

/** The segments of a glob before its first wildcard, e.g. "/subscriptions/s/resourceGroups" for "/subscriptions/s/resourceGroups/pay*". */
export function literalPrefix(glob: string): string {
  const segments = glob.split("/");
  const first = segments.findIndex((segment) => /[*?]/.test(segment));
  return first === -1 ? glob : segments.slice(0, first).join("/");
}

export function hasWildcard(glob: string): boolean {
  return /[*?]/.test(glob);
}

/** Dynamic programming over (pattern segment, value segment): reachable[j] after i pattern segments. */
function matchSegments(pattern: string[], segments: string[]): boolean {
  let reachable = new Array<boolean>(segments.length + 1).fill(false);
  reachable[0] = true;
  pattern.forEach((part, i) => {
    const next = new Array<boolean>(segments.length + 1).fill(false);
    if (part === "**") {
      const last = i === pattern.length - 1;
      let seen = false;
      for (let j = 0; j <= segments.length; j++) {
        // Zero segments (not at the end), or any number of whole segments after a reachable point.
        if (seen) next[j] = true;
        if (reachable[j]) {
          if (!last) next[j] = true;
          seen = true;
        }
      }
    } else {
      for (let j = 0; j < segments.length; j++) {
        if (reachable[j] && matchSegment(part, segments[j] as string)) next[j + 1] = true;
      }
    }
    reachable = next;
  });
  return reachable[segments.length] === true;
}

/** `*` and `?` within one segment; iterative, remembering only the last `*` (linear in practice, quadratic at worst). */
function matchSegment(part: string, segment: string): boolean {
  if (!/[*?]/.test(part)) return part === segment;
  if (isOpaque(segment)) return false;
  let p = 0;
  let s = 0;
  let star = -1;
  let resume = 0;
  while (s < segment.length) {
    const char = part[p];
    if (char === "?" || (char !== undefined && char !== "*" && char === segment[s])) {
      p++;
      s++;
    } else if (char === "*") {
      star = p++;
      resume = s;
    } else if (star !== -1) {
      p = star + 1;
      s = ++resume;
    } else {
      return false;
    }
  }
  while (part[p] === "*") p++;
  return p === part.length;
}
