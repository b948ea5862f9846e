import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIo } from "../../src/cli/io.js";
import { run } from "../../src/cli/sandbox.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const ALICE_FILE = "requests/prod/2026-11-24-alice-inc-4711.yaml";
const DAVE_FILE = "requests/prod/2026-11-24-dave-chg-2210.yaml";
const temps: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "access-pr-sandbox-"));
  temps.push(dir);
  return dir;
}

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Spawns `node dist/cli/main.js sandbox ...` in `cwd`; `onOutput` may act on the output as it arrives. */
function sandbox(args: string[], cwd: string, onOutput?: (stdout: string, child: ReturnType<typeof spawn>) => void): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, "dist/cli/main.js"), "sandbox", ...args], { cwd, env: { PATH: process.env.PATH } });
    let stdout = "";
    let stderr = "";
    const limit = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the sandbox did not finish within 90 s; output so far:\n${stdout}\n${stderr}`));
    }, 90_000);
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
      onOutput?.(stdout, child);
    });
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("close", (code) => {
      clearTimeout(limit);
      resolve({ code, stdout, stderr });
    });
  });
}

function git(repo: string, args: string[]): string {
  return execFileSync("git", ["-C", repo, ...args], { encoding: "utf8", env: { PATH: process.env.PATH, TZ: "UTC" } });
}

afterAll(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("access-pr sandbox, run as a process", () => {
  let cwd: string;
  let result: Finished;
  let bare: string;

  beforeAll(async () => {
    cwd = tempDir();
    result = await sandbox([], cwd);
    bare = join(cwd, ".sandbox/github/acme/access.git");
  }, 120_000);

  it("plays the whole story and exits 0", () => {
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Every step happened for real: the app answered each one.");
    expect(result.stdout).not.toContain("the app did not answer");
    expect(result.stdout).not.toContain("✗ after");
  });

  it.each([
    "✓ alice's 8h request was refused by the policy (access-pr / validation failed)",
    "✓ the fixed request passed validation",
    "✓ bob's approval turned access-pr / approval green",
    "✓ after the merge alice held roles/cloudsql.client in GCP and Reader in Azure",
    "✓ when the window ended alice's roles were gone from both clouds",
    `✓ the app merged a revert of PR #1 (${ALICE_FILE} is gone from main)`,
    "✓ after the merge dave held both roles",
    "✓ after /revoke dave's roles were removed from both clouds at once, not at 14:23 UTC",
    `✓ ${DAVE_FILE} is gone from main (revert merged)`,
  ])("shows: %s", (line) => {
    expect(result.stdout).toContain(line);
  });

  it("ends with the outcomes the README promises, word for word", () => {
    const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
    const excerpt = /A good run ends with:\n\n\s*```\n([\s\S]*?)\n\s*```/.exec(readme)?.[1];
    const promised = (excerpt ?? "").split("\n").map((line) => line.trim());
    expect(promised).toHaveLength(9);
    const shown = result.stdout.slice(result.stdout.indexOf("What this run showed")).split("\n").map((line) => line.trim()).filter((line) => line.startsWith("✓") || line.startsWith("✗"));
    expect(shown).toEqual(promised);
  });

  it("shows the grants held with their expiry built into each cloud, then gone", () => {
    expect(result.stdout).toContain('GCP         ✓ alice holds roles/cloudsql.client on projects/payments-prod while request.time < timestamp("2026-11-24T10:30:00Z")');
    expect(result.stdout).toContain("Azure       ✓ alice holds Reader on /subscriptions/5f0c2b6e-8d1a-4f3e-9c77-2a1b3c4d5e6f/resourceGroups/payments until 10:30 UTC (PIM ends it by itself)");
    expect(result.stdout).toContain("GCP         · alice holds nothing on projects/payments-prod");
    expect(result.stdout).toContain("GCP         · dave holds nothing on projects/payments-prod");
  });

  it("leaves the access repo on disk, where git log shows both requests merged and then removed from main", () => {
    const trail = git(bare, ["log", "--first-parent", "--reverse", "--format=%an|%s", "main"]).split("\n").filter(Boolean);
    expect(trail.map((line) => line.replace(/ from acme\/.*$/, ""))).toEqual([
      "Carol|Initial commit",
      "Alice|Merge pull request #1",
      "access-pr[bot]|Merge pull request #2",
      "Dave|Merge pull request #3",
      "access-pr[bot]|Merge pull request #4",
    ]);
    const deleted = git(bare, ["log", "--diff-filter=D", "--name-only", "--format=", "main"]).split("\n").filter(Boolean);
    expect(deleted.sort()).toEqual([ALICE_FILE, DAVE_FILE].sort());
    expect(git(bare, ["ls-tree", "-r", "--name-only", "main", "requests/"]).split("\n").filter(Boolean)).toEqual(["requests/README.md"]);
  });

  it("prints the git command that shows the audit trail, and that command works from the same directory", () => {
    const command = "TZ=UTC git -C .sandbox/github/acme/access.git log --first-parent --stat --date=iso-local main";
    expect(result.stdout).toContain(command);
    const log = execFileSync("sh", ["-c", command], { cwd, encoding: "utf8" });
    expect(log).toContain("Merge pull request #1");
    expect(log).toMatch(new RegExp(`${ALICE_FILE} \\| 10 -{10}\n`));
  });

  it("ends by printing the audit of its own story: each grant with its approver, grant time and how it ended, to the second", () => {
    const section = result.stdout.slice(result.stdout.indexOf("Audit: access-pr audit --repo acme/access"), result.stdout.indexOf("What it took"));
    const lines = section.split("\n").map((line) => line.trim()).filter((line) => line.startsWith("#") || line.startsWith("approved by"));
    const azure = "azure Reader on /subscriptions/5f0c2b6e-8d1a-4f3e-9c77-2a1b3c4d5e6f/resourceGroups/payments";
    expect(lines).toEqual([
      `#1 alice → 3f2504e0-4f89-41d3-9a0c-0305e82c3301: ${azure}`,
      "approved by bob; granted 2026-11-24T08:30:00Z, ended 2026-11-24T10:30:00Z (expired, revert #2)",
      "#1 alice → user:alice@acme.example: gcp roles/cloudsql.client on projects/payments-prod",
      "approved by bob; granted 2026-11-24T08:30:00Z, ended 2026-11-24T10:30:00Z (expired, revert #2)",
      `#3 dave → b2d4f6a8-1c3e-4a5b-9d7f-8e6c4a2b0d1f: ${azure}`,
      "approved by erin; granted 2026-11-24T11:23:00Z, ended 2026-11-24T11:58:00Z (revoked, by dave, revert #4)",
      "#3 dave → user:dave@acme.example: gcp roles/cloudsql.client on projects/payments-prod",
      "approved by erin; granted 2026-11-24T11:23:00Z, ended 2026-11-24T11:58:00Z (revoked, by dave, revert #4)",
    ]);
    expect(section).toMatch(/\d+ GitHub API calls, for 2 recorded merges\./);
  });

  it("ends with the API calls per service, each cloud called", () => {
    expect(result.stdout).toMatch(/GitHub {2}\d+ calls/);
    expect(result.stdout).toMatch(/GCP {5}[1-9]\d* calls/);
    expect(result.stdout).toMatch(/ {2}POST \/v3\/projects\/\{id\}:setIamPolicy\n/);
    expect(result.stdout).toMatch(/Azure {3}[1-9]\d* calls/);
    expect(result.stdout).toMatch(/ {2}PUT \/\{scope\}\/providers\/Microsoft.Authorization\/roleAssignmentScheduleRequests\/\{roleAssignmentScheduleRequestName\}\n/);
  });
});

