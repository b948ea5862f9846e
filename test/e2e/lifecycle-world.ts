/**
 * The lifecycle's world for end-to-end tests: the real app on the harness
 * with both cloud emulators, the example access repo, and helpers to read
 * what a person or an auditor would see.
 */
import { execFileSync } from "node:child_process";
import type { AppDeps } from "../../src/app.js";
import { createAccessPrApp } from "../../src/app.js";
import { writePacersOf } from "../../src/github/write-pacer.js";
import { lifecycleOf } from "../../src/handlers/register-lifecycle.js";
import { createLifecycleService } from "../../src/lifecycle/lifecycle-service.js";
import type { LifecycleService } from "../../src/lifecycle/lifecycle-service.js";
import type { AppHarness } from "../helpers/app-harness.js";
import { ACCESS_REPO, seedAccessRepo, startAppHarness } from "../helpers/app-harness.js";

export const SUB = "00000000-0000-0000-0000-000000000001";
export const RG = `/subscriptions/${SUB}/resourceGroups/payments`;
export const ALICE_OID = "00000000-0000-0000-0000-0000000000a1";
export const ALICE_GCP = "user:alice@acme.example";
export const GCP_PATH = "requests/gcp/prod/alice-inc-4711.yaml";
export const AZURE_PATH = "requests/azure/alice-inc-4711.yaml";
export const HOUR = 3_600_000;
export const EXAMPLE_GCP_ACCOUNTS = ["alice", "bob", "carol", "dave"].map((p) => `user:${p}@acme.example`).concat("user:erin@contractor.example", "serviceAccount:payments-batch@payments-prod.iam.gserviceaccount.com");
export const [owner, repo] = ACCESS_REPO.split("/") as [string, string];

export { prodRequest as gcpRequest } from "../helpers/requests.js";

export function azureRequest(extra: string[] = [], duration = "2h"): string {
  return ['reason: "INC-4711: payments export failing, need the storage logs"', `duration: ${duration}`, ...extra, "grants:", "  - provider: azure", `    scope: ${RG}`, "    role: Reader", ""].join("\n");
}

