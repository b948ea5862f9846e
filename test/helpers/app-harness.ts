/**
 * The real app against the embedded GitHub (and optionally the GCP and Azure
 * emulators), on 127.0.0.1 only: a Probot running createAccessPrApp behind
 * createNodeMiddleware in a plain http.Server, the emulator's webhooks
 * pointed at it, one ManualClock shared by everything.
 *
 * @example
 *   const h = await startAppHarness();
 *   await seedAccessRepo(h.github);
 *   const pr = await h.github.as("alice").openPullRequest(ACCESS_REPO, { title: "Read prod DB", files: { "requests/gcp/prod/alice-inc-1.yaml": "..." } });
 *   await h.github.settled();           // every webhook answered, the app's own effects included
 *   (await h.checkRun(pr.headSha, "access-pr / approval"))?.output.title;
 *   await h.close();
 */
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { pino } from "pino";
import { Probot, ProbotOctokit, createNodeMiddleware } from "probot";
import type { ApplicationFunction } from "probot";
import type { AppDeps } from "../../src/app.js";
import { createAccessPrApp } from "../../src/app.js";
import { ManualClock } from "../../src/core/clock.js";
import { lifecycleOf } from "../../src/handlers/register-lifecycle.js";
import type { Provider } from "../../src/providers/provider.js";
import { createAzureProvider } from "../../src/providers/azure/index.js";
import { createGcpProvider } from "../../src/providers/gcp/index.js";
import { providerRegistry } from "../../src/providers/registry.js";
import type { ProviderRegistry } from "../../src/providers/registry.js";
import { startAzureEmulator } from "../../src/sandbox/azure/index.js";
import type { AzureEmulator } from "../../src/sandbox/azure/index.js";
import { startGcpEmulator } from "../../src/sandbox/gcp/gcp-emulator.js";
import type { GcpEmulator } from "../../src/sandbox/gcp/gcp-emulator.js";
import { GitHubEmulator } from "../../src/sandbox/github/index.js";
import type { Settings } from "../../src/settings.js";
import { staticAuthClient } from "../sandbox/gcp/emulator-clients.js";

export const ACCESS_REPO = "acme/access";
export const WEBHOOK_PATH = "/api/github/webhooks";

export interface AppHarnessOptions {
  clock?: ManualClock;
  /** Start the GCP and Azure emulators and give the app real providers for them (default false: the PR flow needs no cloud). */
  clouds?: boolean;
  settings?: Partial<Settings>;
  /** Replace the application function (default: createAccessPrApp with the harness's deps). */
  appFn?: (deps: AppDeps) => ApplicationFunction;
}

export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

export interface AppHarness {
  github: GitHubEmulator;
  clock: ManualClock;
  probot: Probot;
  providers: ProviderRegistry;
  gcp?: GcpEmulator;
  azure?: AzureEmulator;
  /** Where the app receives webhooks. */
  webhookUrl: string;
  /** Everything the app logged, parsed. */
  logs: LogLine[];
  /** The latest check run of this name on a sha, as the API returns it. */
  checkRun(sha: string, name: string, repo?: string): Promise<CheckRunView | undefined>;
  /** Comments on an issue or PR, oldest first. */
  comments(number: number, repo?: string): Promise<{ id: number; body: string; user: string }[]>;
  close(): Promise<void>;
}

export interface CheckRunView {
  id: number;
  status: string;
  conclusion: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
  annotations: { path: string; start_line: number; start_column?: number | null; annotation_level: string | null; message: string | null }[];
}

const NO_RETRY = ProbotOctokit.defaults((options: Record<string, unknown>) => ({ ...options, retry: { enabled: false }, throttle: { enabled: false } }));

