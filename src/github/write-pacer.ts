/**
 * Keeps the app's content writes under GitHub's content-creation limit, on
 * the injected clock. GitHub's REST docs ("Rate limits for the REST API",
 * about secondary rate limits): "In general, no more than 80
 * content-generating requests per minute and no more than 500
 * content-generating requests per hour are allowed." Every POST, PATCH, PUT
 * and DELETE of an installation is counted here, in a sliding minute and
 * hour.
 *
 * Writes come in two kinds. A write that protects something (a revert pull
 * request, its merge, a check that gates, anything of the PR flow) goes out
 * at once and is only counted: nothing security-relevant ever waits here. A
 * write that only tells (a story line, a plan comment's outcome, an ended
 * event) waits until the minute and the hour both leave room for it after a
 * reserve kept for the first kind, so the two together stay under the limit.
 *
 * @example
 *   const pacer = new WritePacer(clock, manualTimers(clock));
 *   paceWrites(gh, pacer, "now");      // counted, never delayed
 *   paceWrites(story, pacer, "later"); // each write waits for room (pacer.take())
 */
import type { Clock } from "../core/clock.js";
import type { TimerHandle, Timers } from "../lifecycle/timers.js";
import type { GitHubClient } from "./client.js";
import { PROTECT_WAIT_MS, retryingSecondaryLimit, SecondaryLimitError } from "./secondary-limit.js";
import { isGraphqlQuery } from "./graphql-query.js";
import { writeScope } from "./write-scope.js";
import type { PacerLog } from "./secondary-limit.js";

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;

export interface WriteLimits {
  /** GitHub's content-creation limit per minute (80). */
  perMinute: number;
  /** GitHub's content-creation limit per hour (500). */
  perHour: number;
  /** Room kept for writes that never wait: a write that only tells leaves this much of each limit free. */
  reserveMinute: number;
  reserveHour: number;
}

/** GitHub's published limits, with a fifth of the minute and of the hour kept for the writes that protect. */
export const GITHUB_CONTENT_LIMITS: WriteLimits = { perMinute: 80, perHour: 500, reserveMinute: 20, reserveHour: 100 };

const WRITE = new Set(["POST", "PATCH", "PUT", "DELETE"]);

/** True for the methods GitHub's content-creation limit counts. */
export function isContentWrite(method: string): boolean {
  return WRITE.has(method.toUpperCase());
}

interface Hold {
  resolve: () => void;
  reject: (error: Error) => void;
  timer: TimerHandle;
}

export class WritePacer {
  /** When each counted write went out (ms), oldest first; nothing older than an hour is kept. */
  private readonly sent: number[] = [];
  private readonly waiting: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  private readonly stallWatchers: Array<() => void> = [];
  private timer: TimerHandle | undefined;
  private stopped = false;
  /** Until when (ms) GitHub asked this installation to make no content write (a secondary-limit refusal's retry-after). */
  private pausedUntil = 0;
  /** Writes that never wait by the pacer's own count, waiting out GitHub's refusal. */
  private readonly holding = new Set<Hold>();
  private readonly holdWatchers: Array<() => void> = [];
  private releasing = false;

  constructor(
    private readonly clock: Clock,
    private readonly timers: Timers,
    readonly limits: WriteLimits = GITHUB_CONTENT_LIMITS,
    /** Where a refusal by GitHub is reported (structured, one line each). */
    readonly log?: PacerLog,
  ) {}

  /** GitHub refused a content write and asked for none for `ms`: every write of the installation waits; resolves to when the pause ends. */
  pause(ms: number): Date {
    const until = this.clock.now().getTime() + ms;
    if (until > this.pausedUntil) {
      this.pausedUntil = until;
      if (this.waiting.length > 0) this.admit();
    }
    return new Date(this.pausedUntil);
  }

  /** When the installation may write again after a refusal (undefined: it may now). */
  get pausedTill(): Date | undefined {
    return this.pausedUntil > this.clock.now().getTime() ? new Date(this.pausedUntil) : undefined;
  }

  /** The pacer's clock, in ms. */
  now(): number {
    return this.clock.now().getTime();
  }

