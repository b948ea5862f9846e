/**
 * The lifecycle as the app runs it: a scheduler over the configured access
 * repos (ACCESS_PR_REPOS) and nothing else, each run authenticated as the
 * installation that holds that repo, plus the entry points the webhook
 * handlers use.
 */
import type { Metrics } from "../observe/metrics.js";
import type { Probot } from "probot";
import type { Clock } from "../core/clock.js";
import { ManualClock } from "../core/clock.js";
import type { AppIdentity } from "../github/app-identity.js";
import type { GitHubClient, RepoRef } from "../github/client.js";
import { fullName, hasStatus, repoRef } from "../github/client.js";
import { sharedReadsOf, withReadMemo } from "../github/read-memo.js";
import type { ProviderRegistry } from "../providers/registry.js";
import type { Settings } from "../settings.js";
import { DeliveryLru } from "./delivery-lru.js";
import { memoryOf, runLifecycle } from "./run-lifecycle.js";
import type { LifecycleContext, RunReport } from "./run-lifecycle.js";
import { createScheduler } from "./scheduler.js";
import type { LifecycleScheduler, RunKind } from "./scheduler.js";
import { manualTimers, realTimers } from "./timers.js";
import { attachWritePacers, paceWrites, WritePacers, writePacersOf } from "../github/write-pacer.js";
import { ownWritesOfApp, withOwnWrites } from "../github/own-writes.js";
import { TellLater } from "./tell-later.js";
import type { Timers } from "./timers.js";

export interface LifecycleDeps {
  clock: Clock;
  providers: ProviderRegistry;
  settings: Settings;
  /** Default: a ManualClock's jumps when the clock is one, else Node's timers. */
  timers?: Timers;
  metrics?: Metrics;
}

export interface LifecycleService {
  readonly context: LifecycleContext;
  /** Who the app is, as read from GitHub at start. */
  readonly identity: AppIdentity;
  readonly scheduler: LifecycleScheduler;
  readonly deliveries: DeliveryLru;
  /** What runs left to be told after them (ended stories, outcomes, events), written at a paced rate. */
  readonly told: TellLater;
  /**
   * Runs now (after any run of that repo in progress) and reports what it did; the installation comes from the webhook.
   * Refuses a repository that is not a configured access repo.
   */
  run(repo: RepoRef, installationId: number, kind: RunKind): Promise<RunReport>;
  /** Queues a run through the scheduler (folded with others), authenticating by itself; a repository that is not an access repo is ignored. */
  trigger(repo: string, kind: RunKind): Promise<void>;
  /** Runs `fn` in the repo's queue, never at the same time as a lifecycle run of that repo in this process. */
  exclusive<T>(repo: RepoRef, fn: () => Promise<T>): Promise<T>;
  /**
   * The default branch's tree the last complete reconcile of this repo read (in this process), after any run
   * queued or in progress finished; undefined when none. A hint that saves a second run, never a record.
   */
  reconciledTree(repo: RepoRef): Promise<string | undefined>;
  /** Like reconciledTree, for the default branch's head commit (a merge's `merge_commit_sha`). */
  reconciledHead(repo: RepoRef): Promise<string | undefined>;
  /** The default branch as a webhook from GitHub names it: the next run uses it without asking again. */
  noteDefaultBranch(repo: RepoRef, branch: string): void;
  /** Stops every timer and waits for runs in progress; nothing is left behind. */
  stop(): Promise<void>;
}

/**
 * @example
 *   const lifecycle = createLifecycleService(app, { clock, providers, settings }, identity);
 *   lifecycle.scheduler.start();
 *   await lifecycle.stop(); // on shutdown
 */
