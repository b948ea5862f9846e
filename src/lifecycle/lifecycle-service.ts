/**
 * The lifecycle as the app runs it: a scheduler over every installation's
 * repos, each run authenticated as that installation, plus the entry points
 * the webhook handlers use.
 */
import type { Probot } from "probot";
import type { Clock } from "../core/clock.js";
import { ManualClock } from "../core/clock.js";
import type { GitHubClient, RepoRef } from "../github/client.js";
import { repoRef } from "../github/client.js";
import type { ProviderRegistry } from "../providers/registry.js";
import type { Settings } from "../settings.js";
import { DeliveryLru } from "./delivery-lru.js";
import { runLifecycle } from "./run-lifecycle.js";
import type { LifecycleContext, RunReport } from "./run-lifecycle.js";
import { createScheduler } from "./scheduler.js";
import type { LifecycleScheduler, RunKind } from "./scheduler.js";
import { manualTimers, realTimers } from "./timers.js";
import type { Timers } from "./timers.js";

export interface LifecycleDeps {
  clock: Clock;
  providers: ProviderRegistry;
  settings: Settings;
  /** Default: a ManualClock's jumps when the clock is one, else Node's timers. */
  timers?: Timers;
}

export interface LifecycleService {
  readonly context: LifecycleContext;
  readonly scheduler: LifecycleScheduler;
  readonly deliveries: DeliveryLru;
  /** Runs now (after any run of that repo in progress) and reports what it did; the installation comes from the webhook. */
  run(repo: RepoRef, installationId: number, kind: RunKind): Promise<RunReport>;
  /** Queues a run through the scheduler (folded with others), authenticating by itself. */
  trigger(repo: string, kind: RunKind): Promise<void>;
  /** Runs `fn` in the repo's queue, never at the same time as a lifecycle run of that repo in this process. */
  exclusive<T>(repo: RepoRef, fn: () => Promise<T>): Promise<T>;
  /** Stops every timer and waits for runs in progress; nothing is left behind. */
  stop(): Promise<void>;
}

/**
 * @example
 *   const lifecycle = createLifecycleService(app, { clock, providers, settings });
 *   lifecycle.scheduler.start();
 *   await lifecycle.stop(); // on shutdown
 */
export function createLifecycleService(app: Probot, deps: LifecycleDeps): LifecycleService {
  const log = app.log.child({ subsystem: "lifecycle" });
  const context: LifecycleContext = {
    clock: deps.clock,
    providers: deps.providers,
    log,
    botLogin: "",
    caches: new Map(),
    // Windows that end within one sweep period of each other share one revert pull request.
    revertBatchMs: deps.settings.sweepSeconds * 1000,
    expiredRevoked: new Set(),
  };
  const installationOf = new Map<string, number>();

  const installations = async (): Promise<void> => {
    const appClient = await app.auth();
    const list = await appClient.paginate(appClient.rest.apps.listInstallations, { per_page: 100 });
    for (const installation of list) {
      if (!context.botLogin && installation.app_slug) context.botLogin = `${installation.app_slug}[bot]`;
      const gh = (await app.auth(installation.id)) as GitHubClient;
      const repos = await gh.paginate(gh.rest.apps.listReposAccessibleToInstallation, { per_page: 100 });
      for (const repo of repos) installationOf.set(repo.full_name, installation.id);
    }
  };

  const clientFor = async (repo: string): Promise<GitHubClient> => {
    if (!installationOf.has(repo) || !context.botLogin) await installations();
    const id = installationOf.get(repo);
    if (id === undefined) throw new Error(`access-pr is not installed on ${repo}`);
    return (await app.auth(id)) as GitHubClient;
  };

  // Runs of one repo go through the scheduler's queue, so a webhook and a timer never run it twice at once.
  const reports = new Map<string, RunReport>();
  const scheduler = createScheduler({
    clock: deps.clock,
    timers: deps.timers ?? (deps.clock instanceof ManualClock ? manualTimers(deps.clock) : realTimers(deps.clock)),
    sweepMs: deps.settings.sweepSeconds * 1000,
    reconcileMs: deps.settings.reconcileSeconds * 1000,
    repos: async () => {
      await installations();
      return [...installationOf.keys()].sort();
    },
    run: async (repo, kind) => {
      const report = await runLifecycle(await clientFor(repo), repoRef(repo), kind, context);
      reports.set(repo, report);
      return report.nextWake;
    },
    onError: (error, repo, kind) => log.error({ err: error, repo, kind }, "lifecycle run failed; the next period retries"),
  });

  return {
    context,
    scheduler,
    deliveries: new DeliveryLru(),
    async run(repo, installationId, kind) {
      const name = `${repo.owner}/${repo.repo}`;
      installationOf.set(name, installationId);
      reports.delete(name);
      await scheduler.trigger(name, kind);
      const report = reports.get(name);
      if (!report) throw new Error(`the lifecycle run of ${name} failed; see the log`);
      return report;
    },
    trigger: (repo, kind) => scheduler.trigger(repo, kind),
    exclusive: (repo, fn) => scheduler.exclusive(`${repo.owner}/${repo.repo}`, fn),
    stop: () => scheduler.stop(),
  };
}
