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
import { pino } from "pino";
import type { ApplicationFunction, Probot } from "probot";
import type { AppDeps } from "../../src/app.js";
import { writePacersOf } from "../../src/github/write-pacer.js";
import { lifecycleOf } from "../../src/handlers/register-lifecycle.js";
import type { ManualClock } from "../../src/core/clock.js";
import type { ProviderRegistry } from "../../src/providers/registry.js";
import type { CallCounter } from "../../src/sandbox/api-calls.js";
import type { AzureEmulator } from "../../src/sandbox/azure/index.js";
import { WEBHOOK_PATH, startEmbeddedApp } from "../../src/sandbox/embedded-app.js";
import type { EmbeddedAppOptions } from "../../src/sandbox/embedded-app.js";
import { EXAMPLE_ACCESS_REPO, EXAMPLE_CODEOWNERS, examplePolicyFiles, seedExampleAccessRepo } from "../../src/sandbox/example-access-repo.js";
import type { GcpEmulator } from "../../src/sandbox/gcp/gcp-emulator.js";
import type { GitHubEmulator } from "../../src/sandbox/github/index.js";
import type { Settings } from "../../src/settings.js";
import { deliveryFor, rememberSeed } from "./delivery-seed.js";

export { EXAMPLE_CODEOWNERS, WEBHOOK_PATH, examplePolicyFiles };
export const ACCESS_REPO = EXAMPLE_ACCESS_REPO;

export interface AppHarnessOptions {
  clock?: ManualClock;
  /** Start the GCP and Azure emulators and give the app real providers for them (default false: the PR flow needs no cloud). */
  clouds?: boolean;
  settings?: Partial<Settings>;
  /** The embedded GitHub's options, e.g. another app slug. */
  github?: EmbeddedAppOptions["github"];
  /** Replace the application function (default: createAccessPrApp with the harness's deps). */
  appFn?: (deps: AppDeps) => ApplicationFunction;
  /** How long Azure PIM takes to provision (default: the emulator's realistic few minutes). */
  azureProvisioningDelayMs?: number;
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
  /** Every GitHub API call the app made, by route. */
  appGitHubCalls: CallCounter;
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

export async function startAppHarness(options: AppHarnessOptions = {}): Promise<AppHarness> {
  const logs: LogLine[] = [];
  const log = pino({ level: "debug" }, { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) });
  const world = await startEmbeddedApp({ log, ...options, github: { ...options.github, delivery: deliveryFor(options.github?.delivery) } });
  const forgetSeed = rememberSeed(world.github.delivery.seed);
  const { github, clock, probot, providers, gcp, azure, webhookUrl, appGitHubCalls } = world;
  const app = github.app;

  // Reads through the app's own bot account, which exists in every harness.
  const reader = () => github.octokitFor(`${app.slug}[bot]`);
  const split = (repo: string) => ({ owner: repo.split("/")[0] ?? "", repo: repo.split("/")[1] ?? "" });
  return {
    github,
    clock,
    probot,
    providers,
    ...(gcp ? { gcp } : {}),
    ...(azure ? { azure } : {}),
    webhookUrl,
    logs,
    appGitHubCalls,
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
    close: () => world.close().finally(forgetSeed),
  };
}

/**
 * The people and teams of the examples, and the access repo with the example
 * policies and CODEOWNERS on main (see seedExampleAccessRepo).
 */
export async function seedAccessRepo(github: GitHubEmulator, files: Record<string, string> = {}): Promise<{ headSha: string }> {
  return seedExampleAccessRepo(github, { files });
}

/**
 * Waits until webhooks are answered and the lifecycle started with `deps` is
 * idle, round after round, since runs cause webhooks and webhooks cause runs.
 */
export async function settleApp(h: AppHarness, deps: object | undefined): Promise<void> {
  const settleAll = async () => {
    for (let round = 0; round < 10; round += 1) {
      const before = h.github.deliveries.length;
      await h.github.settled();
      await lifecycleOf(deps ?? {})?.scheduler.idle();
      await h.github.settled();
      if (h.github.deliveries.length === before) return;
    }
  };
  // A write GitHub refused over its secondary limit waits for the clock: settled as far as it can be until the clock moves.
  const held = writePacersOf(h.probot)?.held();
  await (held ? Promise.race([settleAll(), held]) : settleAll());
}
