/**
 * Everything the sandbox runs, started on 127.0.0.1 and sharing one
 * ManualClock: the embedded GitHub (with org, teams, people and the access
 * repo), the GCP and Azure emulators, and the real access-pr app under
 * Probot, receiving the emulator's signed webhooks.
 *
 * @example
 *   const world = await startSandboxWorld({ dir: ".sandbox", version: "0.1.0" });
 *   await world.github.as("alice").openPullRequest(ACCESS_REPO, { ... });
 *   await world.github.settled();
 *   await world.close();
 */
import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { OAuth2Client } from "google-auth-library";
import { createNodeMiddleware, Probot } from "probot";
import { createAccessPrApp } from "../../app.js";
import type { AppDeps } from "../../app.js";
import { ManualClock } from "../../core/clock.js";
import { lifecycleOf } from "../../handlers/register-lifecycle.js";
import { createAzureProvider } from "../../providers/azure/index.js";
import { createGcpProvider } from "../../providers/gcp/index.js";
import { providerRegistry } from "../../providers/registry.js";
import { startAzureEmulator } from "../azure/index.js";
import type { AzureEmulator } from "../azure/index.js";
import { startGcpEmulator } from "../gcp/gcp-emulator.js";
import type { GcpEmulator } from "../gcp/gcp-emulator.js";
import { GitHubEmulator } from "../github/index.js";
import { sandboxAccessRepoFiles } from "./access-repo-files.js";
import { CallCounter, countingOctokit } from "./api-calls.js";
import { AppLog } from "./app-log.js";
import { ACCESS_REPO, AZURE_RESOURCE_GROUP, AZURE_SUBSCRIPTION, CAST, GCP_PROJECT, ORG, TEAMS } from "./cast.js";

export const STORY_START = "2026-11-24T08:00:00Z";

export interface SandboxWorldOptions {
  /** Where the embedded GitHub keeps its bare repositories (kept after exit). */
  dir: string;
  /** access-pr's version, written into the scaffold's CI workflow. */
  version: string;
}

export interface SandboxWorld {
  clock: ManualClock;
  github: GitHubEmulator;
  gcp: GcpEmulator;
  azure: AzureEmulator;
  /** Each person's GitHub token, for poking at the emulator with curl or Octokit. */
  tokens: Readonly<Record<string, string>>;
  /** Where the app receives webhooks. */
  webhookUrl: string;
  /** Every GitHub request the app made, by route. */
  appGitHubCalls: CallCounter;
  appLog: AppLog;
  /** The access repo's bare git repository on disk. */
  accessRepoPath: string;
  /** Resolves once the app's lifecycle has no run in progress or queued. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export async function startSandboxWorld(options: SandboxWorldOptions): Promise<SandboxWorld> {
  const clock = new ManualClock(STORY_START);
  const closers: Array<() => Promise<unknown>> = [];
  const close = async (): Promise<void> => {
    for (const closeOne of closers.reverse()) await closeOne().catch(() => undefined);
  };
  try {
    const github = await GitHubEmulator.start({ clock, dir: join(options.dir, "github"), keep: true, org: ORG });
    closers.push(() => github.close());
    const gcp = await startGcpEmulator({ clock });
    closers.push(() => gcp.close());
    const azure = await startAzureEmulator({ clock });
    closers.push(() => azure.close());

    gcp.createProject(GCP_PROJECT);
    azure.createSubscription(AZURE_SUBSCRIPTION);
    azure.createResourceGroup(AZURE_SUBSCRIPTION, AZURE_RESOURCE_GROUP);
    const tokens: Record<string, string> = {};
    for (const person of CAST) tokens[person.login] = github.createUser(person.login, { name: capitalised(person.login) }).token;
    for (const team of TEAMS) github.createTeam(ORG, team, { active: CAST.filter((p) => p.team === team).map((p) => p.login) });
    await github.createRepo(ACCESS_REPO, {
      files: sandboxAccessRepoFiles(options.version),
      author: "carol",
      collaborators: Object.fromEntries(CAST.map((p) => [p.login, "write" as const])),
      // The app is a bypass actor so it can merge its own revert PRs (FACTS: ruleset bypass).
      protection: { requiredApprovals: 1, bypass: [github.app.slug] },
    });

    const authClient = new OAuth2Client();
    authClient.setCredentials({ access_token: "sandbox", expiry_date: Date.now() + 365 * 86_400_000 });
    const gcpProvider = createGcpProvider({ clock, endpoint: { host: gcp.host, port: gcp.port, protocol: "http" }, authClient });
    closers.push(() => gcpProvider.close());
    const azureProvider = createAzureProvider({ clock, credential: azure.credential, endpoint: azure.url, ca: azure.ca });
    const providers = providerRegistry([gcpProvider, azureProvider]);

    const appGitHubCalls = new CallCounter();
    const appLog = new AppLog();
    const { appId, privateKey, webhookSecret } = github.app;
    const probot = new Probot({ appId, privateKey, secret: webhookSecret, baseUrl: github.url, log: appLog.logger, Octokit: countingOctokit(appGitHubCalls) });
    // With a ManualClock the app's lifecycle timers fire when the story moves the clock.
    const deps: AppDeps = { clock, providers, settings: { sweepSeconds: 60, reconcileSeconds: 600 } };
    const middleware = await createNodeMiddleware(createAccessPrApp(deps), { probot });
    closers.push(async () => lifecycleOf(deps)?.stop());
    const server: Server = createServer((req, res) => void middleware(req, res, () => res.writeHead(404).end()));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    closers.push(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    );
    const webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`;
    github.webhookUrl = webhookUrl;

    return { clock, github, gcp, azure, tokens, webhookUrl, appGitHubCalls, appLog, accessRepoPath: github.repoPath(ACCESS_REPO), idle: async () => lifecycleOf(deps)?.scheduler.idle(), close };
  } catch (error) {
    await close();
    throw error;
  }
}

function capitalised(login: string): string {
  return `${login.slice(0, 1).toUpperCase()}${login.slice(1)}`;
}