export interface World {
  h: AppHarness;
  deps: AppDeps;
  lifecycle(): LifecycleService;
  /** Stops the lifecycle as a crash would, and starts a fresh one with nothing in memory (webhook handlers keep the old one). */
  restart(): Promise<void>;
  /** Waits until webhooks and lifecycle runs are all done (runs cause webhooks and webhooks cause runs). */
  settle(): Promise<void>;
  /** alice opens, bob approves, `merger` merges; returns the PR number and merge sha. */
  requestAndMerge(files: Record<string, string | null>, options?: { approve?: boolean; merger?: string; title?: string }): Promise<{ number: number; mergeSha: string }>;
  holdsGcp(): boolean;
  holdsAzure(): boolean;
  /** Bindings for alice in the GCP policy, expired or not (a revoke removes them). */
  gcpBindings(): number;
  gitLog(): string[];
  mainFiles(): Promise<string[]>;
  storyOf(pr: number): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * `azureProvisioningDelayMs` defaults to 0 here so these stories can check Azure right after a merge;
 * cloud-fidelity.test.ts runs the lifecycle with PIM's realistic delay.
 */
export interface WorldOptions {
  protection?: boolean;
  azureProvisioningDelayMs?: number;
  /** The GCP members with an account behind them (default: every member of the example identities.yaml). */
  gcpAccounts?: string[];
  /** Files on main beside the example access repo. */
  files?: Record<string, string>;
  /** The seed of the embedded GitHub's shuffled delivery (default: ACCESS_PR_DELIVERY_SEED, else a fresh one). */
  deliverySeed?: number;
}

export async function startWorld(options: WorldOptions = {}): Promise<World> {
  let deps: AppDeps | undefined;
  const h = await startAppHarness({
    clouds: true,
    azureProvisioningDelayMs: options.azureProvisioningDelayMs ?? 0,
    ...(options.deliverySeed === undefined ? {} : { github: { delivery: { seed: options.deliverySeed } } }),
    appFn: (d) => {
      deps = d;
      return createAccessPrApp(d);
    },
  });
  h.gcp?.createProject("payments-prod");
  h.gcp?.createProject("payments-dev");
  // The accounts behind the example identities.yaml; IAM refuses a member with no account (FACTS).
  h.gcp?.addAccounts(...(options.gcpAccounts ?? EXAMPLE_GCP_ACCOUNTS));
  h.azure?.createSubscription(SUB);
  h.azure?.createResourceGroup(SUB, "payments");
  await seedAccessRepo(h.github, options.files);
  if (options.protection) h.github.setProtection(ACCESS_REPO, { requiredApprovals: 1, bypass: ["access-pr"], adminsCanBypass: true });
  let current: LifecycleService | undefined;
  const lifecycle = () => current ?? (lifecycleOf(deps as AppDeps) as LifecycleService);
  const settleAll = async () => {
    for (let i = 0; i < 10; i++) {
      await h.github.settled();
      await lifecycle().scheduler.idle();
      const before = h.github.deliveries.length;
      await h.github.settled();
      if (h.github.deliveries.length === before) return;
    }
  };
  // A write GitHub refused over its secondary limit waits for the clock: settled as far as it can be until the clock moves.
  const settle = async () => {
    const held = writePacersOf(h.probot)?.held();
    await (held ? Promise.race([settleAll(), held]) : settleAll());
  };
  const bot = h.github.octokitFor("access-pr[bot]");
  return {
    h,
    deps: deps as AppDeps,
    lifecycle,
    settle,
    async restart() {
      const { identity } = lifecycle();
      await lifecycle().stop();
      current = createLifecycleService(h.probot, deps as AppDeps, identity);
      current.scheduler.start();
    },
    async requestAndMerge(files, opts = {}) {
      const pr = await h.github.as("alice").openPullRequest(ACCESS_REPO, { title: opts.title ?? "Read prod DB for INC-4711", files });
      await settle();
      if (opts.approve ?? true) {
        await h.github.as("bob").approve(ACCESS_REPO, pr.number);
        await settle();
      }
      const mergeSha = await h.github.as(opts.merger ?? "bob").merge(ACCESS_REPO, pr.number);
      await settle();
      return { number: pr.number, mergeSha };
    },
    holdsGcp: () => h.gcp?.holds("projects/payments-prod", ALICE_GCP, "roles/cloudsql.client") ?? false,
    holdsAzure: () => h.azure?.holds(RG, ALICE_OID, "Reader") ?? false,
    gcpBindings: () => h.gcp?.getPolicy("projects/payments-prod").bindings.filter((b) => b.members.includes(ALICE_GCP)).length ?? 0,
    gitLog: () => execFileSync("git", ["log", "--topo-order", "--format=%s", "main"], { cwd: h.github.repoPath(ACCESS_REPO) }).toString().trim().split("\n"),
    async mainFiles() {
      const { data } = await bot.rest.git.getTree({ owner, repo, tree_sha: "main", recursive: "1" });
      return data.tree.filter((e) => e.type === "blob" && e.path?.startsWith("requests/")).map((e) => e.path ?? "");
    },
    async storyOf(pr) {
      // The story is told in the plan comment, above its sections, one line per event.
      const plan = (await h.comments(pr)).find((c) => c.body.startsWith("<!-- access-pr:plan -->"));
      const lines = plan?.body.split("\n") ?? [];
      const firstSection = lines.findIndex((l) => l.startsWith("<!-- outcome"));
      return lines.slice(0, firstSection < 0 ? lines.length : firstSection).filter((l) => l.startsWith("<!-- entry:")).map((l) => l.replace(/^<!-- entry:[^ ]+ -->/, ""));
    },
    async close() {
      await lifecycleOf(deps as AppDeps)?.stop();
      await current?.stop();
      await h.close();
    },
  };
}
