import { describe, expect, it } from "vitest";
import { CODEOWNERS_MAX_BYTES, locateCodeowners } from "../../src/codeowners/locate-codeowners.js";

function lookupOf(files: Record<string, string | undefined>): (path: string) => string | undefined {
  return (path) => files[path];
}

describe("locateCodeowners", () => {
  it.each([
    { files: { ".github/CODEOWNERS": "* @a", CODEOWNERS: "* @b", "docs/CODEOWNERS": "* @c" }, path: ".github/CODEOWNERS", owner: "@a" },
    { files: { CODEOWNERS: "* @b", "docs/CODEOWNERS": "* @c" }, path: "CODEOWNERS", owner: "@b" },
    { files: { "docs/CODEOWNERS": "* @c" }, path: "docs/CODEOWNERS", owner: "@c" },
  ])("uses $path first, in GitHub's order", ({ files, path, owner }) => {
    const located = locateCodeowners(lookupOf(files));
    expect(located.path).toBe(path);
    expect(located.parsed.rules[0]?.owners).toEqual([owner]);
  });

  it("finds nothing when no file exists", () => {
    expect(locateCodeowners(lookupOf({ "github/CODEOWNERS": "* @a" }))).toEqual({ path: null, parsed: { rules: [], problems: [] }, fileProblems: [] });
  });

  it("ignores a file of 3 MB or more, as GitHub does", () => {
    const big = `* @a\n${"#".repeat(CODEOWNERS_MAX_BYTES - 5)}`;
    expect(Buffer.byteLength(big)).toBe(CODEOWNERS_MAX_BYTES);
    const located = locateCodeowners(lookupOf({ CODEOWNERS: big }));
    expect(located.parsed.rules).toEqual([]);
    expect(located.fileProblems).toEqual([
      {
        line: 0,
        column: 0,
        message: "CODEOWNERS is 3145728 bytes; GitHub ignores a CODEOWNERS file of 3 MB or more, so no path has code owners. Split ownership into broader patterns to shrink it.",
      },
    ]);
    const justUnder = big.slice(1);
    expect(locateCodeowners(lookupOf({ CODEOWNERS: justUnder })).fileProblems).toEqual([]);
  });
});
