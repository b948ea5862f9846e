import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { run } from "../../src/cli/init.js";
import type { CliIo } from "../../src/cli/io.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const temps: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "access-pr-init-"));
  temps.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function cli(args: string[], cwd = repoRoot) {
  const result = spawnSync(process.execPath, [join(repoRoot, "dist/cli/main.js"), ...args], { cwd, encoding: "utf8", env: { PATH: process.env.PATH } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function runInProcess(args: string[], cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), cwd, env: {} };
  const code = await run(args, io);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

const SCAFFOLD = [
  ".github/CODEOWNERS",
  ".github/pull_request_template.md",
  ".github/workflows/access-pr-validate.yml",
  "access-policies/example.yaml",
  "access-policies/identities.yaml",
  "requests/README.md",
  ".gitignore",
];

describe("access-pr init (process)", () => {
  it("scaffolds an access repo that access-pr validate accepts", () => {
    const dir = join(tempDir(), "access");
    const init = cli(["init", dir]);
    expect(init.stderr).toBe("");
    expect(init.code).toBe(0);
    expect(init.stdout).toContain(`Scaffolded an access repo in ${dir}:\n${SCAFFOLD.map((p) => `  created      ${p}`).join("\n")}\n`);
    expect(init.stdout).toContain(`       access-pr validate --repo ${dir}\n`);
    for (const path of SCAFFOLD) expect(existsSync(join(dir, path)), path).toBe(true);

    const validate = cli(["validate", "--repo", dir]);
    expect(validate.stderr).toBe("");
    expect(validate.code).toBe(0);
    expect(validate.stdout).toContain("0 request files checked: 0 valid, 0 invalid");
  });

  it("documents a request in requests/README.md that the example policy allows", () => {
    const dir = tempDir();
    expect(cli(["init", dir]).code).toBe(0);
    const readme = readFileSync(join(dir, "requests/README.md"), "utf8");
    const example = /```yaml\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
    mkdirSync(join(dir, "requests/prod/gcp"), { recursive: true });
    writeFileSync(join(dir, "requests/prod/gcp/2026-11-24-octocat-inc-4711.yaml"), example);

    const validate = cli(["validate", "--repo", dir, "--requester", "octocat", "--teams", "your-org/engineering", "--now", "2026-11-24T07:00:00Z"]);
    expect(validate.stdout).toBe(
      [
        "requests/prod/gcp/2026-11-24-octocat-inc-4711.yaml: valid",
        "  grant 1: gcp roles/cloudsql.client on projects/example-payments-prod for octocat (user:octocat@example.com), 2 hours, rule prod-gcp-db",
        "  needs 1 approval from your-org/sre (rule prod-gcp-db), on top of CODEOWNERS",
        "1 request file checked: 1 valid, 0 invalid",
        "",
      ].join("\n"),
    );
    expect(validate.code).toBe(0);

    // What the scaffolded workflow runs in Actions: the PR author as requester, teams unknown.
    const workflow = spawnSync(process.execPath, [join(repoRoot, "dist/cli/main.js"), "validate", "--format", "github", "--requester", "octocat"], {
      cwd: dir,
      encoding: "utf8",
      env: { PATH: process.env.PATH, GITHUB_ACTOR: "someone-else" },
    });
    expect(workflow.stdout).toContain("1 request file checked: 1 valid, 0 invalid");
    expect(workflow.stdout).toContain("team membership not checked: octocat may request under any rule open to a team; pass --teams ORG/TEAM,... to check it (the app checks it on the pull request)");
    expect(workflow.status).toBe(0);
  });

  it("ships no example that names a fixed start, so the scaffold never expires", () => {
    const dir = tempDir();
    expect(cli(["init", dir]).code).toBe(0);
    for (const path of SCAFFOLD) {
      const text = readFileSync(join(dir, path), "utf8");
      expect(text, path).not.toMatch(/^\s*start:\s*["']?\d{4}-/m);
    }
    const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
    expect(readme).not.toMatch(/^\s*start:\s*["']?\d{4}-/m);
  });

  it("refuses a directory that is not empty and leaves its files alone", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "notes.txt"), "mine");
    const init = cli(["init", dir]);
    expect(init.code).toBe(2);
    expect(init.stdout).toBe("");
    expect(init.stderr).toBe(
      `access-pr init: ${dir} is not empty (notes.txt). Run access-pr init in an empty directory, or add --force to write the scaffold into it and overwrite files of the same name.\n`,
    );
    expect(existsSync(join(dir, ".github"))).toBe(false);
    expect(readFileSync(join(dir, "notes.txt"), "utf8")).toBe("mine");
  });

  it("writes into a non-empty directory with --force, overwriting only the scaffold's files", () => {
    const dir = tempDir();
    mkdirSync(join(dir, ".github"));
    writeFileSync(join(dir, ".github/CODEOWNERS"), "* @someone\n");
    writeFileSync(join(dir, "notes.txt"), "mine");
    const init = cli(["init", dir, "--force"]);
    expect(init.code).toBe(0);
    expect(init.stdout).toContain("  overwritten  .github/CODEOWNERS\n");
    expect(init.stdout).toContain("  created      access-policies/example.yaml\n");
    expect(readFileSync(join(dir, ".github/CODEOWNERS"), "utf8")).toContain("/access-policies/      @your-org/security");
    expect(readFileSync(join(dir, "notes.txt"), "utf8")).toBe("mine");
    expect(cli(["validate", "--repo", dir]).code).toBe(0);
  });

  it("scaffolds into the current directory by default", () => {
    const dir = tempDir();
    const init = cli(["init"], dir);
    expect(init.code).toBe(0);
    expect(init.stdout).toContain("Scaffolded an access repo in .:\n");
    expect(init.stdout).toContain("       access-pr validate\n");
    expect(existsSync(join(dir, "access-policies/example.yaml"))).toBe(true);
  });
});

describe("access-pr init (options)", () => {
  it("fills the organization's teams in with --org", async () => {
    const dir = tempDir();
    const result = await runInProcess(["--org", "acme"], dir);
    expect(result.code).toBe(0);
    const codeowners = readFileSync(join(dir, ".github/CODEOWNERS"), "utf8");
    expect(codeowners).toContain("/access-policies/      @acme/security\n");
    expect(codeowners).toContain("/requests/nonprod/     @acme/platform\n/requests/prod/        @acme/sre\n");
    const policy = readFileSync(join(dir, "access-policies/example.yaml"), "utf8");
    expect(policy).toContain('approvers: { teams: ["acme/sre"], min: 1 }');
    for (const path of SCAFFOLD) expect(readFileSync(join(dir, path), "utf8"), path).not.toContain("your-org");
    expect(result.out).toContain("  1. Create the teams acme/security, acme/sre, acme/platform and acme/engineering, or edit");
  });

  it("points editors at the packaged schemas", async () => {
    const dir = tempDir();
    expect((await runInProcess([], dir)).code).toBe(0);
    expect(readFileSync(join(dir, ".github/workflows/access-pr-validate.yml"), "utf8")).not.toContain("npx");
    expect(readFileSync(join(dir, "access-policies/example.yaml"), "utf8").split("\n")[0]).toBe(
      "# yaml-language-server: $schema=../node_modules/access-pr/dist/schemas/policy.schema.json",
    );
    expect(existsSync(join(repoRoot, "src/schemas/policy.schema.json"))).toBe(true);
    expect(readFileSync(join(dir, "access-policies/identities.yaml"), "utf8").split("\n")[0]).toBe(
      "# yaml-language-server: $schema=../node_modules/access-pr/dist/schemas/identities.schema.json",
    );
  });

  it("treats a fresh clone holding only .git as empty", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, ".git"));
    expect((await runInProcess([dir], dir)).code).toBe(0);
  });

  it.each([
    [["--org", "acme_corp"], 'access-pr init: --org "acme_corp" is not a GitHub organization name: use letters, digits and single hyphens, at most 39 characters, e.g. --org acme.', false],
    [["--org=acme-"], 'access-pr init: --org "acme-" is not a GitHub organization name: use letters, digits and single hyphens, at most 39 characters, e.g. --org acme.', false],
    [["one", "two"], "access-pr init: give at most one directory, got 2: one two", true],
    [["--owner", "acme"], "access-pr init: Unknown option '--owner'", true],
    [["--action-ref", "acme/access-pr@v1"], 'access-pr init: --action-ref "acme/access-pr@v1": "v1" is not a full commit sha (40 lowercase hex digits); a tag or branch can be moved to other code, a commit cannot', false],
    [["--action-ref", "access-pr"], 'access-pr init: --action-ref "access-pr" is not OWNER/REPO@SHA, e.g. --action-ref acme/access-pr@<40-hex commit sha>', false],
    [["--org"], "access-pr init: Option '--org <value>' argument missing", true],
  ])("exits 2 on %j", async (args, message, showsUsage) => {
    const dir = tempDir();
    const result = await runInProcess(args, dir);
    expect(result.code).toBe(2);
    expect(result.err.split("\n")[0]).toContain(message);
    expect(result.err.includes("usage: access-pr init [DIR] [--org NAME] [--action-ref OWNER/REPO@SHA] [--force]")).toBe(showsUsage);
    expect(existsSync(join(dir, ".github"))).toBe(false);
  });

  it("exits 2 when the target is a file", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "file"), "");
    const result = await runInProcess(["file"], dir);
    expect(result.code).toBe(2);
    expect(result.err).toBe(`access-pr init: ${join(dir, "file")} is a file, not a directory: give a directory for the new access repo.`);
  });

  it("prints its usage with --help", async () => {
    const result = await runInProcess(["--help"], tempDir());
    expect(result.code).toBe(0);
    expect(result.out.split("\n")[0]).toBe("usage: access-pr init [DIR] [--org NAME] [--action-ref OWNER/REPO@SHA] [--force]");
  });
});
