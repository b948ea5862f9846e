/**
 * The bench's world: the embedded app with both clouds and the example access
 * repo, plus `phase()`, which measures what the app costs while some work
 * happens and prints it as one `name key=value …` line.
 *
 * @example
 *   const bench = await startBenchWorld({ engineers: ["eng-01"], write: (l) => process.stdout.write(l) });
 *   await bench.phase("lifecycle.window_end_to_reverted", 1, async () => bench.app.clock.advance(7_200_000));
 *   // lifecycle.window_end_to_reverted requests=1 github_calls=24 github_posts=6 gcp_calls=2 azure_calls=0 revert_prs=1 ms=95
 *   await bench.app.close();
 */
import { startEmbeddedApp } from "../sandbox/embedded-app.js";
import type { EmbeddedAppOptions, EmbeddedAppWithClouds } from "../sandbox/embedded-app.js";
import { EXAMPLE_ACCESS_REPO, seedExampleAccessRepo } from "../sandbox/example-access-repo.js";

export const REPO = EXAMPLE_ACCESS_REPO;
export const SUBSCRIPTION = "00000000-0000-0000-0000-000000000001";
export const RESOURCE_GROUP = `/subscriptions/${SUBSCRIPTION}/resourceGroups/payments`;
export const HOUR = 3_600_000;

export interface BenchWorld {
  app: EmbeddedAppWithClouds;
  /** Does `work`, waits until the app is done with it, and prints what the app spent. */
  /** Resolves to the rate-limited GitHub calls the phase cost. */
  phase(name: string, requests: number, work: () => Promise<void>, goal?: string): Promise<number>;
}

/** A two-hour request in the example policies' payments scopes. */
export function requestFile(provider: "gcp" | "azure", ticket: string): string {
  const grant = provider === "gcp" ? ["  - provider: gcp", "    scope: projects/payments-prod", "    role: roles/cloudsql.client"] : ["  - provider: azure", `    scope: ${RESOURCE_GROUP}`, "    role: Reader"];
  return [`reason: "${ticket}: payments export failing, need to read the prod DB"`, `ticket: ${ticket}`, "duration: 2h", "grants:", ...grant, ""].join("\n");
}

export function requestPath(provider: "gcp" | "azure", login: string, ticket: string): string {
  const name = `${login}-${ticket.toLowerCase()}.yaml`;
  return provider === "gcp" ? `requests/gcp/prod/${name}` : `requests/azure/${name}`;
}

/** eng-0001 … eng-N: users with write access, payments engineers with GCP accounts (startBenchWorld's `engineers`). */
export function mondayEngineers(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `eng-${String(i + 1).padStart(4, "0")}`);
}

/** alice, paula and every engineer get a GCP user and an Azure object id. */
function identities(requesters: string[]): string {
  const lines = ["version: 1", "identities:"];
  for (const [i, login] of requesters.entries()) {
    const objectId = `00000000-0000-0000-0000-${(0xa00000 + i).toString(16).padStart(12, "0")}`;
    lines.push(`  ${login}:`, `    gcp: user:${login}@acme.example`, `    azure: { object_id: ${objectId}, type: User }`);
  }
  return [...lines, ""].join("\n");
}

export async function startBenchWorld(options: { engineers?: string[]; write: (line: string) => void } & Pick<EmbeddedAppOptions, "github" | "log">): Promise<BenchWorld> {
  const engineers = options.engineers ?? [];
  const app = await startEmbeddedApp({ clouds: true, ...(options.github ? { github: options.github } : {}), ...(options.log ? { log: options.log } : {}) });
  try {
    app.gcp.createProject("payments-prod");
    app.gcp.createProject("payments-dev");
    app.gcp.addAccounts(...["alice", "paula", ...engineers].map((login) => `user:${login}@acme.example`));
    app.azure.createSubscription(SUBSCRIPTION);
    app.azure.createResourceGroup(SUBSCRIPTION, "payments");
    await seedExampleAccessRepo(app.github, { engineers, files: { "access-policies/identities.yaml": identities(["alice", "paula", ...engineers]) } });
    await app.settle();
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  const [owner = "", repo = ""] = REPO.split("/");
  // Counted in the embedded GitHub's store: listing a thousand seeded pull requests through its API takes minutes.
  const appPulls = async (): Promise<number> => [...app.github.hub.repo(owner, repo).pulls.values()].filter((p) => p.user === `${app.github.app.slug}[bot]`).length;
  return {
    app,
    async phase(name, requests, work, goal) {
      const pullsBefore = await appPulls();
      app.appGitHubCalls.reset();
      app.gcp.faults.resetCounts();
      app.azure.faults.resetCounts();
      const started = performance.now();
      await work();
      await app.settle();
      const ms = Math.round(performance.now() - started);
      // github_calls is what the rate limit counts; github_304 are conditional requests answered Not Modified (free).
      const github = `github_calls=${app.appGitHubCalls.rateLimited()} github_304=${app.appGitHubCalls.notModified()} github_posts=${app.appGitHubCalls.total("POST")}`;
      const clouds = `gcp_calls=${app.gcp.faults.count()} azure_calls=${app.azure.faults.count()}`;
      options.write(`${name} requests=${requests} ${github} ${clouds} revert_prs=${(await appPulls()) - pullsBefore} ms=${ms}${goal ? ` goal=${goal}` : ""}\n`);
      return app.appGitHubCalls.rateLimited();
    },
  };
}
