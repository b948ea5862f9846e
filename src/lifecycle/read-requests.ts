/**
 * The requests on the default branch, from the repo alone: the tree of its
 * head, each file's history (the oldest commit added it, the newest set its
 * current version), and the decision the app recorded on the merge commit
 * that set that version. A version with no record (a crash between merge and
 * record, or a direct push) is judged once and then recorded, or backs
 * nothing. A restart rebuilds everything; the cache only saves API calls, and
 * so does the decision ledger a restart reads first (request-ledger.ts).
 */
import type { GitHubClient, RepoRef } from "../github/client.js";
import { mergedPullOf } from "../github/merged-pull.js";
import { pathHistory } from "../github/path-history.js";
import type { MergedPullRef } from "../github/merged-pull.js";
import { isRequestPath, listTree } from "../github/read-files.js";
import type { TreeFile } from "../github/read-files.js";
import { readDecisions, readGrantRecord, recordDecisions } from "./decision-check.js";
import { earlyEndNoteOf, withEarlyEnd } from "./early-end.js";
import type { DecisionRecord } from "./decision-record.js";
import { evaluateMergedPull } from "../evaluate/evaluate-pull.js";
import { judgeMerge } from "./judge-merge.js";
import { forEachBounded } from "../core/bounded.js";
import { withoutWaiting } from "../github/write-scope.js";
import type { LedgerEntry } from "./ledger-codec.js";
import { cacheRecorded, fillFromLedger, saveLedger } from "./request-ledger.js";
import type { ActiveRequest, EarlyEndNote } from "./types.js";

export { mergedPullOf } from "../github/merged-pull.js";
export type { MergedPullRef } from "../github/merged-pull.js";

/** Derived requests keyed by "path@blob sha": a new version of a file is a new entry. */
export type RequestCache = Map<string, ActiveRequest>;

/** Request files read at once: enough to finish a restart quickly, few enough to stay far from GitHub's concurrency limits. */
export const DERIVE_CONCURRENCY = 8;

/** A request file whose derivation failed (GitHub did not answer): nothing is known about it until the next run. */
export interface UndeterminedRequest {
  path: string;
  blobSha: string;
  error: unknown;
}

export interface RequestsOfTree {
  requests: ActiveRequest[];
  undetermined: UndeterminedRequest[];
}

type App = { appId: number; botLogin: string };

/**
 * @example
 *   const requests = await readActiveRequests(gh, { owner: "acme", repo: "access" }, "main", cache, { appId, botLogin: "access-pr[bot]" });
 *   requests.filter((r) => r.status === "backed").map((r) => r.window.end);
 */
export async function readActiveRequests(gh: GitHubClient, repo: RepoRef, defaultBranch: string, cache: RequestCache, app: App, headTree?: TreeFile[]): Promise<ActiveRequest[]> {
  const { requests, undetermined } = await readRequestsOfTree(gh, repo, defaultBranch, cache, app, headTree);
  const [first] = undetermined;
  if (first) throw first.error;
  return requests;
}

/**
 * Every request file of the tree, derived at most DERIVE_CONCURRENCY at a time; one that fails is
 * reported as undetermined, so the others still act (a revocation never waits on another file).
 * Files found without a record are judged once per pull request that set them, and recorded in one write.
 *
 * @example
 *   const { requests, undetermined } = await readRequestsOfTree(gh, repo, "main", cache, { appId, botLogin });
 */
export function readRequestsOfTree(...args: Parameters<typeof readTreeRequests>): Promise<RequestsOfTree> {
  // A write made while reading (a decision, the ledger) never waits out GitHub's pause: a revocation may follow (write-scope.ts).
  return withoutWaiting(() => readTreeRequests(...args));
}

