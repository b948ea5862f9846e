import { accessSync, constants, statSync } from "node:fs";

/**
 * Runtime settings of the app server, read once from the environment.
 * Probot reads its own (APP_ID, PRIVATE_KEY, WEBHOOK_SECRET, …); these are ours.
 * Every variable is listed in the README's deployment table.
 */
export interface Settings {
  /** How often the expiry sweep runs, in seconds (precise timers fire in between). */
  sweepSeconds: number;
  /** How often a full reconcile of repo against clouds (drift detection) runs, in seconds. */
  reconcileSeconds: number;
  /** GCP Resource Manager endpoint override, e.g. for the embedded emulator: "http://127.0.0.1:8085". */
  gcpEndpoint?: string;
  /** Azure Resource Manager endpoint override, e.g. "https://127.0.0.1:8443" for the embedded emulator. */
  azureEndpoint?: string;
  /** PEM file of the CA that signed azureEndpoint's certificate (emulator only). */
  azureCaFile?: string;
  /**
   * The access repos ("owner/repo", as configured): the only repositories whose
   * pull requests and default branch may grant. Empty: the app grants nowhere.
   */
  accessRepos: string[];
}

export class SettingsError extends Error {
  override name = "SettingsError";
}

function seconds(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new SettingsError(`${name}=${JSON.stringify(raw)} is not valid: give a whole number of seconds, at least ${min} (default ${fallback}).`);
  }
  return value;
}

function url(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === "") return undefined;
  try {
    const parsed = new URL(raw);
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new Error("scheme");
    return raw.replace(/\/+$/, "");
  } catch {
    throw new SettingsError(`${name}=${JSON.stringify(raw)} is not a URL: give one like https://127.0.0.1:8443, or unset it to use the real cloud.`);
  }
}

/** Probot's (pino's) levels; any other value makes pino throw a message that names neither the variable nor the choices. */
const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"];

function checkLogLevel(env: NodeJS.ProcessEnv): void {
  const raw: string | undefined = env.LOG_LEVEL;
  if (raw === undefined || raw === "" || LOG_LEVELS.includes(raw)) return;
  throw new SettingsError(`LOG_LEVEL=${JSON.stringify(raw)} is not a log level: use one of ${LOG_LEVELS.join(", ")} (default info).`);
}

function readableFile(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === "") return undefined;
  try {
    accessSync(raw, constants.R_OK);
    if (!statSync(raw).isFile()) throw new Error("not a file");
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    throw new SettingsError(`${name}=${JSON.stringify(raw)} cannot be read (${why}): give the path of a readable PEM file, or unset it.`);
  }
  return raw;
}


// GitHub's rules: an owner is 1-39 letters, digits or single hyphens; a repository name is letters, digits, '.', '-' or '_'.
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const REPO = /^[A-Za-z0-9._-]{1,100}$/;

/** `owner/repo` entries, comma-separated; duplicates (in any case) collapse into the first spelling. */
function repoList(env: NodeJS.ProcessEnv, name: string): string[] | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return undefined;
  const repos: string[] = [];
  for (const entry of raw.split(",").map((e) => e.trim())) {
    const [owner = "", repo = "", ...rest] = entry.split("/");
    if (rest.length > 0 || !OWNER.test(owner) || !REPO.test(repo) || repo === "." || repo === "..") {
      throw new SettingsError(
        `${name}=${JSON.stringify(raw)} is not valid: ${JSON.stringify(entry)} is not a repository as owner/repo. Give the access repos comma-separated, e.g. ${name}=acme/access or ${name}=acme/access,acme/access-sandbox.`,
      );
    }
    if (!repos.some((known) => known.toLowerCase() === entry.toLowerCase())) repos.push(entry);
  }
  return repos;
}

/**
 * True when `fullName` ("owner/repo", from a webhook or GitHub's API) is one of
 * the configured access repos. GitHub compares owner and repository names
 * without regard to case, and so does this.
 *
 * @example
 *   isAccessRepo(["acme/access"], "ACME/Access"); // true
 *   isAccessRepo(["acme/access"], "acme/other");  // false
 */
export function isAccessRepo(accessRepos: readonly string[], fullName: string): boolean {
  const wanted = fullName.toLowerCase();
  return accessRepos.some((repo) => repo.toLowerCase() === wanted);
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  checkLogLevel(env);
  const accessRepos = repoList(env, "ACCESS_PR_REPOS");
  if (!accessRepos && env.NODE_ENV === "production") {
    throw new SettingsError(
      "ACCESS_PR_REPOS is not set: name the access repo(s) the app may grant from, e.g. ACCESS_PR_REPOS=acme/access (comma-separated owner/repo). In production the server does not start without it, so that no other repository the app can see grants access.",
    );
  }
  const settings: Settings = {
    sweepSeconds: seconds(env, "ACCESS_PR_SWEEP_SECONDS", 60, 5),
    reconcileSeconds: seconds(env, "ACCESS_PR_RECONCILE_SECONDS", 600, 30),
    accessRepos: accessRepos ?? [],
  };
  const gcpEndpoint = url(env, "ACCESS_PR_GCP_ENDPOINT");
  const azureEndpoint = url(env, "ACCESS_PR_AZURE_ENDPOINT");
  if (gcpEndpoint) settings.gcpEndpoint = gcpEndpoint;
  if (azureEndpoint) settings.azureEndpoint = azureEndpoint;
  const azureCaFile = readableFile(env, "ACCESS_PR_AZURE_CA_FILE");
  if (azureCaFile) settings.azureCaFile = azureCaFile;
  return settings;
}