  /**
   * Resolves once GitHub's pause (if any) is over, for a write that never waits by the pacer's own
   * count; it is counted then. A pause that a later refusal extends is waited out again. Rejects
   * with a SecondaryLimitError when the pause lasts past `deadline` (ms), and once the pacer is stopped.
   */
  clear(route = "a content write", deadline = Number.POSITIVE_INFINITY): Promise<void> {
    if (this.stopped) return Promise.reject(new Error("the write pacer is stopped (the app is shutting down)"));
    if (this.pausedUntil <= this.now()) {
      this.record();
      return Promise.resolve();
    }
    if (this.releasing) return Promise.reject(new Error("the app is shutting down while GitHub's secondary rate limit holds this write; the next start makes it again"));
    const outlasts = () => new SecondaryLimitError(route, 0, new Date(this.pausedUntil), undefined, deadline - this.now());
    if (this.pausedUntil > deadline) return Promise.reject(outlasts());
    return new Promise<void>((resolve, reject) => {
      const hold: Hold = {
        resolve: () => {
          // Woken at the pause's end as it stood then: a refusal since may have moved it.
          if (this.pausedUntil > this.now()) {
            if (this.pausedUntil > deadline) return hold.reject(outlasts());
            hold.timer = this.timers.at(new Date(this.pausedUntil), () => hold.resolve());
            return;
          }
          this.holding.delete(hold);
          this.record();
          resolve();
          // Protecting writes go first at a pause's end; telling ones after them.
          if (this.holding.size === 0 && this.waiting.length > 0) this.admit();
        },
        reject: (error) => {
          this.holding.delete(hold);
          hold.timer.cancel();
          reject(error);
          if (this.holding.size === 0 && this.waiting.length > 0) this.admit();
        },
        timer: this.timers.at(new Date(this.pausedUntil), () => hold.resolve()),
      };
      this.holding.add(hold);
      for (const watcher of this.holdWatchers.splice(0)) watcher();
    });
  }

  /** Resolves once a write that never waits by the pacer's count waits out GitHub's refusal (at once if one does now). */
  held(): Promise<void> {
    if (this.holding.size > 0) return Promise.resolve();
    return new Promise((resolve) => this.holdWatchers.push(resolve));
  }

  /** Counts a write that went out (or is going out) now. */
  record(): void {
    this.sent.push(this.clock.now().getTime());
  }

  /** Writes counted in the minute and the hour up to now. */
  counts(): { minute: number; hour: number } {
    const now = this.clock.now().getTime();
    this.prune(now);
    return { minute: this.sent.filter((t) => t > now - MINUTE_MS).length, hour: this.sent.length };
  }

  /** When the next telling write that waits gets room (undefined: none waits). */
  nextRoom(): Date | undefined {
    return this.waiting.length > 0 ? new Date(this.freeAt()) : undefined;
  }

  /** Writes that wait for room now. */
  get queued(): number {
    return this.waiting.length;
  }

  /**
   * Resolves when a write that only tells may go out, and counts it then.
   * Waiters are let through oldest first. Rejects once the pacer is stopped.
   */
  take(): Promise<void> {
    if (this.stopped) return Promise.reject(new Error("the write pacer is stopped (the app is shutting down)"));
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      if (this.waiting.length === 1) this.admit();
    });
  }

  /** Resolves once a write waits for the clock to move (at once if one does now): nothing more happens until it does. */
  stalled(): Promise<void> {
    if (this.timer && this.waiting.length > 0) return Promise.resolve();
    return new Promise((resolve) => this.stallWatchers.push(resolve));
  }

  /**
   * Shutdown's first step: writes waiting out GitHub's pause (which can last an hour) are refused now, so the
   * runs that made them end (the next start makes them again); every other write still goes out.
   */
  releaseHeld(): void {
    this.releasing = true;
    const error = new Error("the app is shutting down while GitHub's secondary rate limit holds this write; the next start makes it again");
    for (const hold of [...this.holding]) hold.reject(error);
  }

  /** Lets no more waiters through (shutdown): their writes are refused, not made. */
  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    const error = new Error("the write pacer is stopped (the app is shutting down)");
    for (const waiter of this.waiting.splice(0)) waiter.reject(error);
    for (const hold of [...this.holding]) hold.reject(error);
  }

  private admit(): void {
    this.timer?.cancel();
    this.timer = undefined;
    while (!this.stopped) {
      const next = this.waiting[0];
      if (!next) return;
      // A protecting write still waits out GitHub's pause: it goes first, then admits these.
      if (this.holding.size > 0 && this.pausedUntil <= this.now()) return;
      const at = this.freeAt();
      if (at > this.clock.now().getTime()) {
        this.timer = this.timers.at(new Date(at), () => this.admit());
        for (const watcher of this.stallWatchers.splice(0)) watcher();
        return;
      }
      this.waiting.shift();
      this.record();
      next.resolve();
    }
  }

  /** The earliest time (ms) at which one more telling write fits both windows. */
  private freeAt(): number {
    const now = this.clock.now().getTime();
    this.prune(now);
    const { perMinute, perHour, reserveMinute, reserveHour } = this.limits;
    const minute = this.sent.filter((t) => t > now - MINUTE_MS);
    const byMinute = slotAfter(minute, perMinute - reserveMinute, MINUTE_MS);
    const byHour = slotAfter(this.sent, perHour - reserveHour, HOUR_MS);
    return Math.max(now, byMinute, byHour, this.pausedUntil);
  }

  private prune(now: number): void {
    while (this.sent.length > 0 && (this.sent[0] ?? 0) <= now - HOUR_MS) this.sent.shift();
  }
}

