/**
 * `npm run bench`: the lifecycle's GitHub API cost and time, measured against
 * the embedded GitHub, GCP and Azure with a jumping clock. Prints one line per
 * phase, `name key=value …`, so runs can be compared at a glance.
 *
 * @example
 *   npm run bench
 *   // lifecycle.merge_to_granted requests=1 github_calls=61 gcp_calls=6 azure_calls=9 ms=412
 */
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { OAuth2Client } from "google-auth-library";
import { Probot, ProbotOctokit, createNodeMiddleware } from "probot";
import { createAccessPrApp } from "../app.js";
import type { AppDeps } from "../app.js";
import { ManualClock } from "../core/clock.js";
import { lifecycleOf } from "../handlers/register-lifecycle.js";
import { createAzureProvider } from "../providers/azure/index.js";
import { createGcpProvider } from "../providers/gcp/index.js";
import { providerRegistry } from "../providers/registry.js";
import { startAzureEmulator } from "../sandbox/azure/index.js";
import { startGcpEmulator } from "../sandbox/gcp/gcp-emulator.js";
import { GitHubEmulator } from "../sandbox/github/index.js";

const REPO = "acme/access";
const SUB = "00000000-0000-0000-0000-000000000001";
const RG = `/subscriptions/${SUB}/resourceGroups/payments`;
const PEOPLE = ["alice", "paula", "bob", "mallory"];

function request(provider: "gcp" | "azure"): string {
  const grant = provider === "gcp" ? ["  - provider: gcp", "    scope: projects/payments-prod", "    role: roles/cloudsql.client"] : ["  - provider: azure", `    scope: ${RG}`, "    role: Reader"];
  return ['reason: "INC-4711: payments export failing, need to read the prod DB"', "ticket: INC-4711", "duration: 2h", "grants:", ...grant, ""].join("\n");
}

async function main(): Promise<void> {
  const clock = new ManualClock("2026-11-24T08:00:00Z");
  const github = await GitHubEmulator.start({ clock });
  const gcp = await startGcpEmulator({ clock });
  const azure = await startAzureEmulator({ clock });
  gcp.createProject("payments-prod");
  gcp.createProject("payments-dev");
  azure.createSubscription(SUB);
  azure.createResourceGroup(SUB, "payments");
  const authClient = new OAuth2Client();
  authClient.setCredentials({ access_token: "bench", expiry_date: Date.now() + 86_400_000 });
  const gcpProvider = createGcpProvider({ clock, endpoint: { host: gcp.host, port: gcp.port, protocol: "http" }, authClient });
  const providers = providerRegistry([gcpProvider, createAzureProvider({ clock, credential: azure.credential, endpoint: azure.url, ca: azure.ca, retryOptions: { maxRetries: 0 } })]);

  for (const login of PEOPLE) github.createUser(login);
  github.createTeam("acme", "payments-eng", { active: ["alice", "paula"] });
  github.createTeam("acme", "sre", { active: ["bob", "mallory"] });
  const root = fileURLToPath(new URL("../../", import.meta.url));
  const policies = Object.fromEntries(readdirSync(`${root}access-policies`).filter((n) => n.endsWith(".yaml")).map((n) => [`access-policies/${n}`, readFileSync(`${root}access-policies/${n}`, "utf8")]));
  const identities = ["version: 1", "identities:", "  alice:", "    gcp: user:alice@acme.example", "    azure: { object_id: 00000000-0000-0000-0000-0000000000a1, type: User }", "  paula:", "    gcp: user:paula@acme.example", "    azure: { object_id: 00000000-0000-0000-0000-0000000000a2, type: User }", ""].join("\n");
  await github.createRepo(REPO, {
    files: { "README.md": "# access\n", ".github/CODEOWNERS": "/requests/ @acme/sre\n", ...policies, "access-policies/identities.yaml": identities },
    collaborators: Object.fromEntries(PEOPLE.map((p) => [p, "write" as const])),
  });

  const deps: AppDeps = { clock, providers, settings: { sweepSeconds: 60, reconcileSeconds: 600 } };
  const { appId, privateKey, webhookSecret } = github.app;
  const Octokit = ProbotOctokit.defaults((o: Record<string, unknown>) => ({ ...o, retry: { enabled: false }, throttle: { enabled: false } }));
  const probot = new Probot({ appId, privateKey, secret: webhookSecret, baseUrl: github.url, Octokit, logLevel: "fatal" });
  const middleware = await createNodeMiddleware(createAccessPrApp(deps), { probot });
  const server = createServer((req, res) => void middleware(req, res, () => res.writeHead(404).end()));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  github.webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`;

  const settle = async () => {
    for (let i = 0; i < 20; i++) {
      const before = github.deliveries.length;
      await github.settled();
      await lifecycleOf(deps)?.scheduler.idle();
      await github.settled();
      if (github.deliveries.length === before) return;
    }
  };
  const phase = async (name: string, requests: number, work: () => Promise<void>) => {
    github.faults.resetCounts();
    gcp.faults.resetCounts();
    azure.faults.resetCounts();
    const started = performance.now();
    await work();
    await settle();
    const ms = Math.round(performance.now() - started);
    process.stdout.write(`${name} requests=${requests} github_calls=${github.faults.count()} gcp_calls=${gcp.faults.count()} azure_calls=${azure.faults.count()} ms=${ms}\n`);
  };

  await settle();
  const requesters = ["alice", "paula"];
  const opened: number[] = [];
  await phase("lifecycle.open_and_approve", 4, async () => {
    for (const login of requesters) {
      for (const provider of ["gcp", "azure"] as const) {
        const path = provider === "gcp" ? `requests/gcp/prod/${login}-inc-4711.yaml` : `requests/azure/${login}-inc-4711.yaml`;
        const pr = await github.as(login).openPullRequest(REPO, { title: `${provider} access for ${login}`, files: { [path]: request(provider) } });
        await settle();
        await github.as("bob").approve(REPO, pr.number);
        opened.push(pr.number);
      }
    }
  });
  for (const [i, number] of opened.entries()) {
    await phase(`lifecycle.merge_to_granted.${i + 1}`, 1, async () => {
      await github.as("mallory").merge(REPO, number);
    });
  }
  await phase("lifecycle.window_end_to_reverted", opened.length, async () => {
    clock.advance(2 * 3_600_000);
  });
  await phase("lifecycle.idle_sweep", 0, async () => {
    clock.advance(60_000);
  });
  await phase("lifecycle.idle_reconcile", 0, async () => {
    clock.advance(600_000);
  });

  await lifecycleOf(deps)?.stop();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  await gcpProvider.close();
  await Promise.all([github.close(), gcp.close(), azure.close()]);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