export async function startAppHarness(options: AppHarnessOptions = {}): Promise<AppHarness> {
  const clock = options.clock ?? new ManualClock("2026-11-24T08:00:00Z");
  const github = await GitHubEmulator.start({ clock });
  const cleanups: (() => Promise<void>)[] = [() => github.close()];
  const providers: Provider[] = [];
  let gcp: GcpEmulator | undefined;
  let azure: AzureEmulator | undefined;
  if (options.clouds) {
    gcp = await startGcpEmulator({ clock });
    azure = await startAzureEmulator({ clock });
    cleanups.push(() => (gcp as GcpEmulator).close(), () => (azure as AzureEmulator).close());
    const gcpProvider = createGcpProvider({ clock, endpoint: { host: gcp.host, port: gcp.port, protocol: "http" }, authClient: staticAuthClient(), retry: { baseDelayMs: 5 } });
    providers.push(gcpProvider, createAzureProvider({ clock, credential: azure.credential, endpoint: azure.url, ca: azure.ca, retryOptions: { maxRetries: 0 } }));
    cleanups.unshift(() => gcpProvider.close());
  }
  const registry = providerRegistry(providers);

  const logs: LogLine[] = [];
  const log = pino({ level: "debug" }, { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) });
  const app = github.app;
  const probot = new Probot({ appId: app.appId, privateKey: app.privateKey, secret: app.webhookSecret, baseUrl: github.url, Octokit: NO_RETRY, log });
  const settings: Settings = { sweepSeconds: 60, reconcileSeconds: 600, ...options.settings };
  const deps: AppDeps = { clock, providers: registry, settings };
  const middleware = await createNodeMiddleware((options.appFn ?? createAccessPrApp)(deps), { probot, webhooksPath: WEBHOOK_PATH });
  const server = createServer((req, res) => {
    void Promise.resolve(
      middleware(req, res, () => {
        res.writeHead(404).end();
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.unshift(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  // Stop the lifecycle's timers first, so nothing fires into a closing server.
  cleanups.unshift(async () => {
    await lifecycleOf(deps)?.stop();
  });
  const webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}${WEBHOOK_PATH}`;
  github.webhookUrl = webhookUrl;

  // Reads through the app's own bot account, which exists in every harness.
  const reader = () => github.octokitFor(`${app.slug}[bot]`);
  const split = (repo: string) => ({ owner: repo.split("/")[0] ?? "", repo: repo.split("/")[1] ?? "" });
  return {
    github,
    clock,
    probot,
    providers: registry,
    ...(gcp ? { gcp } : {}),
    ...(azure ? { azure } : {}),
    webhookUrl,
    logs,
    async checkRun(sha, name, repo = ACCESS_REPO) {
      const octokit = reader();
      const { data } = await octokit.rest.checks.listForRef({ ...split(repo), ref: sha, check_name: name });
      const run = data.check_runs[0];
      if (!run) return undefined;
      const annotations = (await octokit.rest.checks.listAnnotations({ ...split(repo), check_run_id: run.id })).data;
      return { id: run.id, status: run.status, conclusion: run.conclusion, output: { title: run.output.title, summary: run.output.summary, text: run.output.text }, annotations };
    },
    async comments(number, repo = ACCESS_REPO) {
      const { data } = await reader().rest.issues.listComments({ ...split(repo), issue_number: number, per_page: 100 });
      return data.map((c) => ({ id: c.id, body: c.body ?? "", user: c.user?.login ?? "" }));
    },
    async close() {
      for (const cleanup of cleanups) await cleanup();
    },
  };
}

const root = fileURLToPath(new URL("../../", import.meta.url));

/** The example policies and identities shipped in this repo's access-policies/. */
export function examplePolicyFiles(): Record<string, string> {
  return Object.fromEntries(
    readdirSync(`${root}access-policies`)
      .filter((name) => name.endsWith(".yaml"))
      .map((name) => [`access-policies/${name}`, readFileSync(`${root}access-policies/${name}`, "utf8")]),
  );
}

export const EXAMPLE_CODEOWNERS = [
  "# Platform owns everything not named below.",
  "* @acme/platform",
  "/access-policies/ @acme/security",
  "/.github/ @acme/security",
  "/requests/gcp/prod/ @acme/sre",
  "/requests/gcp/dev/ @acme/payments-leads",
  "/requests/azure/ @acme/sre",
  "",
].join("\n");

/**
 * The people and teams of the examples, and the access repo with the example
 * policies and CODEOWNERS on main. alice: payments engineer; bob: SRE;
 * carol: org admin and security; dave: SRE invitation still pending; erin:
 * contractor; mallory: an SRE who is alice's second account; paula: payments lead.
 */
export async function seedAccessRepo(github: GitHubEmulator, files: Record<string, string> = {}): Promise<{ headSha: string }> {
  for (const login of ["alice", "bob", "dave", "erin", "mallory", "paula"])  github.createUser(login);
  github.createUser("carol", { admin: true });
  github.createTeam("acme", "payments-eng", { active: ["alice", "paula"] });
  github.createTeam("acme", "sre", { active: ["bob", "mallory"], pending: ["dave"] });
  github.createTeam("acme", "security", { active: ["carol"] });
  github.createTeam("acme", "platform", { active: ["carol"] });
  github.createTeam("acme", "payments-leads", { active: ["paula"] });
  const writers = ["alice", "bob", "dave", "erin", "mallory", "paula"];
  const repo = await github.createRepo(ACCESS_REPO, {
    files: { "README.md": "# access\n", ".github/CODEOWNERS": EXAMPLE_CODEOWNERS, ...examplePolicyFiles(), ...files },
    collaborators: { ...Object.fromEntries(writers.map((login) => [login, "write" as const])) },
  });
  return { headSha: repo.headSha };
}
