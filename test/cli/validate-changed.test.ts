// What the scaffolded workflow runs: `validate --changed-from BASE` judges the
// policies, identities and CODEOWNERS in full, and only the request files the
// pull request adds or changes, as its author.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const NOW = "2026-11-24T08:00:00Z";
const ALICE = "requests/gcp/prod/alice-inc-4711.yaml";
const BROKEN = "requests/gcp/prod/bob-broken.yaml";

function git(dir: string, ...args: string[]): string {
  const result = spawnSync("git", ["-C", dir, "-c", "user.name=t", "-c", "user.email=t@example.invalid", ...args], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`git ${args.join(" ")}: ${result.stderr}`);
  return result.stdout.trim();
}

/** main: the example policies, CODEOWNERS, and a broken request someone else left there. Returns the repo and main's sha. */
function accessRepo(): { dir: string; base: string } {
  const dir = mkdtempSync(join(tmpdir(), "access-repo-"));
  cpSync(join(root, "access-policies"), join(dir, "access-policies"), { recursive: true });
  mkdirSync(join(dir, ".github"));
  writeFileSync(join(dir, ".github/CODEOWNERS"), "* @acme/security\n/requests/ @acme/sre\n");
  mkdirSync(join(dir, "requests/gcp/prod"), { recursive: true });
  cpSync(join(root, "test/fixtures/model/bad-owner.yaml"), join(dir, BROKEN));
  git(dir, "init", "-q", "-b", "main");
  git(dir, "add", "-A");
  git(dir, "commit", "-qm", "base");
  return { dir, base: git(dir, "rev-parse", "HEAD") };
}

function commit(dir: string, message: string): void {
  git(dir, "add", "-A");
  git(dir, "commit", "-qm", message);
}

function validate(dir: string, args: string[]) {
  const result = spawnSync(process.execPath, [join(root, "dist/cli/main.js"), "validate", "--now", NOW, ...args], { cwd: dir, env: { PATH: process.env.PATH ?? "" }, encoding: "utf8" });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("access-pr validate --changed-from", () => {
  it("checks only the request the pull request adds, not a broken one already on main", () => {
    const { dir, base } = accessRepo();
    cpSync(join(root, "test/fixtures/model/requests/gcp/prod/alice-inc-4711.yaml"), join(dir, ALICE));
    commit(dir, "alice asks");

    const all = validate(dir, ["--requester", "alice"]);
    expect(all.code).toBe(1);
    expect(all.stdout).toContain(`${BROKEN}:`);

    const changed = validate(dir, ["--changed-from", base, "--requester", "alice", "--teams", "acme/payments-eng"]);
    expect(changed.stderr).toBe("");
    expect(changed.stdout).toContain(`${ALICE}: valid`);
    expect(changed.stdout).not.toContain(BROKEN);
    expect(changed.stdout).toContain("1 request file checked: 1 valid, 0 invalid");
    expect(changed.code).toBe(0);
  });

  it("passes a policy-only change by security without judging anyone's request as theirs", () => {
    const { dir, base } = accessRepo();
    writeFileSync(join(dir, "access-policies/notes.md"), "why the rules are as they are\n");
    commit(dir, "security edits");
    const result = validate(dir, ["--changed-from", base, "--requester", "carol"]);
    expect(result.stdout).toContain(`note: no request file under requests/ was added or changed since ${base}`);
    expect(result.code).toBe(0);
  });

  it("still validates the policies in full, and fails on a broken one", () => {
    const { dir, base } = accessRepo();
    writeFileSync(join(dir, "access-policies/broken.yaml"), "version: 1\nrules:\n  - name: x\n    max_duration: forever\n");
    commit(dir, "break a policy");
    const result = validate(dir, ["--changed-from", base, "--requester", "carol"]);
    expect(result.stdout).toMatch(/^access-policies\/broken\.yaml:\d+:\d+: /m);
    expect(result.code).toBe(1);
  });

  it("reports a CODEOWNERS line GitHub would skip, at its line", () => {
    const { dir, base } = accessRepo();
    writeFileSync(join(dir, ".github/CODEOWNERS"), "* @acme/security\n/requests/ not-an-owner\n");
    commit(dir, "break CODEOWNERS");
    const result = validate(dir, ["--changed-from", base, "--requester", "carol"]);
    expect(result.stdout).toMatch(/^\.github\/CODEOWNERS:2:\d+: .*\(GitHub skips this line, so its owners are not required\)$/m);
    expect(result.code).toBe(1);
  });

  it("does not validate a request file the pull request deletes", () => {
    const { dir, base } = accessRepo();
    rmSync(join(dir, BROKEN));
    commit(dir, "end bob's access");
    const result = validate(dir, ["--changed-from", base, "--requester", "bob"]);
    expect(result.stdout).not.toContain(BROKEN);
    expect(result.code).toBe(0);
  });

  it("exits 2 with a fix when the base commit is not in the checkout", () => {
    const { dir } = accessRepo();
    const result = validate(dir, ["--changed-from", "0123456789abcdef0123456789abcdef01234567"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("check out with fetch-depth: 0 so the base commit is present");
  });

  it("accepts --format human as another name for text, and says so", () => {
    const { dir, base } = accessRepo();
    const human = validate(dir, ["--changed-from", base, "--format", "human"]);
    const text = validate(dir, ["--changed-from", base, "--format", "text"]);
    expect(human.stdout).toBe(text.stdout);
    expect(human.stderr).toBe('note: --format human is now called --format text; "human" still works\n');
    expect(text.stderr).toBe("");
  });
});
