/**
 * Saves GitHub calls without ever becoming the source of truth.
 *
 * Per client (one webhook event, or one lifecycle run): an identical GET
 * asked again before that client writes anything is answered from the first
 * answer, and one asked while the first is in flight shares it; so is an
 * identical GraphQL query. Any write (POST, PATCH, PUT, DELETE, and a
 * GraphQL mutation) forgets everything, so a client always reads back what
 * it wrote itself.
 *
 * Across clients (the process): team memberships, for a short time, and
 * dropped at once when GitHub reports a team or membership change
 * (`dropMemberships`); and what git makes immutable, read by full sha
 * (immutable-reads.ts). A restart or a second replica starts empty and asks
 * GitHub again; nothing here is ever needed for a decision to be right.
 */
import type { Clock } from "../core/clock.js";
import type { GitHubClient } from "./client.js";
import { isGraphqlQuery } from "./graphql-query.js";
import type { ImmutableReads } from "./immutable-reads.js";
import { immutableReads, isImmutableRead } from "./immutable-reads.js";

/** How long a team membership answer is reused. Short on purpose: a removal must count soon even if its webhook is lost. */
export const MEMBERSHIP_TTL_MS = 60_000;

const MEMBERSHIP_ROUTE = "/orgs/{org}/teams/{team_slug}/memberships/{username}";

type Answer = Awaited<ReturnType<GitHubClient["request"]>>;
type Outcome = { ok: true; answer: Answer } | { ok: false; error: unknown };

