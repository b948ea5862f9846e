// `access-pr doctor` as an operator runs it: the built CLI in its own process, with the server's environment,
// against the embedded GitHub and the GCP and Azure emulators.
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { LOOPBACK_EMULATOR_TOKEN } from "../../src/providers/loopback-token.js";
import { startAzureEmulator } from "../../src/sandbox/azure/index.js";
import type { AzureEmulator } from "../../src/sandbox/azure/index.js";
import { seedExampleAccessRepo } from "../../src/sandbox/example-access-repo.js";
import { startGcpEmulator } from "../../src/sandbox/gcp/gcp-emulator.js";
import type { GcpEmulator } from "../../src/sandbox/gcp/gcp-emulator.js";
import { GitHubEmulator } from "../../src/sandbox/github/index.js";
import { appPrivateKey } from "../server/server-process.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const SUBSCRIPTION = "00000000-0000-0000-0000-000000000001";
const SELECTION_FIX = 'Under Settings → GitHub Apps → access-pr → Configure, choose "Only select repositories" and select acme/access only: the app writes to every repository it can reach.';
const GCP_FIX =
  "give the server's service account roles/resourcemanager.projectIamAdmin on it (folderIamAdmin / organizationAdmin for folders and organizations), or a custom role with getIamPolicy and setIamPolicy (projects/payments-prod).";

interface World {
  github: GitHubEmulator;
  gcp: GcpEmulator;
  azure: AzureEmulator;
  env: NodeJS.ProcessEnv;
}

let world: World;
/** Usage is checked before anything is read from the environment or the network. */
const USAGE_ENV: NodeJS.ProcessEnv = { PATH: process.env.PATH };

/** Runs `node dist/cli/main.js doctor …` without blocking this process, where the emulators answer. */
function doctor(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, "dist/cli/main.js"), "doctor", ...args], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

interface JsonReport {
  ok: boolean;
  findings: { check: string; ok: boolean; detail: string; fix?: string }[];
}

