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

export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const settings: Settings = {
    sweepSeconds: seconds(env, "ACCESS_PR_SWEEP_SECONDS", 60, 5),
    reconcileSeconds: seconds(env, "ACCESS_PR_RECONCILE_SECONDS", 600, 30),
  };
  const gcpEndpoint = url(env, "ACCESS_PR_GCP_ENDPOINT");
  const azureEndpoint = url(env, "ACCESS_PR_AZURE_ENDPOINT");
  if (gcpEndpoint) settings.gcpEndpoint = gcpEndpoint;
  if (azureEndpoint) settings.azureEndpoint = azureEndpoint;
  if (env.ACCESS_PR_AZURE_CA_FILE) settings.azureCaFile = env.ACCESS_PR_AZURE_CA_FILE;
  return settings;
}
