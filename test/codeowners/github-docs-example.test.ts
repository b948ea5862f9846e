import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ownersOf } from "../../src/codeowners/owners-of.js";
import { parseCodeowners } from "../../src/codeowners/parse-codeowners.js";

// The example file of GitHub's "About code owners" documentation.
const text = readFileSync(new URL("../fixtures/codeowners/github-docs-example.CODEOWNERS", import.meta.url), "utf8");

describe("GitHub's documented CODEOWNERS example", () => {
  it("parses without problems", () => {
    const parsed = parseCodeowners(text);
    expect(parsed.problems).toEqual([]);
    expect(parsed.rules.map((r) => r.line)).toEqual([8, 14, 19, 25, 30, 35, 39, 44, 48, 53, 58, 59, 64, 65]);
    expect(parsed.rules[1]).toEqual({ pattern: "*.js", owners: ["@js-owner"], line: 14 });
  });

  // Each documented claim, checked with its own lines only.
  it.each([
    { lines: "*       @global-owner1 @global-owner2", path: "anything/at/all.md", owners: ["@global-owner1", "@global-owner2"] },
    { lines: "* @global-owner1\n*.js    @js-owner #This is an inline comment.", path: "src/app.js", owners: ["@js-owner"] },
    { lines: "* @global-owner1\n*.js    @js-owner", path: "src/app.ts", owners: ["@global-owner1"] },
    { lines: "*.go docs@example.com", path: "cmd/main.go", owners: ["docs@example.com"] },
    { lines: "*.txt @octo-org/octocats", path: "notes/a.txt", owners: ["@octo-org/octocats"] },
    { lines: "/build/logs/ @doctocat", path: "build/logs/a.log", owners: ["@doctocat"] },
    { lines: "/build/logs/ @doctocat", path: "build/logs/2026/a.log", owners: ["@doctocat"] },
    { lines: "/build/logs/ @doctocat", path: "src/build/logs/a.log", owners: [] },
    { lines: "docs/*  docs@example.com", path: "docs/getting-started.md", owners: ["docs@example.com"] },
    { lines: "docs/*  docs@example.com", path: "docs/build-app/troubleshooting.md", owners: [] },
    { lines: "apps/ @octocat", path: "apps/web/index.js", owners: ["@octocat"] },
    { lines: "apps/ @octocat", path: "services/apps/index.js", owners: ["@octocat"] },
    { lines: "/docs/ @doctocat", path: "docs/guide/intro.md", owners: ["@doctocat"] },
    { lines: "/docs/ @doctocat", path: "site/docs/intro.md", owners: [] },
    { lines: "/scripts/ @doctocat @octocat", path: "scripts/deploy.sh", owners: ["@doctocat", "@octocat"] },
    { lines: "**/logs @octocat", path: "build/logs/a.log", owners: ["@octocat"] },
    { lines: "**/logs @octocat", path: "scripts/logs/a.log", owners: ["@octocat"] },
    { lines: "**/logs @octocat", path: "deeply/nested/logs/a.log", owners: ["@octocat"] },
    { lines: "/apps/ @octocat\n/apps/github", path: "apps/web/a.js", owners: ["@octocat"] },
    { lines: "/apps/ @octocat\n/apps/github", path: "apps/github/a.js", owners: [] },
    { lines: "/apps/ @octocat\n/apps/github @doctocat", path: "apps/github/a.js", owners: ["@doctocat"] },
  ])("'$path' under '$lines' is owned by $owners", ({ lines, path, owners }) => {
    expect(ownersOf(parseCodeowners(lines), path).owners).toEqual(owners);
  });

  // The whole file in order: later lines win.
  it.each([
    { path: "README.md", owners: ["@global-owner1", "@global-owner2"], line: 8 },
    { path: "src/app.js", owners: ["@js-owner"], line: 14 },
    { path: "main.go", owners: ["docs@example.com"], line: 19 },
    { path: "docs/getting-started.md", owners: ["@doctocat"], line: 44 },
    { path: "build/logs/a.log", owners: ["@octocat"], line: 53 },
    { path: "scripts/deploy.sh", owners: ["@doctocat", "@octocat"], line: 48 },
    { path: "web/apps/x.js", owners: ["@octocat"], line: 39 },
    { path: "apps/web/x.js", owners: ["@octocat"], line: 64 },
    { path: "apps/github/x.js", owners: ["@doctocat"], line: 65 },
  ])("whole file: '$path' -> $owners (line $line)", ({ path, owners, line }) => {
    expect(ownersOf(parseCodeowners(text), path)).toEqual({ owners, line });
  });
});
