/**
 * `access-pr doctor --repo OWNER/NAME`: checks a live installation with the
 * server's own settings (APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH, GHE_HOST,
 * ACCESS_PR_*, cloud credentials). Exit 0 all checks pass, 1 some fail, 2 usage.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { Probot, ProbotOctokit } from "probot";
import { parse } from "yaml";
import { systemClock } from "../core/clock.js";
import { checkInstallation } from "../doctor/check-installation.js";
import { renderFindings } from "../doctor/findings.js";
import { buildProviders } from "../server.js";
import type { ProviderLogger } from "../server.js";
import { readSettings, SettingsError } from "../settings.js";
import type { CliIo } from "./io.js";

const USAGE = `usage: access-pr doctor --repo OWNER/NAME [--format text|json]

Checks a live installation of the access-pr app, with the same environment
as the server: APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH, GHE_HOST/GHE_PROTOCOL,
ACCESS_PR_* and the cloud credentials. Each failed check says how to fix it.

checks: the app's credentials; the installation's permissions against app.yml
(Members: read among them); that it is installed on the access repo only; that
the policies on the default branch load; that the app's cloud identity can
read the IAM policy of every scope the policies name (patterns are skipped).

options:
  --repo OWNER/NAME   the access repo
  --format FORMAT     text (default; "human" is accepted too) or json
  -h, --help          show this help

exit codes: 0 every check passed, 1 some check failed, 2 usage error`;

const quiet = { debug() {}, info() {}, warn() {} };
const silentLog: ProviderLogger = { child: () => quiet };

function fail(io: CliIo, text: string): number {
  io.err(`access-pr doctor: ${text}`);
  return 2;
}

function apiUrl(env: NodeJS.ProcessEnv): string {
  if (!env.GHE_HOST) return "https://api.github.com";
  return `${env.GHE_PROTOCOL || "https"}://${env.GHE_HOST}/api/v3`;
}

export async function run(args: string[], io: CliIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args, options: { repo: { type: "string" }, format: { type: "string" }, help: { type: "boolean", short: "h" } } }));
  } catch (error) {
    return fail(io, `${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  }
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const format = values.format === undefined || values.format === "human" ? "text" : values.format;
  if (format !== "text" && format !== "json") return fail(io, `--format must be text or json, not "${values.format}"`);
  const [owner, name, extra] = (values.repo ?? "").split("/");
  if (!owner || !name || extra !== undefined) return fail(io, `--repo must be OWNER/NAME, e.g. --repo acme/access\n\n${USAGE}`);
  const env = io.env;
  const appId = env.APP_ID;
  let privateKey = env.PRIVATE_KEY;
  if (!privateKey && env.PRIVATE_KEY_PATH) {
    try {
      privateKey = readFileSync(env.PRIVATE_KEY_PATH, "utf8");
    } catch (error) {
      return fail(io, `PRIVATE_KEY_PATH=${JSON.stringify(env.PRIVATE_KEY_PATH)} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  }
  if (!appId || !privateKey) return fail(io, "set APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH) as for the server");
  let settings;
  try {
    settings = readSettings(env);
  } catch (error) {
    if (error instanceof SettingsError) return fail(io, error.message);
    throw error;
  }
  const Octokit = ProbotOctokit.defaults((options: object) => ({ ...options, retry: { enabled: false }, throttle: { enabled: false } }));
  const probot = new Probot({ appId, privateKey, baseUrl: apiUrl(env), Octokit, logLevel: "fatal" });
  const wanted = (parse(readFileSync(new URL("../../app.yml", import.meta.url), "utf8")) as { default_permissions: Record<string, string> }).default_permissions;
  // Probot makes its logger only when first used, so the providers get their own; the findings are the report.
  const built = buildProviders(settings, systemClock, silentLog);
  try {
    const findings = await checkInstallation({ probot, repo: { owner, repo: name }, wanted, providers: built.providers });
    io.out(renderFindings(findings, format));
    return findings.every((finding) => finding.ok) ? 0 : 1;
  } finally {
    await built.close();
  }
}