/** With `budget` writes allowed per `window`, when the oldest write in the way leaves it (0: there is room now). */
function slotAfter(sent: number[], budget: number, window: number): number {
  if (sent.length < budget) return 0;
  return (sent[sent.length - budget] ?? 0) + window;
}

const paced = new WeakMap<object, WritePacer>();

/**
 * Counts every content write of `gh` in `pacer`; with "later", each one first waits for room.
 * When GitHub refuses one over its secondary limit, the pacer pauses the installation for the
 * refusal's retry-after and the write is made again after it (secondary-limit.ts).
 * A client is paced once (a second call changes nothing).
 */
export function paceWrites<T extends GitHubClient>(gh: T, pacer: WritePacer, mode: "now" | "later"): T {
  if (paced.has(gh)) return gh;
  paced.set(gh, pacer);
  gh.hook.wrap("request", async (request, options) => {
    // A GraphQL query is a read: GitHub's content-creation limit counts only mutations (graphql-query.ts).
    if (!isContentWrite(options.method) || isGraphqlQuery(options)) return request(options);
    const scope = writeScope();
    const kind = scope.tells ? "later" : mode;
    const route = `${options.method} ${options.url}`;
    return retryingSecondaryLimit(
      pacer,
      kind,
      route,
      async (deadline) => {
        if (kind === "later") await pacer.take();
        else await pacer.clear(route, deadline);
        return request(options);
      },
      scope.waitsNot ? 0 : PROTECT_WAIT_MS,
    );
  });
  return gh;
}

/** The pacer that counts `gh`'s writes (undefined: none does). */
export function pacerOfClient(gh: object): WritePacer | undefined {
  return paced.get(gh);
}

/** One pacer per installation, shared by every client of that installation in the process. */
export class WritePacers {
  private readonly byInstallation = new Map<number, WritePacer>();

  constructor(
    private readonly clock: Clock,
    private readonly timers: Timers,
    private readonly limits: WriteLimits = GITHUB_CONTENT_LIMITS,
    private readonly log?: PacerLog,
  ) {}

  of(installationId: number): WritePacer {
    let pacer = this.byInstallation.get(installationId);
    if (!pacer) this.byInstallation.set(installationId, (pacer = new WritePacer(this.clock, this.timers, this.limits, this.log?.child({ installation: installationId }))));
    return pacer;
  }

  /** Resolves once some installation's write waits out a refusal by GitHub (the clock has to move for it). */
  held(): Promise<void> {
    return Promise.race([...this.byInstallation.values()].map((pacer) => pacer.held()).concat(this.byInstallation.size === 0 ? [new Promise<void>(() => undefined)] : []));
  }

  /** Resolves once some installation's telling writes wait for the clock. */
  stalled(): Promise<void> {
    return Promise.race([...this.byInstallation.values()].map((pacer) => pacer.stalled()).concat(this.byInstallation.size === 0 ? [new Promise<void>(() => undefined)] : []));
  }

  /** Refuses the writes that wait out GitHub's pause (shutdown's first step; see WritePacer.releaseHeld). */
  releaseHeld(): void {
    for (const pacer of this.byInstallation.values()) pacer.releaseHeld();
  }

  /** Rejects what waits now; a lifecycle started later in the same process gets fresh pacers. */
  stop(): void {
    for (const pacer of this.byInstallation.values()) pacer.stop();
    this.byInstallation.clear();
  }
}

const pacersOfApp = new WeakMap<object, WritePacers>();

/** Gives the app (a Probot instance) its pacers, so webhook handlers and lifecycle runs count into the same ones. */
export function attachWritePacers(app: object, pacers: WritePacers): WritePacers {
  pacersOfApp.set(app, pacers);
  return pacers;
}

export function writePacersOf(app: object): WritePacers | undefined {
  return pacersOfApp.get(app);
}
