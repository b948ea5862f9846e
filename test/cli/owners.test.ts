import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const MAIN = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));

function repoWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "access-pr-owners-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

function owners(args: string[], cwd: string) {
  const child = spawnSync(process.execPath, [MAIN, "owners", ...args], { cwd, encoding: "utf8" });
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}

const CODEOWNERS = ["# access repo owners", "* @acme/platform", "/requests/gcp/ @acme/sre @alice", "/requests/sandbox/", "!requests/azure/ @bob", "/requests/vendor/ @carol vendor@example.com"].join("\n");

describe("access-pr owners", () => {
  it("prints one line per path with the deciding CODEOWNERS line, and warns on lines GitHub skips", () => {
    const repo = repoWith({ ".github/CODEOWNERS": CODEOWNERS, CODEOWNERS: "* @someone-else" });
    const result = owners(["requests/gcp/prod/db.yaml", "./README.md", "requests/sandbox/a.yaml", "requests/vendor/x.yaml"], repo);
    expect(result).toEqual({
      code: 0,
      stdout: [
        "requests/gcp/prod/db.yaml  @acme/sre @alice  (.github/CODEOWNERS:3)",
        "README.md                  @acme/platform  (.github/CODEOWNERS:2)",
        "requests/sandbox/a.yaml    (no owners)  (.github/CODEOWNERS:4)",
        "requests/vendor/x.yaml     @carol vendor@example.com  (.github/CODEOWNERS:6)",
        "",
      ].join("\n"),
      stderr:
        "warning: .github/CODEOWNERS:5:1: invalid pattern '!requests/azure/': negation with '!' is not supported in CODEOWNERS; list the paths you want owned instead (GitHub skips this line)\n",
    });
  });

  it("prints JSON with a null line when no line matched", () => {
    const repo = repoWith({ "docs/CODEOWNERS": "/requests/ @alice\n" });
    const result = owners(["--format", "json", "requests/a.yaml", "README.md"], repo);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([
      { path: "requests/a.yaml", owners: ["@alice"], line: 1 },
      { path: "README.md", owners: [], line: null },
    ]);
  });

  it("reads --codeowners and --repo relative to the working directory", () => {
    const dir = repoWith({ "team/OWNERS.txt": "*.yaml @bob\n", "access/CODEOWNERS": "* @carol\n" });
    expect(owners(["--codeowners", "team/OWNERS.txt", "x.yaml"], dir).stdout).toBe("x.yaml  @bob  (team/OWNERS.txt:1)\n");
    expect(owners(["--repo", "access", "x.yaml", "deep/y"], dir).stdout).toBe("x.yaml  @carol  (CODEOWNERS:1)\ndeep/y  @carol  (CODEOWNERS:1)\n");
    expect(owners(["--repo", "team", "--codeowners", "team/OWNERS.txt", "a.md"], dir).stdout).toBe("a.md  (no owners)\n");
  });

  it.each([
    { args: [], message: "access-pr owners: no PATH given: name at least one repository path, e.g. requests/gcp/prod/db.yaml" },
    { args: ["--owner", "x"], message: "access-pr owners: unknown option '--owner': the options are --codeowners, --repo, --format and --help" },
    { args: ["x", "--format"], message: "access-pr owners: Option '--format <value>' argument missing" },
    { args: ["--format", "yaml", "x"], message: "access-pr owners: unknown format 'yaml': use --format text or --format json" },
    { args: ["--codeowners", "nope/CODEOWNERS", "x"], message: "access-pr owners: cannot read the CODEOWNERS file 'nope/CODEOWNERS': it does not exist or is not a file" },
  ])("exits 2 on a usage error: $args", ({ args, message }) => {
    const result = owners(args, repoWith({ CODEOWNERS: "* @a" }));
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.split("\n")[0]).toBe(message);
    expect(result.stderr).toContain("usage: access-pr owners [--codeowners FILE] [--repo DIR] [--format text|json] PATH...");
  });

  it("exits 2 when the repository has no CODEOWNERS", () => {
    const repo = repoWith({ "github/CODEOWNERS": "* @a" });
    const result = owners(["x"], repo);
    expect(result.code).toBe(2);
    expect(result.stderr.split("\n")[0]).toBe(
      `access-pr owners: no CODEOWNERS in ${repo}: looked for .github/CODEOWNERS, CODEOWNERS, docs/CODEOWNERS; pass --codeowners FILE to use another file`,
    );
  });

  it("ignores a CODEOWNERS of 3 MB or more, as GitHub does, and says so", () => {
    const repo = repoWith({ CODEOWNERS: `* @alice\n${"#".repeat(3 * 1024 * 1024)}` });
    const result = owners(["a.txt"], repo);
    expect(result).toEqual({
      code: 0,
      stdout: "a.txt  (no owners)\n",
      stderr:
        "warning: CODEOWNERS is 3145737 bytes; GitHub ignores a CODEOWNERS file of 3 MB or more, so no path has code owners. Split ownership into broader patterns to shrink it.\n",
    });
  });

  it("shows its help on --help", () => {
    const result = owners(["--help"], repoWith({}));
    expect(result.code).toBe(0);
    expect(result.stdout.split("\n")[0]).toBe("usage: access-pr owners [--codeowners FILE] [--repo DIR] [--format text|json] PATH...");
  });
});
