import { describe, expect, it } from "vitest";
import { ownersOf } from "../../src/codeowners/owners-of.js";
import { parseCodeowners } from "../../src/codeowners/parse-codeowners.js";

describe("parseCodeowners", () => {
  it("skips comments, blank lines and inline comments", () => {
    const parsed = parseCodeowners("# header\n\n   \n*.yaml @alice # the requests\n\t/requests/  @acme/sre\tops@example.com\r\n");
    expect(parsed).toEqual({
      rules: [
        { pattern: "*.yaml", owners: ["@alice"], line: 4 },
        { pattern: "/requests/", owners: ["@acme/sre", "ops@example.com"], line: 5 },
      ],
      problems: [],
    });
  });

  it("keeps a pattern without owners: it makes the paths unowned", () => {
    const parsed = parseCodeowners("* @alice\n/requests/sandbox/\n");
    expect(ownersOf(parsed, "requests/sandbox/a.yaml")).toEqual({ owners: [], line: 2 });
    expect(ownersOf(parsed, "requests/prod/a.yaml")).toEqual({ owners: ["@alice"], line: 1 });
  });

  it("reports no line when nothing matched", () => {
    expect(ownersOf(parseCodeowners("/docs/ @alice"), "src/a.ts")).toEqual({ owners: [], line: null });
  });

  it("keeps an escaped space inside the pattern", () => {
    const parsed = parseCodeowners("my\\ dir/ @alice");
    expect(parsed.rules).toEqual([{ pattern: "my\\ dir/", owners: ["@alice"], line: 1 }]);
    expect(ownersOf(parsed, "my dir/a.txt").owners).toEqual(["@alice"]);
  });

  // GitHub skips an invalid line and keeps the rest of the file; earlier lines
  // keep owning what the skipped line would have taken over.
  it.each([
    {
      text: "* @alice\n!requests/ @bob",
      problem: { line: 2, column: 1, message: "invalid pattern '!requests/': negation with '!' is not supported in CODEOWNERS; list the paths you want owned instead" },
    },
    {
      text: "* @alice\n  requests/[ab]/ @bob",
      problem: { line: 2, column: 3, message: "invalid pattern 'requests/[ab]/': character ranges with '[ ]' are not supported in CODEOWNERS; write one line per name instead" },
    },
    {
      text: "* @alice\n\\#requests/ @bob",
      problem: { line: 2, column: 1, message: "invalid pattern '\\#requests/': escaping '#' with '\\' is not supported in CODEOWNERS; a pattern cannot start with '#'" },
    },
    {
      text: "* @alice\nrequests/  bob",
      problem: { line: 2, column: 12, message: "invalid owner 'bob': write @user, @org/team or an email address" },
    },
    {
      text: "* @alice\nrequests/ @bob @acme/",
      problem: { line: 2, column: 16, message: "invalid owner '@acme/': write @user, @org/team or an email address" },
    },
  ])("skips and reports an invalid line: $problem.message", ({ text, problem }) => {
    const parsed = parseCodeowners(text);
    expect(parsed.problems).toEqual([problem]);
    expect(parsed.rules).toEqual([{ pattern: "*", owners: ["@alice"], line: 1 }]);
    expect(ownersOf(parsed, "requests/a/x.yaml")).toEqual({ owners: ["@alice"], line: 1 });
  });

  it("reports every problem on a line", () => {
    expect(parseCodeowners("[x] nobody also-nobody").problems.map((p) => `${p.line}:${p.column}`)).toEqual(["1:1", "1:5", "1:12"]);
  });
});
