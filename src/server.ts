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
import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { ProbotOctokit, run } from "probot";
import type { ApplicationFunction, Server } from "probot";
import { createAccessPrApp } from "./app.js";
import type { Clock } from "./core/clock.js";
import { systemClock } from "./core/clock.js";
import type { BuiltProviders, ProviderLogger } from "./providers/registry.js";
import { buildRegistry } from "./providers/registry.js";
import type { Settings } from "./settings.js";
import { readSettings, SettingsError } from "./settings.js";
import { instrumentProviders } from "./observe/instrument-providers.js";
import { createMetrics } from "./observe/metrics.js";
import { rateBudgetPlugin } from "./observe/rate-budget.js";
import { withTokenRefresh } from "./github/token-refresh.js";
import { secondaryLimitsToPacer } from "./github/secondary-limit.js";
import { cloudProbes } from "./observe/cloud-probes.js";

export type { BuiltProviders, ProviderLogger } from "./providers/registry.js";

/**
 * Every registered cloud provider from settings: the real clouds by default,
 * an emulator when an ACCESS_PR_*_ENDPOINT points at this machine (it takes any token).
 *
 * @example
 *   const { providers, close } = buildProviders(readSettings(), systemClock, app.log);
 */
export function buildProviders(settings: Settings, clock: Clock, log: ProviderLogger): BuiltProviders {
  return buildRegistry({ settings, clock, log });
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
    // A secondary-limit refusal comes back to the write pacer, which pauses and retries on the app's clock.
    server = await run(appFn, { Octokit: withTokenRefresh(secondaryLimitsToPacer(ProbotOctokit.plugin(rateBudgetPlugin(metrics))), systemClock) });
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
