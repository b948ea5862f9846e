/**
 * Counting what the app costs: every GitHub call the app's Octokit makes,
 * by route template, and every call the cloud emulators answered.
 *
 * @example
 *   const calls = new CallCounter();
 *   const Octokit = countingOctokit(calls);
 *   new Probot({ ..., Octokit });
 *   calls.table(); // [{ route: "GET /repos/{owner}/{repo}/contents/{path}", calls: 14 }, ...]
 *   calls.total("POST"); // the writes GitHub's secondary rate limit counts
 */
import { ProbotOctokit } from "probot";
import type { Clock } from "../core/clock.js";
import { isGraphqlQuery } from "../github/graphql-query.js";
import { isContentWrite } from "../github/write-pacer.js";
import { secondaryLimitOf } from "../github/secondary-limit.js";

/** The method name GraphQL queries are counted under ("QUERY /graphql"), apart from POSTs. */
export const GRAPHQL_QUERY = "QUERY";

export interface RouteCount {
  route: string;
  calls: number;
}

export class CallCounter {
  private readonly counts = new Map<string, number>();
  private readonly unchanged = new Map<string, number>();
  /** Content writes (POST, PATCH, PUT, DELETE) by the clock's minute (ms since the epoch / 60,000). */
  private readonly writesByMinute = new Map<number, number>();
  private refusedWrites = 0;

  /** With a clock, content writes are also counted per minute of that clock. */
  constructor(private readonly clock?: Clock) {}

  /** A conditional request GitHub answered 304 Not Modified: made, but not counted against the rate limit. */
  addNotModified(route: string): void {
    this.unchanged.set(route, (this.unchanged.get(route) ?? 0) + 1);
  }

  /** Requests GitHub refused over its secondary rate limit (403 or 429 saying so). */
  refused(): number {
    return this.refusedWrites;
  }

  /** Requests answered 304 (all, or of one method). */
  notModified(method?: string): number {
    let sum = 0;
    for (const [route, n] of this.unchanged) if (method === undefined || route.startsWith(`${method} `)) sum += n;
    return sum;
  }

  /** What GitHub's primary rate limit counts: every request but those answered 304. */
  rateLimited(method?: string): number {
    return this.total(method) - this.notModified(method);
  }

  addRefused(): void {
    this.refusedWrites += 1;
  }

  add(route: string): void {
    this.counts.set(route, (this.counts.get(route) ?? 0) + 1);
    if (this.clock && isContentWrite(route.split(" ")[0] ?? "")) {
      const minute = Math.floor(this.clock.now().getTime() / 60_000);
      this.writesByMinute.set(minute, (this.writesByMinute.get(minute) ?? 0) + 1);
    }
  }

  /** The most content writes in one minute of the clock (00 to 59 seconds), and in one hour of it. */
  writesPeak(): { perMinute: number; perHour: number } {
    const hours = new Map<number, number>();
    for (const [minute, n] of this.writesByMinute) hours.set(Math.floor(minute / 60), (hours.get(Math.floor(minute / 60)) ?? 0) + n);
    return { perMinute: Math.max(0, ...this.writesByMinute.values()), perHour: Math.max(0, ...hours.values()) };
  }

  /** Content writes counted per clock minute, oldest first, e.g. [{ minute: "2026-11-24T10:00Z", writes: 12 }]. */
  writesPerMinute(): Array<{ minute: string; writes: number }> {
    return [...this.writesByMinute.entries()].sort(([a], [b]) => a - b).map(([m, writes]) => ({ minute: new Date(m * 60_000).toISOString().slice(0, 16) + "Z", writes }));
  }

  /** All calls, or only those of one HTTP method ("POST"). */
  total(method?: string): number {
    let sum = 0;
    for (const [route, n] of this.counts) if (method === undefined || route.startsWith(`${method} `)) sum += n;
    return sum;
  }

  reset(): void {
    this.counts.clear();
    this.unchanged.clear();
    this.writesByMinute.clear();
    this.refusedWrites = 0;
  }

  /** Most called first. */
  table(): RouteCount[] {
    return [...this.counts.entries()].map(([route, calls]) => ({ route, calls })).sort((a, b) => b.calls - a.calls || a.route.localeCompare(b.route));
  }
}

/**
 * Probot's Octokit with retries and throttling off (a loopback emulator needs
 * neither, and throttling spaces writes by seconds) that counts each request
 * by its route template.
 */
export function countingOctokit(counter: CallCounter): typeof ProbotOctokit {
  const quiet = ProbotOctokit.defaults((options: Record<string, unknown>) => ({ ...options, retry: { enabled: false }, throttle: { enabled: false } }));
  const counted = quiet.plugin((octokit) => {
    octokit.hook.wrap("request", async (request, options) => {
      const path = options.url.replace(/^https?:\/\/[^/]+/, "").split("?")[0] ?? "";
      // A GraphQL query is a read (one rate-limited call), not a POST: it is counted under its own name.
      const route = isGraphqlQuery(options) ? `${GRAPHQL_QUERY} ${path}` : `${options.method} ${path}`;
      counter.add(route);
      try {
        return await request(options);
      } catch (error) {
        if ((error as { status?: number }).status === 304) counter.addNotModified(route);
        if (secondaryLimitOf(error)) counter.addRefused();
        throw error;
      }
    });
  });
  return counted as unknown as typeof ProbotOctokit;
}