async function readTreeRequests(gh: GitHubClient, repo: RepoRef, defaultBranch: string, cache: RequestCache, app: App, headTree?: TreeFile[], headSha?: string): Promise<RequestsOfTree> {
  const tree = (headTree ?? (await listTree(gh, repo, defaultBranch))).filter((file) => isRequestPath(file.path));
  const live = new Set(tree.map((file) => `${file.path}@${file.sha}`));
  for (const key of cache.keys()) if (!live.has(key)) cache.delete(key);
  const keyOf = (file: TreeFile) => `${file.path}@${file.sha}`;
  const undetermined: UndeterminedRequest[] = [];
  const toJudge: Unjudged[] = [];
  await fillFromLedger(gh, repo, defaultBranch, cache, tree.filter((file) => !cache.has(keyOf(file))), app.appId, DERIVE_CONCURRENCY);
  await forEachBounded(
    tree.filter((file) => !cache.has(keyOf(file))),
    DERIVE_CONCURRENCY,
    async (file) => {
      try {
        const found = await findRecorded(gh, repo, defaultBranch, file, app.appId, headTree ? headSha : undefined);
        if ("record" in found) {
          const { endedEarly, ...entry } = found;
          cacheRecorded(cache, entry, endedEarly);
        } else if ("status" in found) cache.set(keyOf(file), found);
        else toJudge.push(found);
      } catch (error) {
        undetermined.push({ path: file.path, blobSha: file.sha, error });
      }
    },
  );
  // One pull request at a time, and one record write for all of its files: files merged together share one record.
  const byPull = new Map<number, Unjudged[]>();
  for (const item of toJudge) byPull.set(item.current.number, [...(byPull.get(item.current.number) ?? []), item]);
  for (const group of byPull.values()) {
    try {
      for (const [key, judged] of await judgeGroup(gh, repo, defaultBranch, group, app)) {
        if ("record" in judged) cacheRecorded(cache, judged);
        else cache.set(key, judged);
      }
    } catch (error) {
      for (const { file } of group) undetermined.push({ path: file.path, blobSha: file.sha, error });
    }
  }
  await saveLedger(gh, repo, defaultBranch, cache, tree);
  const requests = tree.flatMap((file) => cache.get(keyOf(file)) ?? []);
  return { requests, undetermined: undetermined.sort((a, b) => a.path.localeCompare(b.path)) };
}

/** The pull request that added `path` to `ref` (its oldest commit), for comments on the original PR. */
export async function addingPullOf(gh: GitHubClient, repo: RepoRef, path: string, ref: string, base: string): Promise<MergedPullRef | undefined> {
  const commits = await gh.paginate(gh.rest.repos.listCommits, { ...repo, sha: ref, path, per_page: 100 });
  const oldest = commits.at(-1);
  return oldest ? mergedPullOf(gh, repo, oldest.sha, base) : undefined;
}

/** A file whose version has no record yet: it is judged with the other files of its pull request. */
interface Unjudged {
  file: TreeFile;
  current: MergedPullRef & { mergeCommitSha: string };
  oldestSha: string;
  newestSha: string;
  /** The oldest commit's merged pull request, when the history's query named one ("none" is asked of REST). */
  oldestPull?: MergedPullRef;
}

/**
 * The request's record at its merge (two calls: the file's history with each commit's pull request in one
 * query, and the record; three by REST: the history, its pull request, the record), or why nothing backs
 * it, or what is needed to judge it. `headSha` is the commit whose tree listed the file: its history is
 * read there.
 */
async function findRecorded(gh: GitHubClient, repo: RepoRef, defaultBranch: string, file: TreeFile, appId: number, headSha?: string): Promise<(LedgerEntry & { endedEarly?: EarlyEndNote }) | ActiveRequest | Unjudged> {
  const { path, sha: blobSha } = file;
  const queried = headSha ? await pathHistory(gh, repo, headSha, path, defaultBranch) : undefined;
  const commits = queried ? queried.commits.map((sha) => ({ sha })) : await gh.paginate(gh.rest.repos.listCommits, { ...repo, sha: headSha ?? defaultBranch, path, per_page: 100 });
  const newest = commits[0];
  const oldest = commits.at(-1);
  const unbacked = (reason: string, pr?: number): ActiveRequest => ({ status: "unbacked", path, blobSha, reason, specs: [], ...(pr ? { pr } : {}) });
  if (!newest || !oldest) return unbacked("it has no history on the default branch");

  // "No pull request" leaves the file unbacked (and reverted): only REST's answer decides that.
  const current = queried?.pulls.get(newest.sha) ?? (await mergedPullOf(gh, repo, newest.sha, defaultBranch));
  if (!current) return unbacked("it was pushed to the default branch directly, not merged from an approved pull request");
  if (!current.mergeCommitSha) return unbacked(`GitHub names no merge commit for #${current.number}, so its merge cannot be verified`, current.number);
  const { decisions, events } = await readGrantRecord(gh, repo, current.mergeCommitSha, appId);
  const recorded = decisions.find((r) => r.path === path && r.blobSha === blobSha);
  // An early end recorded for this version stands: it is read as ending then, and never granted again.
  if (recorded) {
    const endedEarly = earlyEndNoteOf(events, path, blobSha);
    return { record: withEarlyEnd(recorded, events), mergeCommitSha: current.mergeCommitSha, setBy: newest.sha, ...(endedEarly ? { endedEarly } : {}) };
  }
  const oldestPull = queried?.pulls.get(oldest.sha) ?? undefined;
  return { file, current: { ...current, mergeCommitSha: current.mergeCommitSha }, oldestSha: oldest.sha, newestSha: newest.sha, ...(oldestPull ? { oldestPull } : {}) };
}

