/**
 * GitHub's secondary limit on content creation, on the emulator's clock.
 * GitHub's REST docs ("Rate limits for the REST API", About secondary rate
 * limits): "In general, no more than 80 content-generating requests per
 * minute and no more than 500 content-generating requests per hour are
 * allowed." And on exceeding it: "you will receive a 403 or 429 response and
 * an error message that indicates that you exceeded a secondary rate limit.
 * If the retry-after response header is present, you should not retry your
 * request until after that many seconds has elapsed."
 *
 * The emulator counts, per installation and per user, every REST POST,
 * PATCH, PUT and DELETE and every GraphQL mutation it lets through, in a
 * sliding minute and hour, and answers the one over either limit 403 with
 * the body GitHub sends when it blocks content creation (as reported from
 * GitHub in gofri/go-github-ratelimit#38) and a `retry-after` of the seconds
 * until the oldest write in the way leaves its window. A refused request
 * creates nothing and is not counted.
 *
 * @example
 *   const limiter = new ContentLimiter(clock, GITHUB_CONTENT_CREATION); // or undefined: no limit
 *   limiter.admit("installation:7777"); // undefined: counted, go on
 *   limiter.admit("installation:7777"); // 42 once full: refuse, retry after 42 s
 */
import type { Clock } from "../../core/clock.js";
import type { Actor } from "./hub.js";
import { HttpError } from "./http-kit.js";

export interface ContentLimits {
  perMinute: number;
  perHour: number;
}

/** GitHub's published content-creation limits. */
export const GITHUB_CONTENT_CREATION: ContentLimits = { perMinute: 80, perHour: 500 };

export const SECONDARY_LIMIT_MESSAGE = "You have exceeded a secondary rate limit and have been temporarily blocked from content creation. Please retry your request again later.";
export const SECONDARY_LIMIT_DOCS = "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits";

/**
 * Marks a person's (a user token's) blob, tree, commit and ref writes that stand for a `git push` in the
 * sandbox (Person.commit): GitHub counts content created through the REST and GraphQL APIs and the web
 * interface, not pushes. Ignored on an installation's requests, so the app's own writes always count.
 */
export const GIT_PUSH_HEADER = "x-sandbox-git-push";

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const MUTATIVE = new Set(["POST", "PATCH", "PUT", "DELETE"]);

/** Who a content write counts against: an installation (all its tokens) or a user; the app's JWT and anonymous callers are not counted. */
export function limitKeyOf(actor: Actor): string | undefined {
  if (actor.kind === "installation") return `installation:${actor.installationId}`;
  if (actor.kind === "user") return `user:${actor.login}`;
  return undefined;
}

/** True for a request that creates content: a REST write, or a GraphQL request that is a mutation. */
export function isContentGenerating(method: string, template: string, body: unknown): boolean {
  if (!MUTATIVE.has(method)) return false;
  if (!template.endsWith("/graphql")) return true;
  const query = (body as { query?: unknown } | undefined)?.query;
  return typeof query === "string" && /^\s*mutation\b/.test(query);
}

export class ContentLimiter {
  private readonly sent = new Map<string, number[]>();
  private readonly refusedBy = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    /** undefined: no limit (the emulator counts nothing and refuses nothing). */
    public limits: ContentLimits | undefined,
  ) {}

  /** Counts a content write of `key` now; or, when the minute or the hour is full, counts nothing and returns the seconds until there is room. */
  admit(key: string): number | undefined {
    if (!this.limits) return undefined;
    const now = this.clock.now().getTime();
    const sent = (this.sent.get(key) ?? []).filter((t) => t > now - HOUR_MS);
    this.sent.set(key, sent);
    const minute = sent.filter((t) => t > now - MINUTE_MS);
    const freeAt = Math.max(
      minute.length >= this.limits.perMinute ? (minute[minute.length - this.limits.perMinute] ?? now) + MINUTE_MS : 0,
      sent.length >= this.limits.perHour ? (sent[sent.length - this.limits.perHour] ?? now) + HOUR_MS : 0,
    );
    if (freeAt > now) {
      this.refusedBy.set(key, (this.refusedBy.get(key) ?? 0) + 1);
      return Math.max(1, Math.ceil((freeAt - now) / 1000));
    }
    sent.push(now);
    return undefined;
  }

  /** Requests refused so far (of one key, or all). */
  refused(key?: string): number {
    if (key !== undefined) return this.refusedBy.get(key) ?? 0;
    let sum = 0;
    for (const n of this.refusedBy.values()) sum += n;
    return sum;
  }

  /** Forgets every count and refusal (the limits stay). */
  reset(): void {
    this.sent.clear();
    this.refusedBy.clear();
  }
}

/** The refusal GitHub sends: 403, its message and documentation link, and `retry-after` in seconds. */
export function secondaryLimitError(retryAfterSeconds: number): HttpError {
  return new HttpError(403, SECONDARY_LIMIT_MESSAGE, { documentation_url: SECONDARY_LIMIT_DOCS }, { "retry-after": String(retryAfterSeconds) });
}
