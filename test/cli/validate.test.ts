// `access-pr validate` as a user runs it: a spawned process on a working copy of an access repo.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { SEVERAL_PROBLEMS, severalProblemsFound } from "../helpers/several-problems.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const NOW = "2026-11-24T08:00:00Z";
const SKIPPED = "requester checks skipped: no --requester given and GITHUB_ACTOR is not set, so who may request under each rule and whose identity is granted were not checked";
const OWNER_REFUSED = "grant 1 (gcp roles/owner on projects/payments-prod): roles/owner is a basic role: access-pr never grants basic roles (and IAM allows no expiry condition on them); request a predefined or custom role that covers the task (e.g. roles/cloudsql.client)";

/** A fresh access repo: the example policies plus the fixture requests, and the bad file when asked. */
function accessRepo(options: { bad?: boolean } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "access-repo-"));
  cpSync(join(root, "access-policies"), join(dir, "access-policies"), { recursive: true });
  cpSync(join(root, "test/fixtures/model/requests"), join(dir, "requests"), { recursive: true });
  if (options.bad) cpSync(join(root, "test/fixtures/model/bad-owner.yaml"), join(dir, "requests/gcp/prod/bad-owner.yaml"));
  return dir;
}

function cli(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  const env: Record<string, string> = { PATH: process.env.PATH ?? "", ...options.env };
  const result = spawnSync(process.execPath, [join(root, "dist/cli/main.js"), "validate", ...args], { cwd: options.cwd ?? root, env, encoding: "utf8" });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("access-pr validate", () => {
  it("exits 0 and shows what a merge would grant for a valid repo", () => {
    const repo = accessRepo();
    const result = cli(["--requester", "alice", "--teams", "acme/payments-eng", "--now", NOW], { cwd: repo });
    expect(result).toEqual({
      code: 0,
      stderr: "",
      stdout: [
        "requests/azure/alice-reader.yaml: valid",
        "  grant 1: azure Reader on /subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/payments for alice (00000000-0000-0000-0000-0000000000a1), 3 hours via Azure PIM, rule azure-payments-pim",
        "  needs 1 approval from acme/sre (rule azure-payments-pim), on top of CODEOWNERS",
        "requests/gcp/prod/alice-inc-4711.yaml: valid",
        "  grant 1: gcp roles/cloudsql.client on projects/payments-prod for alice (user:alice@acme.example), 2 hours, rule payments-prod-db",
        "  needs 1 approval from acme/sre (rule payments-prod-db), on top of CODEOWNERS",
        "2 request files checked: 2 valid, 0 invalid",
        "",
      ].join("\n"),
    });
  });

  it("says plainly when requester checks were skipped", () => {
    const result = cli(["--repo", accessRepo(), "requests/gcp"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        "requests/gcp/prod/alice-inc-4711.yaml: valid",
        "  grant 1: gcp roles/cloudsql.client on projects/payments-prod for the requester, 2 hours, rule payments-prod-db",
        "  needs 1 approval from acme/sre (rule payments-prod-db), on top of CODEOWNERS",
        `note: ${SKIPPED}`,
        "1 request file checked: 1 valid, 0 invalid",
        "",
      ].join("\n"),
    );
  });

  it("takes the requester from GITHUB_ACTOR and exits 1 when they may not request", () => {
    // --teams "" says erin is in no team; no prod rule names her.
    const result = cli(["--repo", accessRepo(), "--now", NOW, "--teams", "", "requests/gcp/prod/alice-inc-4711.yaml"], { env: { GITHUB_ACTOR: "erin" } });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      [
        'requests/gcp/prod/alice-inc-4711.yaml:6:5: grant 1 (gcp roles/cloudsql.client on projects/payments-prod): erin may not request under rule "payments-prod-db"; it is open to acme/payments-eng, acme/sre',
        "1 request file checked: 0 valid, 1 invalid",
        "",
      ].join("\n"),
    );
  });

  it("without --teams, trusts team-based eligibility to the app and says so", () => {
    const result = cli(["--repo", accessRepo(), "--now", NOW, "--requester", "alice", "requests/gcp/prod/alice-inc-4711.yaml"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      "note: team membership not checked: alice may request under any rule open to a team; pass --teams ORG/TEAM,... to check it (the app checks it on the pull request)\n",
    );
  });

  it("exits 1 with file:line:col messages for an invalid file", () => {
    const result = cli(["--repo", accessRepo({ bad: true }), "--requester", "alice", "--teams", "acme/payments-eng", "requests/gcp/prod/bad-owner.yaml"]);
    expect(result).toEqual({
      code: 1,
      stderr: "",
      stdout: [
        'requests/gcp/prod/bad-owner.yaml:2:1: unknown field "duraton" in the request; did you mean "duration"?',
        // The unknown field does not hide the policy checks of the grants.
        `requests/gcp/prod/bad-owner.yaml:6:11: ${OWNER_REFUSED}`,
        "1 request file checked: 0 valid, 1 invalid",
        "",
      ].join("\n"),
    });
  });

  it("prints every independent problem of a file in one run, each at file:line:col", () => {
    const repo = accessRepo();
    writeFileSync(join(repo, "requests/gcp/prod/zed-inc-4711.yaml"), SEVERAL_PROBLEMS.join("\n") + "\n");
    const result = cli(["--repo", repo, "--requester", "zed", "--teams", "acme/payments-eng", "--now", NOW, "requests/gcp/prod/zed-inc-4711.yaml"]);
    expect(result).toEqual({
      code: 1,
      stderr: "",
      stdout: [...severalProblemsFound("zed").map(([line, column, message]) => `requests/gcp/prod/zed-inc-4711.yaml:${line}:${column}: ${message}`), "1 request file checked: 0 valid, 1 invalid", ""].join("\n"),
    });
  });

  it("prints JSON with problems, grants and windows", () => {
    const result = cli(["--repo", accessRepo({ bad: true }), "--format", "json", "--now", NOW, "--requester", "alice", "--teams", "acme/payments-eng"]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as Record<string, unknown> & { files: { path: string; valid: boolean; grants: { rule: string; window: unknown }[] }[] };
    expect(report).toMatchObject({
      valid: false,
      requester: "alice",
      requesterChecked: true,
      notes: [],
      summary: "3 request files checked: 2 valid, 1 invalid",
      problems: [
        { file: "requests/gcp/prod/bad-owner.yaml", line: 2, column: 1, message: 'unknown field "duraton" in the request; did you mean "duration"?' },
        { file: "requests/gcp/prod/bad-owner.yaml", line: 6, column: 11, grant: 0, message: OWNER_REFUSED },
      ],
    });
    expect(report.files.map((file) => [file.path, file.valid, file.grants.map((grant) => [grant.rule, grant.window])])).toEqual([
      ["requests/azure/alice-reader.yaml", true, [["azure-payments-pim", { start: "2026-11-24T08:00:00.000Z", end: "2026-11-24T11:00:00.000Z" }]]],
      ["requests/gcp/prod/alice-inc-4711.yaml", true, [["payments-prod-db", { start: "2026-11-24T08:00:00.000Z", end: "2026-11-24T10:00:00.000Z" }]]],
      ["requests/gcp/prod/bad-owner.yaml", false, []],
    ]);
  });

  it("prints GitHub workflow annotations, escaping what the format requires", () => {
    const repo = accessRepo();
    writeFileSync(join(repo, "requests/gcp/prod/odd,name.yaml"), "reason: 100%\ngrants:\n  - provider: gcp\n    scope: projects/payments-prod\n    role: roles/owner\n");
    const result = cli(["--format", "github", "requests/gcp/prod/odd,name.yaml"], { cwd: repo });
    expect(result).toEqual({
      code: 1,
      stderr: "",
      stdout: [
        `::error file=requests/gcp/prod/odd%2Cname.yaml,line=5,col=11,title=access-pr::${OWNER_REFUSED}`,
        `::notice title=access-pr::${SKIPPED}`,
        "1 request file checked: 0 valid, 1 invalid",
        "",
      ].join("\n"),
    });
  });

  it("exits 1 when the policies themselves are broken", () => {
    const repo = accessRepo();
    writeFileSync(join(repo, "access-policies/broken.yaml"), "version: 1\nrules: []\n");
    const result = cli(["--requester", "alice", "--teams", "acme/payments-eng"], { cwd: repo });
    expect(result.code).toBe(1);
    expect(result.stdout.split("\n")[0]).toBe('access-policies/broken.yaml:2:8: "rules" must list at least 1 item');
    expect(result.stdout).toContain("2 request files checked: 2 valid, 0 invalid; the policies have 1 problem\n");
  });

  it("exits 0 with a note when there is nothing to check", () => {
    const dir = mkdtempSync(join(tmpdir(), "access-repo-"));
    cpSync(join(root, "access-policies"), join(dir, "access-policies"), { recursive: true });
    expect(cli(["--requester", "alice", "--teams", "acme/payments-eng"], { cwd: dir })).toEqual({
      code: 0,
      stderr: "",
      stdout: "note: no request files found under requests/\n0 request files checked: 0 valid, 0 invalid\n",
    });
  });

  it("shows its help and exits 0", () => {
    const result = cli(["--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("usage: access-pr validate [paths...] [options]");
  });

  it.each([
    [["--format", "xml"], 'access-pr validate: --format must be text, json or github, not "xml"'],
    [["--bogus"], "access-pr validate: Unknown option '--bogus'"],
    [["--now", "tomorrow"], 'access-pr validate: --now "tomorrow" is not a date and time; write it like 2026-11-24T08:00:00Z'],
    [["requests/nope.yaml"], "does not exist"],
    [["--repo", "/"], "access-pr validate: / is not an access repo: access-policies/ not found (use --repo DIR)"],
  ])("exits 2 on a usage error: %j", (args, message) => {
    const result = cli(args, { cwd: accessRepo() });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain("exit codes: 0 valid, 1 invalid, 2 usage error");
  });
});