describe("access-pr doctor against a live installation", () => {
  beforeEach(async () => {
    const clock = new ManualClock("2026-11-24T08:00:00Z");
    const github = await GitHubEmulator.start({ clock, appId: 31337 });
    await seedExampleAccessRepo(github);
    const gcp = await startGcpEmulator({ clock });
    gcp.createProject("payments-prod");
    gcp.createProject("payments-dev");
    // The CLI is another process: it sends the loopback token, as the server does.
    const azure = await startAzureEmulator({ clock, token: LOOPBACK_EMULATOR_TOKEN });
    azure.createSubscription(SUBSCRIPTION);
    azure.createResourceGroup(SUBSCRIPTION, "payments");
    const caFile = join(mkdtempSync(join(tmpdir(), "doctor-")), "azure-ca.pem");
    writeFileSync(caFile, azure.ca);
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      // A shifted clock (the CI's year-ahead run preloads one) must reach the CLI too: the app's
      // JWT is checked against this process's time.
      ...Object.fromEntries(Object.entries(process.env).filter(([name]) => name === "LD_PRELOAD" || name.startsWith("FAKETIME"))),
      APP_ID: "31337",
      PRIVATE_KEY: github.app.privateKey,
      GHE_HOST: github.url.replace(/^http:\/\//, ""),
      GHE_PROTOCOL: "http",
      ACCESS_PR_REPOS: "acme/access",
      ACCESS_PR_GCP_ENDPOINT: gcp.url,
      ACCESS_PR_AZURE_ENDPOINT: azure.url,
      ACCESS_PR_AZURE_CA_FILE: caFile,
    };
    world = { github, gcp, azure, env };
  });

  afterEach(async () => {
    await Promise.all([world.github.close(), world.gcp.close(), world.azure.close()]);
  });

  it("checks credentials, permissions, the repository selection and every scope, each failure with its fix", async () => {
    const result = await doctor(["--repo", "acme/access"], world.env);
    expect(result.stderr).toBe("");
    // The embedded GitHub installs the app on the whole org, as a careless install would: one check fails.
    expect(result.code).toBe(1);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^ok {3}app credentials: authenticated as the app; installation \d+ covers acme\/access$/);
    expect(lines).toContain("ok   permission members (Members: read): members: read (needs read)");
    expect(lines).toContain("ok   gcp IAM policy of projects/payments-prod: readable by the app's cloud identity");
    expect(lines).toContain("ok   gcp IAM policy of projects/payments-dev: readable by the app's cloud identity");
    expect(lines).toContain(`ok   azure IAM policy of /subscriptions/${SUBSCRIPTION}/resourceGroups/payments: readable by the app's cloud identity`);
    expect(lines).toContain(`ok   azure IAM policy of /subscriptions/${SUBSCRIPTION}: readable by the app's cloud identity`);
    const selection = lines.findIndex((line) => line.startsWith("FAIL repository selection: the installation covers all repositories"));
    expect(selection).toBeGreaterThan(0);
    expect(lines[selection + 1]).toBe(`     fix: ${SELECTION_FIX}`);
    // Every failed check is followed by its fix, and the summary counts them.
    const failed = lines.flatMap((line, i) => (line.startsWith("FAIL") ? [i] : []));
    for (const i of failed) expect(lines[i + 1]).toMatch(/^ {5}fix: \S/);
    const checks = lines.filter((line) => /^(ok {2}|FAIL) /.test(line)).length;
    expect(lines.at(-1)).toBe(`${failed.length} of ${checks} checks failed`);
  });

  it("prints the same findings as JSON, and names the scope whose IAM policy cannot be read with the role to grant", async () => {
    world.gcp.denyFor("projects/payments-prod");
    const result = await doctor(["--repo", "acme/access", "--format", "json"], world.env);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.ok).toBe(false);
    const prod = report.findings.find((finding) => finding.check === "gcp IAM policy of projects/payments-prod");
    expect(prod).toEqual({ check: "gcp IAM policy of projects/payments-prod", ok: false, detail: expect.stringContaining("getIamPolicy") as unknown, fix: GCP_FIX });
    expect(report.findings.find((finding) => finding.check === "gcp IAM policy of projects/payments-dev")?.ok).toBe(true);
    const failed = report.findings.filter((finding) => !finding.ok).map((finding) => finding.check);
    expect(failed).toEqual(expect.arrayContaining(["repository selection", "gcp IAM policy of projects/payments-prod"]));
    expect(failed.filter((check) => / IAM policy of /.test(check))).toEqual(["gcp IAM policy of projects/payments-prod"]);
    expect(report.findings.every((finding) => finding.ok || typeof finding.fix === "string")).toBe(true);
  });

  it("says the app is not installed on a repository outside its installation", async () => {
    world.github.createUser("globex");
    await world.github.createRepo("globex/access", { files: { "README.md": "# access\n" } });
    const result = await doctor(["--repo", "globex/access"], world.env);
    expect(result).toEqual({
      code: 1,
      stderr: "",
      stdout: [
        "FAIL installation: the app is not installed on globex/access",
        '     fix: Install the app on globex/access (Settings → GitHub Apps → access-pr → Configure), with "Only select repositories".',
        "1 of 1 checks failed",
        "",
      ].join("\n"),
    });
  });

  it("says GitHub refused the app when the private key is not the app's", async () => {
    const result = await doctor(["--repo", "acme/access", "--format", "json"], { ...world.env, PRIVATE_KEY: appPrivateKey() });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report).toMatchObject({ ok: false, findings: [{ check: "app credentials", ok: false }] });
    expect(report.findings[0]?.fix).toBe("Check APP_ID and PRIVATE_KEY / PRIVATE_KEY_PATH against the app's settings page; a key can be regenerated there.");
  });

});

describe("access-pr doctor's usage", () => {
  it.each([
    [["--repo", "acme"], "access-pr doctor: --repo must be OWNER/NAME, e.g. --repo acme/access"],
    [["--repo", "acme/access", "--format", "github"], 'access-pr doctor: --format must be text or json, not "github"'],
    [["--repo", "acme/access", "--bogus"], "access-pr doctor: Unknown option '--bogus'"],
  ])("exits 2 on a usage error: %j", async (args, message) => {
    const result = await doctor(args, USAGE_ENV);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.startsWith(message)).toBe(true);
  });

  it("exits 2 and names what to set when the app's credentials are missing", async () => {
    const result = await doctor(["--repo", "acme/access"], { PATH: process.env.PATH, PRIVATE_KEY: appPrivateKey() });
    expect(result).toEqual({ code: 2, stdout: "", stderr: "access-pr doctor: set APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH) as for the server\n" });
  });

  it("exits 0 with --help and prints the checks it makes", async () => {
    const result = await doctor(["--help"], USAGE_ENV);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("usage: access-pr doctor --repo OWNER/NAME [--format text|json]");
    expect(result.stdout).toContain("exit codes: 0 every check passed, 1 some check failed, 2 usage error");
  });
});
