/**
 * A second replica of the app for a lifecycle world: its own Probot, its own
 * createAccessPrApp with separate deps (its own provider clients, caches and
 * scheduler), its own http server, against the SAME GitHub, GCP and Azure
 * emulators and the same ManualClock. The emulator has one webhook URL, so
 * webhooks keep going to the first replica while both run their sweeps and
 * reconciles on the shared clock.
 *
 * @example
 *   const w = await startWorld();
 *   const b = await startSecondReplica(w.h);
 *   await Promise.all([w.lifecycle().trigger(ACCESS_REPO, "sweep"), b.lifecycle().trigger(ACCESS_REPO, "sweep")]);
 *   await b.close();
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { pino } from "pino";
import { Probot, ProbotOctokit, createNodeMiddleware } from "probot";
import { withTokenRefresh } from "../../src/github/token-refresh.js";
import type { AppDeps } from "../../src/app.js";
import { createAccessPrApp } from "../../src/app.js";
import { lifecycleOf } from "../../src/handlers/register-lifecycle.js";
import type { LifecycleService } from "../../src/lifecycle/lifecycle-service.js";
import { createAzureProvider } from "../../src/providers/azure/index.js";
import { createGcpProvider } from "../../src/providers/gcp/index.js";
import { providerRegistry } from "../../src/providers/registry.js";
import type { AppHarness, LogLine } from "../helpers/app-harness.js";
import { ACCESS_REPO, WEBHOOK_PATH } from "../helpers/app-harness.js";
import { staticAuthClient } from "../sandbox/gcp/emulator-clients.js";

export interface Replica {
  deps: AppDeps;
  probot: Probot;
  logs: LogLine[];
  /** Where this replica would receive webhooks (point the emulator here to switch). */
  webhookUrl: string;
  lifecycle(): LifecycleService;
  close(): Promise<void>;
}

const NO_RETRY = ProbotOctokit.defaults((options: Record<string, unknown>) => ({ ...options, retry: { enabled: false }, throttle: { enabled: false } }));

export async function startSecondReplica(h: AppHarness, settings: Partial<AppDeps["settings"]> = {}): Promise<Replica> {
  const { gcp, azure, clock, github } = h;
  if (!gcp || !azure) throw new Error("a second replica needs a world with clouds");
  const gcpProvider = createGcpProvider({ clock, endpoint: { host: gcp.host, port: gcp.port, protocol: "http" }, authClient: staticAuthClient(), retry: { baseDelayMs: 5 } });
  const providers = providerRegistry([gcpProvider, createAzureProvider({ clock, credential: azure.credential, endpoint: azure.url, ca: azure.ca, retryOptions: { maxRetries: 0 } })]);
  const deps: AppDeps = { clock, providers, settings: { sweepSeconds: 60, reconcileSeconds: 600, accessRepos: [ACCESS_REPO], ...settings } };
  const logs: LogLine[] = [];
  const log = pino({ level: "debug" }, { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) });
  const { appId, privateKey, webhookSecret } = github.app;
  // Installation tokens expire on the shared clock (401 after `expires_at`), so this replica renews them on it too.
  const probot = new Probot({ appId, privateKey, secret: webhookSecret, baseUrl: github.url, Octokit: withTokenRefresh(NO_RETRY, clock), log });
  const middleware = await createNodeMiddleware(createAccessPrApp(deps), { probot, webhooksPath: WEBHOOK_PATH });
  const server = createServer((req, res) => {
    void Promise.resolve(middleware(req, res, () => res.writeHead(404).end()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    deps,
    probot,
    logs,
    webhookUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}${WEBHOOK_PATH}`,
    lifecycle: () => lifecycleOf(deps) as LifecycleService,
    async close() {
      await lifecycleOf(deps)?.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await gcpProvider.close();
    },
  };
}
