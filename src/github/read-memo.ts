/**
 * Saves GitHub calls without ever becoming the source of truth.
 *
 * Per client (one webhook event, or one lifecycle run): an identical GET
 * asked again before that client writes anything is answered from the first
 * answer, and one asked while the first is in flight shares it. Any write
 * (POST, PATCH, PUT, DELETE) forgets everything, so a client always reads
 * back what it wrote itself.
 *
 * Across clients (the process): team memberships, for a short time, and
 * dropped at once when GitHub reports a team or membership change
 * (`dropMemberships`). A restart or a second replica starts empty and asks
 * GitHub again; nothing here is ever needed for a decision to be right.
 */
import type { Clock } from "../core/clock.js";
import type { GitHubClient } from "./client.js";

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

  lookup(key: string, ask: () => Promise<Outcome>): Promise<Outcome> {
    const now = this.clock.now().getTime();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.outcome;
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

function unwrap(outcome: Outcome): Answer {
  if (outcome.ok) return copy(outcome.answer);
  throw outcome.error;
}

const memoized = new WeakSet<object>();

/**
 * Adds the per-client memo (and the shared membership cache when given) to one client; a client is wrapped once.
 *
 * @example
 *   const gh = withReadMemo(context.octokit, memberships);
 *   await gh.rest.pulls.get({ owner, repo, pull_number: 7 }); // asks GitHub
 *   await gh.rest.pulls.get({ owner, repo, pull_number: 7 }); // answered from the first answer
 */
export function withReadMemo<T extends GitHubClient>(gh: T, memberships?: MembershipCache): T {
  if (memoized.has(gh)) return gh;
  memoized.add(gh);
  const memo = new Map<string, Promise<Outcome>>();
  gh.hook.wrap("request", async (request, options) => {
    if (options.method !== "GET") {
      memo.clear();
      return request(options);
    }
    const key = gh.request.endpoint.parse(options).url.replace(/^https?:\/\/[^/]+/, "");
    const ask = () => settle(async () => request(options));
    if (memberships && options.url === MEMBERSHIP_ROUTE) return unwrap(await memberships.lookup(key.replace(/^\/api\/v3/, "").toLowerCase(), ask));
    let outcome = memo.get(key);
    if (!outcome) {
      outcome = ask();
      memo.set(key, outcome);
      // A failed read is not remembered: the next ask goes to GitHub again.
      void outcome.then((result) => {
        if (!result.ok && memo.get(key) === outcome) memo.delete(key);
      });
    }
    return unwrap(await outcome);
  });
  return gh;
}

const membershipCaches = new WeakMap<object, MembershipCache>();

/** Gives the app (a Probot instance) its one membership cache, so webhook handlers and lifecycle runs share it. */
export function attachMembershipCache(app: object, cache: MembershipCache): MembershipCache {
  membershipCaches.set(app, cache);
  return cache;
}

/** The app's membership cache, or undefined (no sharing: each client then asks GitHub). */
export function membershipCacheOf(app: object): MembershipCache | undefined {
  return membershipCaches.get(app);
}
