/**
 * When the lifecycle runs: a sweep of every repo every `sweepMs`, a full
 * reconcile every `reconcileMs`, precise wake-ups at the next window end, and
 * runs on demand (a merge, a push). Runs of one repo never overlap; a run
 * asked for while one is going is folded into one follow-up run.
 */
import type { Clock } from "../core/clock.js";
import type { TimerHandle, Timers } from "./timers.js";

export type RunKind = "sweep" | "reconcile";

export interface SchedulerOptions {
  clock: Clock;
  timers: Timers;
  sweepMs: number;
  reconcileMs: number;
  /** The repos to sweep and reconcile periodically ("owner/repo"), asked afresh each period. */
  repos: () => Promise<string[]>;
  /** One run for one repo; its result is the next instant it wants to be woken at, if any. */
  run: (repo: string, kind: RunKind) => Promise<Date | undefined>;
  /** Where a failed run is reported; the next period retries it. */
  onError: (error: unknown, repo: string | undefined, kind: RunKind) => void;
}

export interface LifecycleScheduler {
  /** Reconciles every repo at once (downtime must not extend access), then arms the periods. */
  start(): void;
  /** Runs now (after the repo's current run), resolving when done. */
  trigger(repo: string, kind: RunKind): Promise<void>;
  /**
   * Runs `fn` in the repo's queue: after the run in progress or queued, before any run asked for later.
   * Effects outside a run (a `/revoke`) go through here, so a sweep never acts on the same files at once.
   */
  exclusive<T>(repo: string, fn: () => Promise<T>): Promise<T>;
  /** Stops every timer and waits for the runs in progress. Idempotent. */
  stop(): Promise<void>;
  /** Resolves once no run is in progress or queued. */
  idle(): Promise<void>;
}

interface RepoState {
  chain: Promise<void>;
  /** A follow-up that absorbs further requests while queued. */
  queued?: { kind: RunKind; done: Promise<void> };
  wake?: { at: number; handle: TimerHandle };
}

/**
 * @example
 *   const scheduler = createScheduler({ clock, timers: realTimers(clock), sweepMs: 60_000, reconcileMs: 600_000, repos, run, onError });
 *   scheduler.start();
 *   await scheduler.trigger("acme/access", "reconcile"); // after a merge
 *   await scheduler.stop();
 */
export function createScheduler(options: SchedulerOptions): LifecycleScheduler {
  const states = new Map<string, RepoState>();
  const periodic: TimerHandle[] = [];
  /** Periodic jobs still listing repos, before their runs join a repo's chain. */
  const jobs = new Set<Promise<void>>();
  let stopped = false;
  let started = false;

  const state = (repo: string): RepoState => {
    let s = states.get(repo);
    if (!s) states.set(repo, (s = { chain: Promise.resolve() }));
    return s;
  };

  const wakeAt = (repo: string, at: Date | undefined): void => {
    if (stopped || at === undefined) return;
    const s = state(repo);
    if (s.wake && s.wake.at <= at.getTime()) return;
    s.wake?.handle.cancel();
    const handle = options.timers.at(at, () => {
      if (s.wake?.handle === handle) s.wake = undefined;
      void trigger(repo, "sweep");
    });
    s.wake = { at: at.getTime(), handle };
  };

  const trigger = (repo: string, kind: RunKind): Promise<void> => {
    if (stopped) return Promise.resolve();
    const s = state(repo);
    if (s.queued) {
      if (kind === "reconcile") s.queued.kind = "reconcile";
      return s.queued.done;
    }
    const queued: { kind: RunKind; done: Promise<void> } = { kind, done: Promise.resolve() };
    queued.done = s.chain.then(async () => {
      if (s.queued === queued) s.queued = undefined;
      if (stopped) return;
      try {
        wakeAt(repo, await options.run(repo, queued.kind));
      } catch (error) {
        options.onError(error, repo, queued.kind);
      }
    });
    s.queued = queued;
    s.chain = queued.done;
    return queued.done;
  };

  const everyRepo = (kind: RunKind) => async (): Promise<void> => {
    let repos: string[];
    try {
      repos = await options.repos();
    } catch (error) {
      options.onError(error, undefined, kind);
      return;
    }
    await Promise.all(repos.map((repo) => trigger(repo, kind)));
  };

  const track = (job: Promise<void>): Promise<void> => {
    jobs.add(job);
    void job.finally(() => jobs.delete(job));
    return job;
  };

  const every = (ms: number, job: () => Promise<void>): void => {
    const arm = () => {
      if (stopped) return;
      const handle = options.timers.at(new Date(options.clock.now().getTime() + ms), () => {
        periodic.splice(periodic.indexOf(handle), 1);
        void track(job()).finally(arm);
      });
      periodic.push(handle);
    };
    arm();
  };

  const exclusive = <T>(repo: string, fn: () => Promise<T>): Promise<T> => {
    const s = state(repo);
    const result = s.chain.then(fn);
    s.chain = result.then(
      () => undefined,
      () => undefined,
    );
    // A run asked for from now on must see what fn did, so it queues after fn rather than folding into an earlier one.
    s.queued = undefined;
    return result;
  };

  return {
    start() {
      if (started || stopped) return;
      started = true;
      void track(everyRepo("reconcile")());
      every(options.sweepMs, everyRepo("sweep"));
      every(options.reconcileMs, everyRepo("reconcile"));
    },
    trigger,
    exclusive,
    async stop() {
      stopped = true;
      for (const handle of periodic.splice(0)) handle.cancel();
      for (const s of states.values()) s.wake?.handle.cancel();
      await Promise.all([...jobs, ...[...states.values()].map((s) => s.chain)]);
    },
    async idle() {
      for (;;) {
        await Promise.all([...jobs]);
        const chains = [...states.values()].map((s) => s.chain);
        await Promise.all(chains);
        if (jobs.size > 0) continue;
        if ([...states.values()].every((s, i) => s.chain === chains[i])) return;
      }
    },
  };
}
