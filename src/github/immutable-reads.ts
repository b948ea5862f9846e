/**
 * Answers git makes immutable, shared by every client of the process.
 *
 * A tree or a commit named by its full sha never changes, and
 * neither do a file read at a full commit sha, the history of a path up to a
 * full commit sha, or the comparison of two full commit shas. Such a GET is
 * asked once per process; the same read by a branch or tag name (which
 * moves) or by a short sha always goes to GitHub. Losing the cache costs
 * calls, never correctness, and a replica that never saw a read simply asks.
 */
import { isFullSha } from "./sha-cache.js";

type Answer = { status: number; url: string; headers: Record<string, unknown>; data: unknown };

const REPO = String.raw`^(?:/api/v3)?/repos/[^/?]+/[^/?]+`;
// Blobs are kept by blob-read.ts, and only once their bytes hash to their sha: a wrong answer is never kept.
const BY_SHA = new RegExp(`${REPO}/git/(?:trees|commits)/([0-9a-f]{40})(?:\\?|$)`);
const CONTENTS = new RegExp(`${REPO}/contents/[^?]*\\?`);
const HISTORY = new RegExp(`${REPO}/commits\\?`);
const HISTORY_KEYS = new Set(["sha", "path", "per_page", "page"]);
const COMPARE = new RegExp(`${REPO}/compare/([0-9a-f]{40})\\.\\.\\.([0-9a-f]{40})(?:\\?|$)`);

/**
 * True when the GET of this URL (path and query, without the host) can only ever have one answer.
 *
 * @example
 *   isImmutableRead("/repos/acme/access/git/trees/3b18e512dba79e4c8300dd08aeb37f8e728b8dad"); // true
 *   isImmutableRead("/repos/acme/access/contents/a.yaml?ref=main");                          // false: a branch moves
 */
export function isImmutableRead(url: string): boolean {
  if (BY_SHA.test(url) || COMPARE.test(url)) return true;
  const query = new URLSearchParams(url.split("?")[1] ?? "");
  if (CONTENTS.test(url)) return isFullSha(query.get("ref") ?? "");
  // Filters such as author= or since= depend on more than git (accounts, clocks): only a path's plain history is kept.
  if (HISTORY.test(url)) return isFullSha(query.get("sha") ?? "") && [...query.keys()].every((key) => HISTORY_KEYS.has(key));
  return false;
}

/** The answers of immutable reads, least recently used dropped first once their size passes the bound. */
export class ImmutableReads {
  private readonly entries = new Map<string, { answer: Answer; weight: number }>();
  private total = 0;

  constructor(private readonly maxBytes = 32 * 1024 * 1024) {}

  get(url: string): Answer | undefined {
    const entry = this.entries.get(url);
    if (!entry) return undefined;
    this.entries.delete(url);
    this.entries.set(url, entry);
    return copy(entry.answer);
  }

  /** Keeps a 200 answer of an immutable read; anything else is asked again next time. */
  set(url: string, answer: Answer): void {
    if (answer.status !== 200 || !isImmutableRead(url)) return;
    const weight = JSON.stringify(answer.data).length;
    // One answer may take at most a quarter of the room, so a single large file cannot empty the cache.
    if (weight > this.maxBytes / 4) return;
    this.drop(url);
    this.entries.set(url, { answer: copy(answer), weight });
    this.total += weight;
    for (const [oldest] of this.entries) {
      if (this.total <= this.maxBytes) break;
      this.drop(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
    this.total = 0;
  }

  private drop(url: string): void {
    const entry = this.entries.get(url);
    if (!entry) return;
    this.entries.delete(url);
    this.total -= entry.weight;
  }
}

function copy(answer: Answer): Answer {
  return { ...answer, headers: { ...answer.headers }, data: structuredClone(answer.data) };
}

/** The one cache of the process (a restart starts empty). */
export const immutableReads = new ImmutableReads();
