/**
 * The real access-pr app under Probot, on 127.0.0.1 only, against the
 * embedded GitHub and (optionally) the GCP and Azure emulators, all on one
 * ManualClock. The sandbox, the bench and the tests start their worlds here
 * and add only their own people, repos and story.
 *
 * @example
 *   const world = await startEmbeddedApp({ clouds: true });
 *   world.gcp.createProject("payments-prod");
 *   await world.github.createRepo("acme/access", { files: { "README.md": "# access\n" } });
 *   await world.github.as("alice").openPullRequest("acme/access", { title: "Read prod DB", files: { ... } });
 *   await world.settle();          // webhooks answered and the lifecycle idle
 *   world.appGitHubCalls.total("POST");
 *   await world.close();
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { OAuth2Client } from "google-auth-library";
import { Probot, createNodeMiddleware } from "probot";
import type { ApplicationFunction, Logger } from "probot";
import { createAccessPrApp } from "../app.js";
import type { AppDeps } from "../app.js";
import { ManualClock } from "../core/clock.js";
import { withTokenRefresh } from "../github/token-refresh.js";
import { lifecycleOf } from "../handlers/register-lifecycle.js";
import { writePacersOf } from "../github/write-pacer.js";
import { createAzureProvider } from "../providers/azure/index.js";
import { createGcpProvider } from "../providers/gcp/index.js";
import type { Provider } from "../providers/provider.js";
import { providerRegistry } from "../providers/registry.js";
import type { ProviderRegistry } from "../providers/registry.js";
import type { Settings } from "../settings.js";
import { CallCounter, countingOctokit } from "./api-calls.js";
import { EXAMPLE_ACCESS_REPO } from "./example-access-repo.js";
import { startAzureEmulator } from "./azure/index.js";
import type { AzureEmulator } from "./azure/index.js";
import { startGcpEmulator } from "./gcp/gcp-emulator.js";
import type { GcpEmulator } from "./gcp/gcp-emulator.js";
import { GitHubEmulator } from "./github/index.js";
import type { GitHubEmulatorOptions } from "./github/index.js";

export const WEBHOOK_PATH = "/api/github/webhooks";
export const DEFAULT_START = "2026-11-24T08:00:00Z";

export interface EmbeddedAppOptions {
  /** The one clock (default: a ManualClock at DEFAULT_START). */
  clock?: ManualClock;
  /** Start the GCP and Azure emulators and give the app real providers for them (default false). */
  clouds?: boolean;
  /** Where the embedded GitHub keeps its repos, which org it is installed on, the app's slug, and how it delivers webhooks. */
  github?: Pick<GitHubEmulatorOptions, "dir" | "keep" | "org" | "appSlug" | "delivery" | "contentLimits">;
  /** Over the defaults sweepSeconds 60, reconcileSeconds 600, accessRepos [acme/access] (the example access repo). */
  settings?: Partial<Settings>;
  /** The app's logger (default: Probot's own at level fatal, which the app never uses, so quiet). */
  log?: Logger;
  /** Replace the application function (default: createAccessPrApp). */
  appFn?: (deps: AppDeps) => ApplicationFunction;
  /** How long Azure PIM takes to provision a request on the clock (default: the emulator's few minutes, as in Azure). */
  azureProvisioningDelayMs?: number;
}

export interface EmbeddedApp {
  clock: ManualClock;
  github: GitHubEmulator;
  gcp?: GcpEmulator;
  azure?: AzureEmulator;
  probot: Probot;
  providers: ProviderRegistry;
  /** What the app function was given; `lifecycleOf(deps)` finds its scheduler. */
  deps: AppDeps;
  /** Where the app receives webhooks. */
  webhookUrl: string;
  /** Every GitHub request the app made, by route. */
  appGitHubCalls: CallCounter;
  /** Resolves once the app's lifecycle has no run in progress or queued, and nothing left to tell that is not waiting for the clock. */
  idle(): Promise<void>;
  /**
   * Waits until webhooks and lifecycle runs are all done (runs cause webhooks and webhooks cause runs),
   * or until a write GitHub refused over its secondary limit waits for the clock to pass its retry-after.
   */
  settle(): Promise<void>;
  /** Stops the lifecycle's timers first, then the app's server, the providers and the emulators. */
  close(): Promise<void>;
}

export type EmbeddedAppWithClouds = EmbeddedApp & { gcp: GcpEmulator; azure: AzureEmulator };