/** Team memberships, shared by every client of the process, for MEMBERSHIP_TTL_MS. */
export class MembershipCache {
  private readonly entries = new Map<string, { at: number; outcome: Promise<Outcome> }>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs = MEMBERSHIP_TTL_MS,
    private readonly maxEntries = 10_000,
  ) {}

  /** The kept answer while it is fresh, else GitHub's (kept for the others); `fresh` always asks GitHub. */
  lookup(key: string, ask: () => Promise<Outcome>, fresh = false): Promise<Outcome> {
    const now = this.clock.now().getTime();
    const hit = this.entries.get(key);
    if (hit && !fresh && now - hit.at < this.ttlMs) return hit.outcome;
    const outcome = ask().then((result) => {
      // Only a definite answer is kept: 200 (a membership) or 404 (none); anything else is asked again.
      if (!result.ok && status(result.error) !== 404) this.entries.delete(key);
      return result;
    });
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { at: now, outcome });
    return outcome;
  }

  /** Forgets the memberships of one org (or of one team of it), or all of them. */
  drop(org?: string, team?: string): void {
    if (org === undefined) {
      this.entries.clear();
      return;
    }
    const prefix = `/orgs/${org}/teams/${team === undefined ? "" : `${team}/`}`.toLowerCase();
    for (const key of [...this.entries.keys()]) if (key.startsWith(prefix)) this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * The last answer and its ETag for each URL read, shared by every client of the process: asked again with
 * `If-None-Match`, GitHub answers 304 Not Modified when nothing changed, and a 304 does not count against
 * the rate limit (docs.github.com, "Best practices for using the REST API": use conditional requests).
 * GitHub decides freshness every time, so a stale entry can only cost a full answer, never a wrong one.
 */
export class ConditionalCache {
  private readonly entries = new Map<string, { etag: string; answer: Answer }>();

  constructor(private readonly maxEntries = 2_000) {}

  async ask(key: string, options: { headers: object }, request: (options: never) => Promise<Answer>): Promise<Answer> {
    const known = this.entries.get(key);
    try {
      // Set in place: an Octokit request hook hands the same options object down to the next one.
      if (known) (options.headers as Record<string, string>)["if-none-match"] = known.etag;
      const answer = await request(options as never);
      const etag = answer.headers.etag;
      this.entries.delete(key);
      if (typeof etag === "string" && answer.status === 200) {
        if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
        this.entries.set(key, { etag, answer: copy(answer) });
      }
      return answer;
    } catch (error) {
      if (known && status(error) === 304) return copy(known.answer);
      throw error;
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

/** What every client of one app shares: team memberships for a short time, and ETags. */
export interface SharedReads {
  memberships?: MembershipCache;
  conditional?: ConditionalCache;
  /** What git makes immutable (immutable-reads.ts); the process-wide one when not given. */
  immutable?: ImmutableReads;
}

function status(error: unknown): number | undefined {
  return typeof error === "object" && error !== null && "status" in error ? (error as { status?: number }).status : undefined;
}

/** A copy the caller may change (Octokit's paginate rewrites `data` of list answers in place). */
function copy(answer: Answer): Answer {
  return { ...answer, headers: { ...answer.headers }, data: structuredClone(answer.data) };
}

async function settle(run: () => Promise<Answer>): Promise<Outcome> {
  try {
    return { ok: true, answer: await run() };
  } catch (error) {
    return { ok: false, error };
  }
}

function hasErrors(answer: Answer): boolean {
  const errors = (answer.data as { errors?: unknown } | null | undefined)?.errors;
  return Array.isArray(errors) && errors.length > 0;
}

/** Keeps an answer in the memo; a failed read is not remembered, so the next ask goes to GitHub again. */
function remember(memo: Map<string, Promise<Outcome>>, key: string, outcome: Promise<Outcome>): void {
  memo.set(key, outcome);
  void outcome.then((result) => {
    if (!result.ok && memo.get(key) === outcome) memo.delete(key);
  });
}

function unwrap(outcome: Outcome): Answer {
  if (outcome.ok) return copy(outcome.answer);
  throw outcome.error;
}

/** Each memoized client's memo, and whether it still takes memberships from the shared cache (forgetReads). */
const memos = new WeakMap<object, { memo: Map<string, Promise<Outcome>>; freshMemberships: boolean }>();

/**
 * Empties the client's memo and stops it taking team memberships from the process's short-lived cache,
 * so its next reads go to GitHub (ETags still make an unchanged answer free). For a caller that learned
 * its reads may be older than something another writer did since.
 */
export function forgetReads(gh: GitHubClient): void {
  const state = memos.get(gh);
  if (!state) return;
  state.memo.clear();
  state.freshMemberships = true;
}

/**
 * Adds the per-client memo (and the shared membership cache when given) to one client; a client is wrapped once.
 *
 * @example
 *   const gh = withReadMemo(context.octokit, memberships);
 *   await gh.rest.pulls.get({ owner, repo, pull_number: 7 }); // asks GitHub
 *   await gh.rest.pulls.get({ owner, repo, pull_number: 7 }); // answered from the first answer
 */
export function withReadMemo<T extends GitHubClient>(gh: T, shared: SharedReads = {}): T {
  const { memberships, conditional, immutable = immutableReads } = shared;
  if (memos.has(gh)) return gh;
  const memo = new Map<string, Promise<Outcome>>();
  const state = { memo, freshMemberships: false };
  memos.set(gh, state);
  gh.hook.wrap("request", async (request, options) => {
    if (options.method !== "GET") {
      // A GraphQL query changes nothing, so what this client read still stands, and the same query asked again is answered like a GET.
      if (!isGraphqlQuery(options)) {
        memo.clear();
        return request(options);
      }
      const parsed = gh.request.endpoint.parse(options);
      const key = `POST ${parsed.url.replace(/^https?:\/\/[^/]+/, "")} ${JSON.stringify(parsed.body ?? null)}`;
      let outcome = memo.get(key);
      if (!outcome) {
        outcome = settle(async () => request(options));
        remember(memo, key, outcome);
        // GitHub answers a failed query with HTTP 200 and `errors`: that answer is not remembered either.
        void outcome.then((result) => {
          if (result.ok && hasErrors(result.answer) && memo.get(key) === outcome) memo.delete(key);
        });
      }
      return unwrap(await outcome);
    }
    const key = gh.request.endpoint.parse(options).url.replace(/^https?:\/\/[^/]+/, "");
    const ask = () => settle(async () => (conditional ? conditional.ask(key, options, request as never) : request(options)));
    if (memberships && options.url === MEMBERSHIP_ROUTE) return unwrap(await memberships.lookup(key.replace(/^\/api\/v3/, "").toLowerCase(), ask, state.freshMemberships));
    const fixed = isImmutableRead(key) ? immutable.get(key) : undefined;
    if (fixed) return fixed as Answer;
    let outcome = memo.get(key);
    if (!outcome) {
      outcome = ask();
      if (isImmutableRead(key)) void outcome.then((result) => result.ok && immutable.set(key, result.answer as never));
      remember(memo, key, outcome);
    }
    return unwrap(await outcome);
  });
  return gh;
}

const sharedOf = new WeakMap<object, SharedReads>();

/** Gives the app (a Probot instance) what its clients share, so webhook handlers and lifecycle runs share it. */
export function attachSharedReads(app: object, shared: SharedReads): SharedReads {
  sharedOf.set(app, shared);
  return shared;
}

/** What the app's clients share ({} when nothing was attached: each client then asks GitHub in full). */
export function sharedReadsOf(app: object): SharedReads {
  return sharedOf.get(app) ?? {};
}
