// What README.md says about the command line, checked against the built CLI a user runs.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const readme = readFileSync(join(root, "README.md"), "utf8");
const COMMANDS = ["validate", "owners", "init", "doctor", "sandbox"];

function cli(args: string[], cwd = root) {
  const result = spawnSync(process.execPath, [join(root, "dist/cli/main.js"), ...args], { cwd, env: { PATH: process.env.PATH ?? "" }, encoding: "utf8" });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .filter((path) => !path.startsWith(".git/"))
    .sort();
}

describe("README: every command", () => {
  it("prints the package version with --version", () => {
    const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
    expect(cli(["--version"])).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
  });

  it.each(COMMANDS)("%s takes --help, and `access-pr help` with its name prints the same", (command) => {
    const direct = cli([command, "--help"]);
    expect(direct.code).toBe(0);
    expect(direct.stdout.startsWith(`usage: access-pr ${command}`)).toBe(true);
    expect(cli(["help", command])).toEqual(direct);
  });

  it("exits 2 on a usage error, naming the commands", () => {
    const unknown = cli(["grant"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("access-pr: unknown command 'grant'.");
    for (const command of COMMANDS) expect(unknown.stderr).toContain(`  ${command} `);
    expect(unknown.stderr).toContain("0  success");
    expect(unknown.stderr).toContain("3  unexpected error");
  });

  it('accepts --format human as text wherever a command has --format (validate, owners, doctor)', () => {
    const repo = mkdtempSync(join(tmpdir(), "readme-claims-"));
    expect(cli(["init", repo, "--org", "acme"]).code).toBe(0);
    for (const args of [["validate", "--repo", repo], ["owners", "--repo", repo, "requests/prod/a.yaml"]]) {
      const text = cli([...args, "--format", "text"]);
      const human = cli([...args, "--format", "human"]);
      expect(text.code).toBe(0);
      expect(human.stdout).toBe(text.stdout);
      expect(human.code).toBe(0);
    }
    // doctor checks its options before it needs credentials: human passes that check, yaml does not.
    expect(cli(["doctor", "--repo", "acme/access", "--format", "human"]).stderr).toContain("set APP_ID and PRIVATE_KEY");
    expect(cli(["doctor", "--repo", "acme/access", "--format", "yaml"]).stderr).toContain('--format must be text or json, not "yaml"');
  });
});

describe("README: access-pr init", () => {
  it("writes exactly the files the README lists, and the scaffold validates as is", () => {
    const repo = mkdtempSync(join(tmpdir(), "readme-init-"));
    expect(cli(["init", "--org", "acme"], repo).code).toBe(0);
    const written = filesUnder(repo);
    expect(written).toEqual([
      ".github/CODEOWNERS",
      ".github/pull_request_template.md",
      ".github/workflows/access-pr-validate.yml",
      ".gitignore",
      "access-policies/example.yaml",
      "access-policies/identities.yaml",
      "requests/README.md",
    ]);
    const section = readme.slice(readme.indexOf("### 1. Scaffold the access repo"), readme.indexOf("### 2. Create the GitHub App"));
    for (const path of written.filter((p) => p !== ".github/pull_request_template.md")) expect(section).toContain(`\`${path}\``);
    expect(section).toContain("a pull request template");
    expect(cli(["validate"], repo).code).toBe(0);
  });

  it("refuses a directory that already holds files with exit 2, and --force writes into it", () => {
    const repo = mkdtempSync(join(tmpdir(), "readme-init-"));
    writeFileSync(join(repo, "notes.txt"), "mine\n");
    expect(cli(["init", "--org", "acme"], repo).code).toBe(2);
    expect(cli(["init", "--org", "acme", "--force"], repo).code).toBe(0);
    expect(readFileSync(join(repo, "notes.txt"), "utf8")).toBe("mine\n");
  });
});
