/**
 * `npm start`: the access-pr GitHub App under Probot's server.
 *
 * Without APP_ID and PRIVATE_KEY Probot serves its setup page, which creates
 * the GitHub App from app.yml in the working directory. With them it asks
 * GitHub who the app is (GET /app; no answer, no start), then serves webhooks
 * at WEBHOOK_PATH and GET /healthz. Only the repositories in ACCESS_PR_REPOS
 * grant; in production it refuses to start without them. Cloud credentials are resolved
 * at first use, so the server starts (and answers /healthz) on a machine
 * without any; the first grant then fails with a message that says what to set.
 *
 * @example
 *   APP_ID=123 PRIVATE_KEY_PATH=app.pem WEBHOOK_SECRET=… ACCESS_PR_REPOS=acme/access node dist/server.js
 */
import { readFileSync, realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import type { TokenCredential } from "@azure/core-auth";
import { DefaultAzureCredential } from "@azure/identity";
import { GoogleAuth, OAuth2Client } from "google-auth-library";
import { ProbotOctokit, run } from "probot";
import type { ApplicationFunction, Server } from "probot";
import { createAccessPrApp } from "./app.js";
import type { Clock } from "./core/clock.js";
import { systemClock } from "./core/clock.js";
import { createAzureProvider } from "./providers/azure/index.js";
import type { AzureLogger } from "./providers/azure/index.js";
import { createGcpProvider } from "./providers/gcp/index.js";
import type { GcpLogger, GcpProvider } from "./providers/gcp/index.js";
import { LOOPBACK_EMULATOR_TOKEN } from "./providers/loopback-token.js";
import type { ProviderRegistry } from "./providers/registry.js";
import { providerRegistry } from "./providers/registry.js";
import { ProviderError } from "./providers/provider.js";
import type { Settings } from "./settings.js";
import { readSettings, SettingsError } from "./settings.js";
import { instrumentProviders } from "./observe/instrument-providers.js";
import { createMetrics } from "./observe/metrics.js";
import { rateBudgetPlugin } from "./observe/rate-budget.js";
import { withTokenRefresh } from "./github/token-refresh.js";
import { cloudProbes } from "./observe/cloud-probes.js";

/** Emulators run on this machine and take any token; a real endpoint override keeps real credentials. */
function isLoopback(url: URL): boolean {
  return ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
}

function emulatorToken(): string {
  return LOOPBACK_EMULATOR_TOKEN;
}

/**
 * Resolves Application Default Credentials once before the first cloud call,
 * so a missing credential reads as what to set instead of a network error.
 */
function requireGoogleCredentials(provider: GcpProvider): GcpProvider {
  let found: Promise<unknown> | undefined;
  const ensure = async (operation: string): Promise<void> => {
    found ??= new GoogleAuth({ scopes: ["https://www.googleapis.com/auth/cloud-platform"] }).getClient();
    try {
      await found;
    } catch (error) {
      found = undefined;
      const said = error instanceof Error ? error.message : String(error);
      throw new ProviderError(
        "gcp",
        operation,
        `no Google Cloud credentials: give the server a service account through workload identity federation or GOOGLE_APPLICATION_CREDENTIALS, or run it on GCP with an attached service account (google-auth-library said: ${said})`,
        error,
      );
    }
  };
  return {
    name: provider.name,
    validate: (spec) => provider.validate(spec),
    async grant(spec) {
      await ensure("grant");
      return provider.grant(spec);
    },
    async revoke(spec) {
      await ensure("revoke");
      return provider.revoke(spec);
    },
    async list(scope) {
      await ensure("list");
      return provider.list(scope);
    },
    close: () => provider.close(),
  };
}

/** DefaultAzureCredential, with its failure turned into what an operator should set. */
function azureCredential(): TokenCredential {
  const inner = new DefaultAzureCredential();
  return {
    async getToken(scopes, options) {
      try {
        return await inner.getToken(scopes, options);
      } catch (error) {
        const said = error instanceof Error ? error.message.split("\n")[0] : String(error);
        throw new ProviderError(
          "azure",
          "authenticate",
          `no Azure credentials: give the server a managed identity, workload identity, or a service principal through AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH) (DefaultAzureCredential said: ${said})`,
          error,
        );
      }
    },
  };
}

/** What the providers log through: Probot's pino logger, or anything with the same child(). */
export interface ProviderLogger {
  child(bindings: Record<string, unknown>): GcpLogger & AzureLogger;
}

/** The providers the app grants with, and how to release their sockets at shutdown. */
export interface BuiltProviders {
  providers: ProviderRegistry;
  close(): Promise<void>;
}

/**
 * The cloud providers from settings: the real clouds by default, an emulator
 * when an ACCESS_PR_*_ENDPOINT points at this machine (it takes any token).
 *
 * @example
 *   const { providers, close } = buildProviders(readSettings(), systemClock, app.log);
 */
export function buildProviders(settings: Settings, clock: Clock, log: ProviderLogger): BuiltProviders {
  const gcpUrl = settings.gcpEndpoint ? new URL(settings.gcpEndpoint) : undefined;
  const gcpLog = log.child({ name: "gcp" });
  let gcp: GcpProvider;
  if (gcpUrl) {
    const protocol = gcpUrl.protocol === "http:" ? "http" : "https";
    const port = gcpUrl.port ? Number(gcpUrl.port) : protocol === "http" ? 80 : 443;
    let authClient: OAuth2Client | undefined;
    if (isLoopback(gcpUrl)) {
      authClient = new OAuth2Client();
      authClient.setCredentials({ access_token: emulatorToken(), expiry_date: Date.now() + 365 * 86_400_000 });
    }
    const provider = createGcpProvider({ clock, endpoint: { host: gcpUrl.hostname.replace(/^\[|\]$/g, ""), port, protocol }, authClient, logger: gcpLog });
    gcp = authClient ? provider : requireGoogleCredentials(provider);
  } else {
    gcp = requireGoogleCredentials(createGcpProvider({ clock, logger: gcpLog }));
  }

  const azureUrl = settings.azureEndpoint ? new URL(settings.azureEndpoint) : undefined;
  const credential: TokenCredential =
    azureUrl && isLoopback(azureUrl)
      ? { getToken: async () => ({ token: emulatorToken(), expiresOnTimestamp: Date.now() + 3_600_000 }) }
      : azureCredential();
  const azure = createAzureProvider({
    clock,
    credential,
    ...(settings.azureEndpoint ? { endpoint: settings.azureEndpoint } : {}),
    ...(settings.azureCaFile ? { ca: readFileSync(settings.azureCaFile, "utf8") } : {}),
    logger: log.child({ name: "azure" }),
  });
  return { providers: providerRegistry([gcp, azure]), close: () => gcp.close() };
}

function fail(message: string): never {
  process.stderr.write(`access-pr: ${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let settings: Settings;
  try {
    settings = readSettings();
  } catch (error) {
    if (error instanceof SettingsError) fail(error.message);
    throw error;
  }
  let built: BuiltProviders | undefined;
  const metrics = createMetrics({ processMetrics: true });
  // Built inside the app function so the providers log through Probot's logger.
  const appFn: ApplicationFunction = (app, options) => {
    try {
      built = buildProviders(settings, systemClock, app.log);
    } catch (error) {
      fail(`could not configure the cloud providers: ${error instanceof Error ? error.message : String(error)}`);
    }
    const providers = instrumentProviders(built.providers, metrics, systemClock);
    return createAccessPrApp({ clock: systemClock, providers, settings, metrics, readiness: cloudProbes(settings) })(app, options);
  };
  let server: Server;
  try {
    server = await run(appFn, { Octokit: withTokenRefresh(ProbotOctokit.plugin(rateBudgetPlugin(metrics)), systemClock) });
  } catch (error) {
    fail(`the server did not start: ${error instanceof Error ? error.message : String(error)}`);
  }
  // Probot stops on SIGINT only; containers and process managers send SIGTERM.
  process.once("SIGTERM", () => {
    void Promise.allSettled([server.stop(), built?.close()]).then(() => process.exit(0));
  });
}

// Run only as the entry point (`node dist/server.js`), so tests can import buildProviders.
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) await main();
