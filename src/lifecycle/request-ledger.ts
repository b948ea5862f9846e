/**
 * The decision ledger as the request read-back uses it: on a process's first
 * run, request files not yet cached are looked up in the ledger on the
 * default branch's head (one call) instead of each file's history, pull
 * request and merge record (two calls a file, three by REST). An entry is used only for
 * the exact file version it names (path and blob sha), and only as the
 * ledger describes the current head; a ledger found on a recent older commit
 * instead serves a file only while the newest commit touching it is still
 * the one the entry was derived from (one call a file). Anything else, a
 * missing, partial, forged or stale ledger included, falls back to deriving
 * the file from its merge commit, as without a ledger. After a run whose
 * recorded versions changed, the ledger is written again (usually two calls:
 * the head, and one check run).
 */
import type { GitHubClient, RepoRef } from "../github/client.js";
import type { TreeFile } from "../github/read-files.js";
import { forEachBounded } from "../core/bounded.js";
import { readLedger, writeLedger } from "./ledger-check.js";
import type { LedgerRead, LedgerRunIds } from "./ledger-check.js";
import { entriesDigest } from "./ledger-codec.js";
import type { LedgerEntry } from "./ledger-codec.js";
import { fromRecord } from "./request-from-record.js";
import type { ActiveRequest, EarlyEndNote } from "./types.js";

type Cache = Map<string, ActiveRequest>;

/** How many of the newest commits are searched for a ledger when the head has none (one call, plus one a commit). */
export const LEDGER_SEARCH_DEPTH = 5;

/** What this process knows of the repo's ledger; kept beside its request cache, so a new cache starts cold. */
interface LedgerState {
  loaded: boolean;
  /** The ledger on GitHub as last read or written: its commit, entries and this process's runs there. */
  written?: { head: string; digest: string; runs: LedgerRunIds };
  /** The head this run's load saw, so its save needs no second read. */
  head?: string;
  /** The entry behind each cached request that came from a record (with the cached object, to tell a later re-derivation apart). */
  entries: Map<string, { entry: LedgerEntry; request: ActiveRequest }>;
}

const states = new WeakMap<Cache, LedgerState>();

function stateOf(cache: Cache): LedgerState {
  let state = states.get(cache);
  if (!state) states.set(cache, (state = { loaded: false, entries: new Map() }));
  return state;
}

const keyOf = (path: string, blobSha: string) => `${path}@${blobSha}`;

/** Caches a request read from its record, with what the ledger needs to hold it (an early end is read from the merge commit, never the ledger). */
export function cacheRecorded(cache: Cache, entry: LedgerEntry, endedEarly?: EarlyEndNote): ActiveRequest {
  const key = keyOf(entry.record.path, entry.record.blobSha);
  const request = fromRecord(entry.record, entry.mergeCommitSha, endedEarly);
  cache.set(key, request);
  stateOf(cache).entries.set(key, { entry, request });
  return request;
}

/** The ledger on the head, or else (when `searchBack`) on one of the newest commits before it, with the head. */
async function findLedger(gh: GitHubClient, repo: RepoRef, branch: string, appId: number, searchBack: boolean): Promise<{ head?: string; found?: LedgerRead }> {
  const atHead = await readLedger(gh, repo, branch, appId);
  if (atHead.commit && atHead.ledgers.length > 0) return { head: atHead.commit, found: atHead };
  if (!searchBack) return {};
  const { data: recent } = await gh.rest.repos.listCommits({ ...repo, sha: branch, per_page: LEDGER_SEARCH_DEPTH });
  const [head, ...older] = recent.map((c) => c.sha);
  if (!head) throw new Error(`${repo.owner}/${repo.repo}: the branch ${branch} has no commits`);
  for (const sha of older) {
    const read = await readLedger(gh, repo, sha, appId);
    if (read.ledgers.length > 0) return { head, found: read };
  }
  return { head };
}

/**
 * On a process's first run, fills the cache from the ledger where an entry holds. Later runs
 * derive only what changed since, which the ledger would not save. Never throws: without a
 * usable ledger every file is derived as before.
 *
 * @example
 *   await fillFromLedger(gh, repo, "main", cache, uncachedFiles, appId, 8);
 */
export async function fillFromLedger(gh: GitHubClient, repo: RepoRef, branch: string, cache: Cache, missing: TreeFile[], appId: number, concurrency: number): Promise<void> {
  const state = stateOf(cache);
  if (state.loaded) return;
  state.loaded = true;
  if (missing.length === 0) return;
  try {
    // Searching older commits costs up to LEDGER_SEARCH_DEPTH calls: worth it only for more files than that.
    const { head, found } = await findLedger(gh, repo, branch, appId, missing.length > LEDGER_SEARCH_DEPTH);
    state.head = head;
    const ledger = found?.ledgers[0];
    if (!head || !found || !ledger) return;
    state.written = { head: ledger.head, digest: entriesDigest(ledger.entries), runs: found.runs };
    const byKey = new Map(ledger.entries.map((e) => [keyOf(e.record.path, e.record.blobSha), e]));
    const usable = missing.flatMap((file) => byKey.get(keyOf(file.path, file.sha)) ?? []);
    if (ledger.head === head) {
      for (const entry of usable) cacheRecorded(cache, entry);
      return;
    }
    // Written at an older head: a version is the same only if no commit since touched its file.
    await forEachBounded(usable, concurrency, async (entry) => {
      try {
        const { data } = await gh.rest.repos.listCommits({ ...repo, sha: head, path: entry.record.path, per_page: 1 });
        if (data[0]?.sha === entry.setBy) cacheRecorded(cache, entry);
      } catch {
        // Not verified: the file is derived from its merge commit.
      }
    });
  } catch {
    // No ledger could be read: every file is derived from its merge commit.
  }
}

/**
 * Writes the ledger when the recorded versions on the tree differ from it, or it describes an
 * older head than this run's load saw. Never throws: a ledger not written costs calls at the
 * next restart, never a wrong grant; the next run with a change writes it again.
 *
 * The head is read after the tree was: a push in between gets its own run, which writes again.
 * Until then the ledger may name a head a little newer than its entries, which matters only
 * for a file deleted and added back unchanged in that moment: the same exposure as the
 * in-memory cache, which also knows a version by its path and blob sha.
 */
export async function saveLedger(gh: GitHubClient, repo: RepoRef, branch: string, cache: Cache, tree: TreeFile[]): Promise<void> {
  const state = stateOf(cache);
  const live = new Set(tree.map((file) => keyOf(file.path, file.sha)));
  for (const key of state.entries.keys()) if (!live.has(key)) state.entries.delete(key);
  const entries = [...state.entries.entries()].flatMap(([key, { entry, request }]) => (cache.get(key) === request ? [entry] : []));
  const digest = entriesDigest(entries);
  const seenHead = state.head;
  state.head = undefined;
  const { written } = state;
  // With nothing active there is nothing for a restart to save: the ledger is left as it is (an entry serves only its file's exact version on the tree).
  if (entries.length === 0) return;
  if (written?.digest === digest && (seenHead === undefined || seenHead === written.head)) return;
  try {
    const head = seenHead ?? (await gh.rest.git.getRef({ ...repo, ref: `heads/${branch}` })).data.object.sha;
    const runs = await writeLedger(gh, repo, { head, entries }, written?.head === head ? written.runs : undefined);
    state.written = { head, digest, runs };
  } catch {
    // Kept as it was; see above.
  }
}