describe("access-pr sandbox --keep-running", () => {
  it("leaves the emulators up with their URLs printed until interrupted, then exits 0", async () => {
    const cwd = tempDir();
    let probed: Promise<number> | undefined;
    const result = await sandbox(["--keep-running"], cwd, (stdout, child) => {
      const url = /GitHub {2}(http:\/\/127\.0\.0\.1:\d+)/.exec(stdout.split("Still running")[1] ?? "")?.[1];
      const token = /alice {2}token (\S+)/.exec(stdout)?.[1];
      if (probed || !url || !token || !stdout.includes("App     http")) return;
      probed = fetch(`${url}/repos/acme/access/pulls?state=all`, { headers: { authorization: `token ${token}` } })
        .then(async (response) => (await response.json()) as unknown[])
        .then((pulls) => pulls.length)
        .finally(() => child.kill("SIGINT"));
    });
    expect(await probed).toBeGreaterThanOrEqual(2);
    expect(result.stdout).toContain("Still running: poke at it (Ctrl-C stops everything)");
    expect(result.code).toBe(0);
  }, 120_000);
});

describe("access-pr sandbox usage", () => {
  const io = (out: string[], err: string[]): CliIo => ({ out: (t) => out.push(t), err: (t) => err.push(t), cwd: repoRoot, env: {} });

  it("explains itself with --help", async () => {
    const out: string[] = [];
    expect(await run(["--help"], io(out, []))).toBe(0);
    expect(out.join("\n")).toContain("usage: access-pr sandbox [--keep-running]");
  });

  it("refuses an unknown option with exit 2 and the usage", async () => {
    const err: string[] = [];
    expect(await run(["--fast"], io([], err))).toBe(2);
    expect(err.join("\n")).toContain("access-pr sandbox: Unknown option '--fast'");
    expect(err.join("\n")).toContain("usage: access-pr sandbox [--keep-running]");
  });
});
