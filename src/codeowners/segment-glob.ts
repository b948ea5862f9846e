/**
 * One path segment's glob (`*.js`, `svc-?`, `README.md`) compiled into a
 * plain string test. Most CODEOWNERS segments are a literal, a suffix or a
 * prefix, which become one comparison; the rest use a wildcard match that is
 * linear in practice and at worst the product of the two lengths, never
 * exponential.
 */

/** Tells whether one path segment (no `/`) matches. */
export type SegmentTest = (part: string) => boolean;

type Token = { star: true } | { star: false; any: boolean; text: string };

/** `\x` is a literal x; `*` any run of characters; `?` exactly one character (a code point). */
function tokenize(glob: string): Token[] {
  const tokens: Token[] = [];
  const chars = Array.from(glob);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    if (ch === "\\" && i + 1 < chars.length) tokens.push({ star: false, any: false, text: chars[++i] as string });
    else if (ch === "*") {
      if (!tokens.at(-1)?.star) tokens.push({ star: true });
    } else tokens.push({ star: false, any: ch === "?", text: ch });
  }
  return tokens;
}

/**
 * Compiles one segment of a pattern accepted by `unsupportedReason`.
 * Example: `compileSegment("*.yaml")("alice.yaml") === true`.
 */
export function compileSegment(glob: string): SegmentTest {
  const tokens = tokenize(glob);
  const stars = tokens.filter((t) => t.star).length;
  const hasAny = tokens.some((t) => !t.star && t.any);
  const literal = (from: number, to: number) => tokens.slice(from, to).map((t) => (t.star ? "" : t.text)).join("");
  if (!hasAny && stars === 0) {
    const text = literal(0, tokens.length);
    return (part) => part === text;
  }
  if (!hasAny && stars === 1) {
    const at = tokens.findIndex((t) => t.star);
    const prefix = literal(0, at);
    const suffix = literal(at + 1, tokens.length);
    if (prefix === "" && suffix === "") return () => true;
    if (prefix === "") return (part) => part.endsWith(suffix);
    if (suffix === "") return (part) => part.startsWith(prefix);
    const least = prefix.length + suffix.length;
    return (part) => part.length >= least && part.startsWith(prefix) && part.endsWith(suffix);
  }
  return (part) => wildcard(tokens, Array.from(part));
}

/** Classic wildcard matching: on a mismatch, let the last `*` take one more character and retry. */
function wildcard(tokens: Token[], chars: string[]): boolean {
  let t = 0;
  let c = 0;
  let starAt = -1;
  let starChar = 0;
  while (c < chars.length) {
    const token = tokens[t];
    if (token && !token.star && (token.any || token.text === chars[c])) {
      t++;
      c++;
    } else if (token?.star) {
      starAt = t++;
      starChar = c;
    } else if (starAt >= 0) {
      t = starAt + 1;
      c = ++starChar;
    } else {
      return false;
    }
  }
  while (tokens[t]?.star) t++;
  return t === tokens.length;
}
