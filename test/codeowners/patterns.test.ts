import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compilePattern, unsupportedReason } from "../../src/codeowners/compile-pattern.js";

interface PatternCase {
  name: string;
  pattern: string;
  paths: Record<string, boolean>;
}

const table = JSON.parse(readFileSync(new URL("../fixtures/codeowners/patterns.json", import.meta.url), "utf8")) as PatternCase[];

// Every case of hmarr/codeowners' table runs as written. None of its cases
// contradicts GitHub's documented behaviour (FACTS.md): the table has no
// case-variant paths and no `!`, `[ ]` or leading `\#` patterns, and its
// backslash-escaped `*` / `?` cases agree with GitHub, which only documents
// escaping a leading `#` as unsupported. GitHub's own deviations from
// gitignore are tested separately below, so there is no override to apply.
const rows = table.flatMap((c) => Object.entries(c.paths).map(([path, matches]) => ({ name: c.name, pattern: c.pattern, path, matches })));

describe("hmarr/codeowners pattern table", () => {
  it("has every case of the table", () => {
    expect(table).toHaveLength(27);
    expect(rows).toHaveLength(145);
  });

  it.each(rows)("$name: '$pattern' vs '$path' -> $matches", ({ pattern, path, matches }) => {
    expect(unsupportedReason(pattern)).toBeUndefined();
    expect(compilePattern(pattern)(path)).toBe(matches);
  });
});

describe("GitHub's deviations from the table's gitignore roots", () => {
  it.each([
    { pattern: "/Docs/", path: "docs/a.md", matches: false },
    { pattern: "/Docs/", path: "Docs/a.md", matches: true },
    { pattern: "*.JS", path: "src/app.js", matches: false },
    { pattern: "README.md", path: "readme.md", matches: false },
  ])("is case-sensitive: '$pattern' vs '$path' -> $matches", ({ pattern, path, matches }) => {
    expect(compilePattern(pattern)(path)).toBe(matches);
  });

  it.each([
    { pattern: "!docs/", reason: "negation with '!' is not supported in CODEOWNERS; list the paths you want owned instead" },
    { pattern: "Python/ceval*.[ch]", reason: "character ranges with '[ ]' are not supported in CODEOWNERS; write one line per name instead" },
    { pattern: "\\#notes", reason: "escaping '#' with '\\' is not supported in CODEOWNERS; a pattern cannot start with '#'" },
    { pattern: "/", reason: "the pattern '/' never matches anything; use '*' to own every file" },
  ])("rejects '$pattern'", ({ pattern, reason }) => {
    expect(unsupportedReason(pattern)).toBe(reason);
  });

  it.each([
    { pattern: "docs/*", path: "docs/getting-started.md", matches: true },
    { pattern: "docs/*", path: "docs/build-app/troubleshooting.md", matches: false },
    { pattern: "requests/gcp/**", path: "requests/gcp/prod/a.yaml", matches: true },
    { pattern: "requests/gcp/**", path: "requests/gcp", matches: false },
    { pattern: "my\\ dir/", path: "my dir/a.txt", matches: true },
    { pattern: "*.yaml", path: "requests/deep/x.yaml", matches: true },
    { pattern: "/requests/*.yaml", path: "requests/deep/x.yaml", matches: false },
  ])("'$pattern' vs '$path' -> $matches", ({ pattern, path, matches }) => {
    expect(compilePattern(pattern)(path)).toBe(matches);
  });
});