export function createLifecycleService(app: Probot, deps: LifecycleDeps, identity: AppIdentity): LifecycleService {
  const log = app.log.child({ subsystem: "lifecycle" });
  const timers = deps.timers ?? (deps.clock instanceof ManualClock ? manualTimers(deps.clock) : realTimers(deps.clock));
  // Shared with the PR flow when the app attached them, so every content write of an installation is counted once.
  const pacers = writePacersOf(app) ?? attachWritePacers(app, new WritePacers(deps.clock, timers, undefined, app.log.child({ subsystem: "write-pacer" })));
  const told = new TellLater(
    () => pacers.stalled(),
    (error) => log.error({ err: error }, "could not tell on the pull requests that their access ended (the access itself was revoked and reverted); the revert pull request lists the files"),
  );
  const context: LifecycleContext = {
    clock: deps.clock,
    providers: deps.providers,
    log,
    botLogin: identity.botLogin,
    appId: identity.appId,
    caches: new Map(),
    // Windows that end within one sweep period of each other share one revert pull request.
    revertBatchMs: deps.settings.sweepSeconds * 1000,
    expiredRevoked: new Set(),
    tellLater: (repo, tell) => {
      const name = keyOf(fullName(repo)) ?? fullName(repo);
      const id = installationOf.get(name);
      if (id === undefined) {
        log.error({ repo: name }, "no installation known for this access repo: the ended story is not told (access was revoked and reverted)");
        return;
      }
      told.add(async () => tell(paceWrites(withOwnWrites(withReadMemo((await app.auth(id)) as GitHubClient, { conditional: sharedReadsOf(app).conditional }), ownWritesOfApp(app)), pacers.of(id), "later")));
    },
  };
  const { accessRepos } = deps.settings;
  /** The configured spelling of an access repo, whatever case GitHub or a webhook spells it in. */
  const keyOf = (name: string): string | undefined => accessRepos.find((repo) => repo.toLowerCase() === name.toLowerCase());
  // Keyed by the configured spelling, so a webhook and a timer share one queue per repo.
  const installationOf = new Map<string, number>();
  const notInstalled = new Set<string>();

  /** The installation that holds an access repo (`GET /repos/{owner}/{repo}/installation`), or undefined when the app is not installed there. */
  const findInstallation = async (repo: string): Promise<number | undefined> => {
    const known = installationOf.get(repo);
    if (known !== undefined) return known;
    const appClient = await app.auth();
    try {
      const { data } = await appClient.rest.apps.getRepoInstallation({ ...repoRef(repo) });
      installationOf.set(repo, data.id);
      notInstalled.delete(repo);
      return data.id;
    } catch (error) {
      if (!hasStatus(error, 404)) throw error;
      if (!notInstalled.has(repo)) log.warn({ repo }, "the app is not installed on this access repo (ACCESS_PR_REPOS): install it there, on that repository only");
      notInstalled.add(repo);
      return undefined;
    }
  };

  const clientFor = async (repo: string): Promise<GitHubClient> => {
    const id = await findInstallation(repo);
    if (id === undefined) throw new Error(`access-pr is not installed on ${repo}`);
    // A merge is judged, and its decision recorded, on team memberships read fresh: the shared
    // membership cache only speeds up the PR flow's display, where a lost `membership` webhook
    // would otherwise let a removed member's approval count for up to a minute.
    const gh = withOwnWrites(withReadMemo((await app.auth(id)) as GitHubClient, { conditional: sharedReadsOf(app).conditional }), ownWritesOfApp(app));
    return paceWrites(gh, pacers.of(id), "now");
  };

  // Runs of one repo go through the scheduler's queue, so a webhook and a timer never run it twice at once.
  const reports = new Map<string, RunReport>();
  const reconciledTrees = new Map<string, string>();
  const reconciledHeads = new Map<string, string>();
  /** Repos whose default branch a webhook named since their last run. */
  const noted = new Set<string>();
  const runs = createScheduler({
    clock: deps.clock,
    timers,
    sweepMs: deps.settings.sweepSeconds * 1000,
    reconcileMs: deps.settings.reconcileSeconds * 1000,
    // The access repos only: no other repository the app can see is ever listed, swept or reverted.
    repos: async () => {
      const reachable: string[] = [];
      for (const repo of accessRepos) if ((await findInstallation(repo)) !== undefined) reachable.push(repo);
      return reachable.sort();
    },
    run: async (repo, kind) => {
      try {
        // A full reconcile asks GitHub which branch is the default, unless a webhook just said; a sweep uses the one remembered.
        const fresh = kind === "reconcile" && !noted.delete(repo);
        const report = await runLifecycle(await clientFor(repo), repoRef(repo), kind, context, fresh ? { freshDefaultBranch: true } : {});
        reports.set(repo, report);
        if (kind === "reconcile" && report.treeSha) reconciledTrees.set(repo, report.treeSha);
        else if (kind === "reconcile") reconciledTrees.delete(repo);
        if (kind === "reconcile" && report.headSha) reconciledHeads.set(repo, report.headSha);
        else if (kind === "reconcile") reconciledHeads.delete(repo);
        if (kind === "reconcile") deps.metrics?.lastReconcile.set(deps.clock.now().getTime() / 1000);
        return report.nextWake;
      } catch (error) {
        // Uninstalled or moved: look the installation up again next time.
        installationOf.delete(repo);
        throw error;
      }
    },
    onError: (error, repo, kind) => log.error({ err: error, repo, kind }, "lifecycle run failed; the next period retries"),
  });

  // Idle means the runs are done and what they left to tell is written, or waits for the clock to make room.
  const scheduler: LifecycleScheduler = {
    ...runs,
    idle: async () => {
      await runs.idle();
      await told.idle();
    },
  };

  return {
    context,
    identity,
    scheduler,
    deliveries: new DeliveryLru(),
    told,
    async run(repo, installationId, kind) {
      const name = keyOf(fullName(repo));
      if (name === undefined) throw new Error(`${fullName(repo)} is not an access repo (ACCESS_PR_REPOS); the lifecycle does not run there`);
      installationOf.set(name, installationId);
      reports.delete(name);
      await scheduler.trigger(name, kind);
      // The caller (a webhook) reads what the run told: wait for it, unless it waits for the clock.
      await told.idle();
      const report = reports.get(name);
      if (!report) throw new Error(`the lifecycle run of ${name} failed; see the log`);
      return report;
    },
    async trigger(repo, kind) {
      const name = keyOf(repo);
      if (name === undefined) {
        log.info({ repo, kind }, "not an access repo (ACCESS_PR_REPOS): no lifecycle run");
        return;
      }
      await scheduler.trigger(name, kind);
    },
    async reconciledTree(repo) {
      const name = keyOf(fullName(repo)) ?? fullName(repo);
      return scheduler.exclusive(name, async () => reconciledTrees.get(name));
    },
    async reconciledHead(repo) {
      const name = keyOf(fullName(repo)) ?? fullName(repo);
      return scheduler.exclusive(name, async () => reconciledHeads.get(name));
    },
    noteDefaultBranch(repo, branch) {
      const name = keyOf(fullName(repo));
      if (name === undefined) return;
      memoryOf(context, repoRef(name)).defaultBranch = branch;
      noted.add(name);
    },
    exclusive: (repo, fn) => scheduler.exclusive(keyOf(fullName(repo)) ?? fullName(repo), fn),
    stop: async () => {
      // A run waiting out GitHub's secondary limit would hold the stop for its retry-after.
      pacers.releaseHeld();
      await scheduler.stop();
      pacers.stop();
    },
  };
}