/** Judges the files one pull request set, evaluating that pull request once, and records every decision in one write. */
async function judgeGroup(gh: GitHubClient, repo: RepoRef, defaultBranch: string, group: Unjudged[], app: App): Promise<Map<string, ActiveRequest | LedgerEntry>> {
  const out = new Map<string, ActiveRequest | LedgerEntry>();
  const records: DecisionRecord[] = [];
  let evaluation: ReturnType<typeof evaluateMergedPull> | undefined;
  const evaluate = () => (evaluation ??= evaluateMergedPull(gh, repo, group[0]?.current.number ?? 0, { defaultBranch, botLogin: app.botLogin }));
  let mergeCommitSha: string | undefined;
  for (const { file, current, oldestSha, newestSha, oldestPull } of group) {
    const { path, sha: blobSha } = file;
    const key = `${path}@${blobSha}`;
    const added = oldestSha === newestSha ? current : await addedPull(gh, repo, oldestSha, current, defaultBranch, oldestPull);
    if (!added) {
      out.set(key, { status: "unbacked", path, blobSha, specs: [], pr: current.number, reason: "it was first pushed to the default branch directly, not merged from an approved pull request" });
      continue;
    }
    const previous = added.number === current.number ? undefined : await previousRecord(gh, repo, path, defaultBranch, current, app.appId);
    const judged = await judgeMerge(gh, repo, { path, blobSha, defaultBranch, botLogin: app.botLogin, current, added, evaluate, ...(previous ? { previous } : {}) });
    if (!judged) {
      out.set(key, { status: "unbacked", path, blobSha, specs: [], pr: current.number, reason: `pull request #${current.number} that put it there could not be re-verified` });
      continue;
    }
    records.push(judged.record);
    mergeCommitSha = judged.mergeCommitSha;
    out.set(key, { record: judged.record, mergeCommitSha: judged.mergeCommitSha, setBy: newestSha });
  }
  if (mergeCommitSha && records.length > 0) await recordDecisions(gh, repo, mergeCommitSha, records, app.appId);
  return out;
}

/**
 * The pull request that first added the file: the one that set this version when its oldest commit is that pull
 * request's too. `known` is the oldest commit's pull request as the history's query named it.
 */
async function addedPull(gh: GitHubClient, repo: RepoRef, oldestSha: string, current: MergedPullRef, defaultBranch: string, known?: MergedPullRef): Promise<MergedPullRef | undefined> {
  const pull = known ?? (await mergedPullOf(gh, repo, oldestSha, defaultBranch));
  return pull?.number === current.number ? current : pull;
}

/** The recorded decision for the version an extension replaced (at the merge's first parent), when there is one. */
async function previousRecord(gh: GitHubClient, repo: RepoRef, path: string, defaultBranch: string, current: MergedPullRef, appId: number): Promise<DecisionRecord | undefined> {
  if (!current.mergeCommitSha) return undefined;
  const { data: commit } = await gh.rest.git.getCommit({ ...repo, commit_sha: current.mergeCommitSha });
  const parent = commit.parents[0]?.sha;
  if (!parent) return undefined;
  const { data: before } = await gh.rest.repos.listCommits({ ...repo, sha: parent, path, per_page: 1 });
  const setBy = before[0] ? await mergedPullOf(gh, repo, before[0].sha, defaultBranch) : undefined;
  if (!setBy?.mergeCommitSha) return undefined;
  return (await readDecisions(gh, repo, setBy.mergeCommitSha, appId)).find((r) => r.path === path && r.outcome === "granted");
}
