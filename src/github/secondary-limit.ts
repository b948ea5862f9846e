/**
 * What the app does when GitHub refuses a content write over its secondary
 * rate limit. GitHub's REST docs ("Rate limits for the REST API", Exceeding
 * the rate limit): "If you exceed a secondary rate limit, you will receive a
 * 403 or 429 response and an error message that indicates that you exceeded
 * a secondary rate limit. If the retry-after response header is present, you
 * should not retry your request until after that many seconds has elapsed.
 * [...] Otherwise, wait for at least one minute before retrying. If your
 * request continues to fail due to a secondary rate limit, wait for an
 * exponentially increasing amount of time between retries, and throw an
 * error after a specific number of retries."
 *
 * The pacer (write-pacer.ts) normally keeps the app under the limit, so a
 * refusal means someone else writes with the same installation (a second
 * replica, another tool) or GitHub's limit is lower than published. Then the
 * installation's pacer pauses every content write until the retry-after has
 * passed on the injected clock, and the refused write is made again after
 * it: a telling write goes back into the pacer's queue, a write that protects
 * (a revert, its merge, a gating check) waits only for the pause, and for
 * at most PROTECT_WAIT_MS of the clock in all: a pause that outlasts it
 * fails the write at once with what happened, so the run that made it (its
 * cloud revocations made first) ends, its repo's queue moves on, and the
 * next run makes the write again. Each refusal is one structured warning.
 * After MAX_TRIES refusals of a telling write the error is thrown too:
 * nothing is dropped in silence.
 *
 * Probot's own throttling plugin only logs a secondary limit and hands the
 * error back (Probot 14's `onSecondaryRateLimit`); `secondaryLimitsToPacer`
 * makes that explicit, so the retry happens here, on the app's clock.
 *
 * @example
 *   await retryingSecondaryLimit(pacer, "now", "POST /repos/acme/access/pulls", () => request(options));
 */
import type { ProbotOctokit } from "probot";
import type { WritePacer } from "./write-pacer.js";

/** A structured logger (pino's shape, as Probot's `app.log`). */
export interface PacerLog {
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
  child(bindings: object): PacerLog;
}

/** Refusals of one telling write before the error is thrown to the task that made it. */
export const MAX_TRIES = 8;
const MINUTE_MS = 60_000;
/** The longest a write that protects waits out GitHub's pause, all refusals together (the repo's runs wait behind it). */
export const PROTECT_WAIT_MS = 3 * MINUTE_MS;

/** A secondary-limit refusal and the wait GitHub asked for (undefined: it sent no retry-after). */
export interface SecondaryLimit {
  retryAfterMs: number | undefined;
}

interface ErrorShape {
  status?: unknown;
  message?: unknown;
  response?: { headers?: Record<string, string | undefined>; data?: { message?: unknown } };
}

/** GitHub's secondary-limit refusal (403 or 429 whose message says so, with primary quota left), or undefined for any other error. */
export function secondaryLimitOf(error: unknown): SecondaryLimit | undefined {
  const { status, message, response } = (error ?? {}) as ErrorShape;
  if (status !== 403 && status !== 429) return undefined;
  const said = [response?.data?.message, message].filter((m) => typeof m === "string").join(" ");
  if (!/secondary rate limit|abuse detection/i.test(said)) return undefined;
  if (response?.headers?.["x-ratelimit-remaining"] === "0") return undefined;
  const seconds = Number(response?.headers?.["retry-after"]);
  return { retryAfterMs: Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined };
}

/** How long to wait after the `tries`-th refusal: GitHub's retry-after, else a minute doubling with each refusal. */
export function waitAfter(limit: SecondaryLimit, tries: number): number {
  return limit.retryAfterMs ?? MINUTE_MS * 2 ** (tries - 1);
}

export class SecondaryLimitError extends Error {
  constructor(
    readonly route: string,
    readonly tries: number,
    readonly pausedUntil: Date,
    override readonly cause: unknown,
    /** How long this write could wait (ms); set when the pause outlasted it. */
    readonly waitLimitMs?: number,
  ) {
    super(
      waitLimitMs === undefined
        ? `GitHub refused ${route} ${tries} times over its secondary rate limit on content creation (80 a minute, 500 an hour per installation); ` +
            `the app writes nothing more to this installation until ${pausedUntil.toISOString()} and the next run makes this write again. ` +
            "If this repeats, look for another app, replica or script writing with the same installation."
        : `${route} was not made: GitHub's secondary rate limit on content creation pauses this installation's writes until ${pausedUntil.toISOString()}, ` +
            `longer than a write that protects access waits (${Math.round(waitLimitMs / 1000)} s). Cloud revocations do not wait for it; the next run makes this write again. ` +
            "If this repeats, look for another app, replica or script writing with the same installation.",
    );
  }
}

/**
 * Sends a content write; after a secondary-limit refusal pauses the pacer and sends it again.
 * A telling write ("later") is sent up to MAX_TRIES times; a protecting one ("now") until
 * `waitLimitMs` of the clock have passed since it started (0: it never waits for a pause).
 * `send` gets the time (ms) after which it must not wait for the pause any more.
 */
export async function retryingSecondaryLimit<T>(pacer: WritePacer, mode: "now" | "later", route: string, send: (deadline: number) => Promise<T>, waitLimitMs = PROTECT_WAIT_MS): Promise<T> {
  const deadline = mode === "now" ? pacer.now() + waitLimitMs : Number.POSITIVE_INFINITY;
  for (let tries = 1; ; tries++) {
    try {
      return await send(deadline);
    } catch (error) {
      const limit = secondaryLimitOf(error);
      if (!limit) throw error;
      const waitMs = waitAfter(limit, tries);
      const until = pacer.pause(waitMs);
      const fields = { route, write: mode === "now" ? "protects" : "tells", tries, retryAfterSeconds: Math.round(waitMs / 1000), pausedUntil: until.toISOString() };
      if (mode === "now" && until.getTime() > deadline) {
        pacer.log?.error({ ...fields, waitLimitSeconds: Math.round(waitLimitMs / 1000) }, "GitHub's secondary rate limit pauses content writes longer than a protecting write waits; it fails now and the next run makes it again");
        throw new SecondaryLimitError(route, tries, until, error, waitLimitMs);
      }
      if (tries >= MAX_TRIES) {
        pacer.log?.error(fields, "GitHub kept refusing a content write over its secondary rate limit; the run fails and the next one makes it again");
        throw new SecondaryLimitError(route, tries, until, error);
      }
      pacer.log?.warn(fields, "GitHub refused a content write over its secondary rate limit; the installation's writes pause and this one is made again after retry-after");
    }
  }
}

/**
 * Probot's Octokit with its throttling plugin handing every secondary-limit refusal back at once
 * (its other spacing and primary-limit handling unchanged), so the pacer retries on the app's clock.
 */
export function secondaryLimitsToPacer(Base: typeof ProbotOctokit): typeof ProbotOctokit {
  return Base.defaults((options: { throttle?: object }) => ({ ...options, throttle: { ...options.throttle, onSecondaryRateLimit: () => false } })) as typeof ProbotOctokit;
}
