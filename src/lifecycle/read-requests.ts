/**
 * The requests on the default branch, from the repo alone: the tree of its
 * head, each file's history (the oldest commit added it, the newest set its
 * current version), and the decision the app recorded on the merge commit
 * that set that version. A version with no record (a crash between merge and
 * record, or a direct push) is judged once and then recorded, or backs
 * nothing. A restart rebuilds everything; the cache only saves API calls.
 */
import type { GitHubClient, RepoRef } from "../github/client.js";
import { mergedPullOf } from "../github/merged-pull.js";
import type { MergedPullRef } from "../github/merged-pull.js";
import { isRequestPath, listTree } from "../github/read-files.js";
import type { TreeFile } from "../github/read-files.js";
import { readDecisions, recordDecisions } from "./decision-check.js";
import type { DecisionRecord } from "./decision-record.js";
import { judgeMerge } from "./judge-merge.js";
import type { ActiveRequest } from "./types.js";

export { mergedPullOf } from "../github/merged-pull.js";
export type { MergedPullRef } from "../github/merged-pull.js";

/** Derived requests keyed by "path@blob sha": a new version of a file is a new entry. */
export type RequestCache = Map<string, ActiveRequest>;

/**
 * @example
 *   const requests = await readActiveRequests(gh, { owner: "acme", repo: "access" }, "main", cache, { appId, botLogin: "access-pr[bot]" });
 *   requests.filter((r) => r.status === "backed").map((r) => r.window.end);
 */
export async function readActiveRequests(gh: GitHubClient, repo: RepoRef, defaultBranch: string, cache: RequestCache, app: { appId: number; botLogin: string }, headTree?: TreeFile[]): Promise<ActiveRequest[]> {
  const tree = (headTree ?? (await listTree(gh, repo, defaultBranch))).filter((file) => isRequestPath(file.path));
  const live = new Set(tree.map((file) => `${file.path}@${file.sha}`));
  for (const key of cache.keys()) if (!live.has(key)) cache.delete(key);
  // One file at a time: files merged together share one record, which a concurrent write would split.
  const requests: ActiveRequest[] = [];
  for (const file of tree) {
    const key = `${file.path}@${file.sha}`;
    let request = cache.get(key);
    if (!request) {
      request = await deriveRequest(gh, repo, defaultBranch, file, app);
      cache.set(key, request);
    }
    requests.push(request);
  }
  return requests;
}

/** The pull request that added `path` to `ref` (its oldest commit), for comments on the original PR. */
export async function addingPullOf(gh: GitHubClient, repo: RepoRef, path: string, ref: string, base: string): Promise<MergedPullRef | undefined> {
  const commits = await gh.paginate(gh.rest.repos.listCommits, { ...repo, sha: ref, path, per_page: 100 });
  const oldest = commits.at(-1);
  return oldest ? mergedPullOf(gh, repo, oldest.sha, base) : undefined;
}

async function deriveRequest(gh: GitHubClient, repo: RepoRef, defaultBranch: string, file: TreeFile, app: { appId: number; botLogin: string }): Promise<ActiveRequest> {
  const { appId } = app;
  const { path, sha: blobSha } = file;
  const commits = await gh.paginate(gh.rest.repos.listCommits, { ...repo, sha: defaultBranch, path, per_page: 100 });
  const newest = commits[0];
  const oldest = commits.at(-1);
  const unbacked = (reason: string, pr?: number): ActiveRequest => ({ status: "unbacked", path, blobSha, reason, specs: [], ...(pr ? { pr } : {}) });
  if (!newest || !oldest) return unbacked("it has no history on the default branch");

  const current = await mergedPullOf(gh, repo, newest.sha, defaultBranch);
  if (!current) return unbacked("it was pushed to the default branch directly, not merged from an approved pull request");
  if (!current.mergeCommitSha) return unbacked(`GitHub names no merge commit for #${current.number}, so its merge cannot be verified`, current.number);
  const recorded = (await readDecisions(gh, repo, current.mergeCommitSha, appId)).find((r) => r.path === path && r.blobSha === blobSha);
  if (recorded) return fromRecord(recorded, current.mergeCommitSha);

  const added = oldest.sha === newest.sha ? current : await mergedPullOf(gh, repo, oldest.sha, defaultBranch);
  if (!added) return unbacked("it was first pushed to the default branch directly, not merged from an approved pull request", current.number);
  const previous = added.number === current.number ? undefined : await previousRecord(gh, repo, path, defaultBranch, current, appId);
  const judged = await judgeMerge(gh, repo, { path, blobSha, defaultBranch, botLogin: app.botLogin, current, added, ...(previous ? { previous } : {}) });
  if (!judged) return unbacked(`pull request #${current.number} that put it there could not be re-verified`, current.number);
  await recordDecisions(gh, repo, judged.mergeCommitSha, [judged.record], appId);
  return fromRecord(judged.record, judged.mergeCommitSha);
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

function fromRecord(record: DecisionRecord, mergeCommitSha: string): ActiveRequest {
  const specs = record.grants.map((g) => g.spec);
  if (record.outcome === "refused") return { status: "unbacked", path: record.path, blobSha: record.blobSha, pr: record.versionPr, reason: record.reason ?? "it was refused at merge", specs, mergeCommitSha };
  return {
    status: "backed",
    path: record.path,
    blobSha: record.blobSha,
    pr: record.pr,
    versionPr: record.versionPr,
    mergeCommitSha,
    requester: record.requester,
    window: record.window,
    specs,
    decision: record,
  };
}