export function startEmbeddedApp(options: EmbeddedAppOptions & { clouds: true }): Promise<EmbeddedAppWithClouds>;
export function startEmbeddedApp(options?: EmbeddedAppOptions): Promise<EmbeddedApp>;
export async function startEmbeddedApp(options: EmbeddedAppOptions = {}): Promise<EmbeddedApp> {
  const clock = options.clock ?? new ManualClock(DEFAULT_START);
  // Closed last-in first-out; each one runs even when an earlier one failed.
  const closers: Array<() => Promise<unknown>> = [];
  const close = async (): Promise<void> => {
    let first: unknown;
    for (const closeOne of closers.reverse()) await closeOne().catch((error: unknown) => (first ??= error));
    closers.length = 0;
    if (first !== undefined) throw first;
  };
  try {
    const github = await GitHubEmulator.start({ clock, ...options.github });
    closers.push(() => github.close());
    const clouds = options.clouds ? await startClouds(clock, closers, options.azureProvisioningDelayMs) : undefined;
    const providers = providerRegistry(clouds?.providers ?? []);

    const appGitHubCalls = new CallCounter(clock);
    const { appId, privateKey, webhookSecret } = github.app;
    const logging = options.log ? { log: options.log } : { logLevel: "fatal" as const };
    const probot = new Probot({ appId, privateKey, secret: webhookSecret, baseUrl: github.url, ...logging, Octokit: withTokenRefresh(countingOctokit(appGitHubCalls), clock) });
    // With a ManualClock the app's lifecycle timers fire when the caller moves the clock.
    const deps: AppDeps = { clock, providers, settings: { sweepSeconds: 60, reconcileSeconds: 600, accessRepos: [EXAMPLE_ACCESS_REPO], ...options.settings } };
    const middleware = await createNodeMiddleware((options.appFn ?? createAccessPrApp)(deps), { probot, webhooksPath: WEBHOOK_PATH });
    trackHandling(probot, github);
    const server = createServer((req, res) => void middleware(req, res, () => res.writeHead(404).end()));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    closers.push(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    );
    // Nothing may fire into a closing server.
    closers.push(async () => lifecycleOf(deps)?.stop());
    const webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}${WEBHOOK_PATH}`;
    github.webhookUrl = webhookUrl;

    // The scheduler's idle includes what runs left to tell, unless it waits for the clock (GitHub's content-creation limit).
    const idle = async (): Promise<void> => lifecycleOf(deps)?.scheduler.idle();
    const settleAll = async (): Promise<void> => {
      for (let round = 0; round < 20; round += 1) {
        const before = github.deliveries.length;
        await github.settled();
        await idle();
        await github.settled();
        if (github.deliveries.length === before) return;
      }
    };
    // A write GitHub refused over its secondary limit waits for the clock (retry-after): nothing settles until it moves.
    const settle = async (): Promise<void> => {
      const pacers = writePacersOf(probot);
      await (pacers ? Promise.race([settleAll(), pacers.held()]) : settleAll());
    };
    return { clock, github, ...(clouds ? { gcp: clouds.gcp, azure: clouds.azure } : {}), probot, providers, deps, webhookUrl, appGitHubCalls, idle, settle, close };
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
}

/**
 * Under load a handler can outlast Probot's 9 s answer ("202 still
 * processing"); the emulator's `settled()` then waits for the handling too,
 * so a step never reads GitHub before the app has acted on it. A second
 * replica behind the same webhook URL is tracked the same way.
 */
export function trackHandling(probot: Probot, github: GitHubEmulator): void {
  const handling = new Set<Promise<unknown>>();
  const receive = probot.webhooks.verifyAndReceive.bind(probot.webhooks);
  probot.webhooks.verifyAndReceive = (options) => {
    const work = receive(options);
    handling.add(work);
    void work.catch(() => undefined).finally(() => handling.delete(work));
    return work;
  };
  github.hub.webhooks.awaitReceiver(async () => {
    while (handling.size > 0) await Promise.allSettled([...handling]);
  });
}

async function startClouds(clock: ManualClock, closers: Array<() => Promise<unknown>>, provisioningDelayMs?: number): Promise<{ gcp: GcpEmulator; azure: AzureEmulator; providers: Provider[] }> {
  const gcp = await startGcpEmulator({ clock });
  closers.push(() => gcp.close());
  const azure = await startAzureEmulator({ clock, ...(provisioningDelayMs === undefined ? {} : { provisioningDelayMs }) });
  closers.push(() => azure.close());
  // The emulator wants some bearer token, not a valid one.
  const authClient = new OAuth2Client();
  authClient.setCredentials({ access_token: "sandbox", expiry_date: Date.now() + 365 * 86_400_000 });
  // Loopback answers in microseconds: retry conflicts quickly, and let Azure's SDK fail at once rather than back off for seconds.
  const gcpProvider = createGcpProvider({ clock, endpoint: { host: gcp.host, port: gcp.port, protocol: "http" }, authClient, retry: { baseDelayMs: 5 } });
  closers.push(() => gcpProvider.close());
  // Waiting for Entra ID to replicate a new principal moves the shared clock instead of sleeping.
  const azureProvider = createAzureProvider({ clock, credential: azure.credential, endpoint: azure.url, ca: azure.ca, retryOptions: { maxRetries: 0 }, wait: async (ms) => clock.advance(ms) });
  return { gcp, azure, providers: [gcpProvider, azureProvider] };
}
