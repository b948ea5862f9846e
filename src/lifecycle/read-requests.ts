/**
 * Derives the requests on the default branch from the repo alone: the tree
 * of its head, each file's history (the oldest commit added it, the newest
 * set its current version), and the merged pull requests behind those
 * commits, re-verified with the PR flow's own evaluation. A restart rebuilds
 * everything; the cache only saves API calls.
 */
import { addMilliseconds, max as latest } from "date-fns";
import type { GrantSpec } from "../core/grant.js";
import { evaluateMergedPull } from "../evaluate/evaluate-pull.js";
import type { RequestFileResult } from "../evaluate/types.js";
import type { GitHubClient, RepoRef } from "../github/client.js";
import { isRequestPath, listTree, readBlobs } from "../github/read-files.js";
import type { TreeFile } from "../github/read-files.js";
import { formatProblem } from "../model/problem.js";
import { parseRequest } from "../model/request-file.js";
import type { ActiveRequest } from "./types.js";

/** Derived requests keyed by "path@blob sha": a new version of a file is a new entry. */
export type RequestCache = Map<string, ActiveRequest>;

export interface MergedPullRef {
  number: number;
  mergedAt: Date;
  mergeCommitSha: string | null;
  author: string;
}

/**
 * @example
 *   const requests = await readActiveRequests(gh, { owner: "acme", repo: "access" }, "main", cache, "access-pr[bot]");
 *   requests.filter((r) => r.status === "backed").map((r) => r.window.end);
 */
export async function readActiveRequests(gh: GitHubClient, repo: RepoRef, defaultBranch: string, cache: RequestCache, botLogin: string): Promise<ActiveRequest[]> {
  const tree = (await listTree(gh, repo, defaultBranch)).filter((file) => isRequestPath(file.path));
  const live = new Set(tree.map((file) => `${file.path}@${file.sha}`));
  for (const key of cache.keys()) if (!live.has(key)) cache.delete(key);
  return Promise.all(
    tree.map(async (file) => {
      const key = `${file.path}@${file.sha}`;
      const cached = cache.get(key);
      if (cached) return cached;
      const derived = await deriveRequest(gh, repo, defaultBranch, file, botLogin);
      cache.set(key, derived);
      return derived;
    }),
  );
}

/** The merged pull request into `base` that carried `sha`, if any. */
export async function mergedPullOf(gh: GitHubClient, repo: RepoRef, sha: string, base: string): Promise<MergedPullRef | undefined> {
  const { data } = await gh.rest.repos.listPullRequestsAssociatedWithCommit({ ...repo, commit_sha: sha, per_page: 100 });
  const pull = data.find((p) => p.merged_at && p.base.ref === base);
  if (!pull?.merged_at) return undefined;
  return { number: pull.number, mergedAt: new Date(pull.merged_at), mergeCommitSha: pull.merge_commit_sha ?? null, author: pull.user?.login ?? "" };
}

/** The pull request that added `path` to `ref` (its oldest commit), for comments on the original PR. */
export async function addingPullOf(gh: GitHubClient, repo: RepoRef, path: string, ref: string, base: string): Promise<MergedPullRef | undefined> {
  const commits = await gh.paginate(gh.rest.repos.listCommits, { ...repo, sha: ref, path, per_page: 100 });
  const oldest = commits.at(-1);
  return oldest ? mergedPullOf(gh, repo, oldest.sha, base) : undefined;
}

async function deriveRequest(gh: GitHubClient, repo: RepoRef, defaultBranch: string, file: TreeFile, botLogin: string): Promise<ActiveRequest> {
  const { path, sha: blobSha } = file;
  const commits = await gh.paginate(gh.rest.repos.listCommits, { ...repo, sha: defaultBranch, path, per_page: 100 });
  const newest = commits[0];
  const oldest = commits.at(-1);
  const unbacked = (reason: string, specs: GrantSpec[] = [], pr?: number): ActiveRequest => ({ status: "unbacked", path, blobSha, reason, specs, ...(pr ? { pr } : {}) });
  if (!newest || !oldest) return unbacked("it has no history on the default branch");

  const current = await mergedPullOf(gh, repo, newest.sha, defaultBranch);
  if (!current) return unbacked("it was pushed to the default branch directly, not merged from an approved pull request");
  const added = oldest.sha === newest.sha ? current : await mergedPullOf(gh, repo, oldest.sha, defaultBranch);
  if (!added) return unbacked("it was first pushed to the default branch directly, not merged from an approved pull request", [], current.number);

  const merged = await evaluateMergedPull(gh, repo, current.number, { defaultBranch, botLogin });
  const result = merged?.evaluation.requests.find((r) => r.path === path);
  const specs = result?.grants ?? [];
  if (!merged || !result || result.status !== "planned") {
    return unbacked(`pull request #${current.number} that put it there does not grant it${result ? `: ${problemsOf(result)}` : ""}`, specs, current.number);
  }
  if (!merged.evaluation.grantable) {
    const approval = merged.evaluation.approval;
    const why = approval && approval.status !== "approved" ? `it was merged without valid approval (${approval.summary})` : `it was merged with problems: ${merged.evaluation.problems.map(formatProblem).join("; ")}`;
    return unbacked(`pull request #${current.number}: ${why}`, specs, current.number);
  }

  // Window: from when the file was first merged (or its own later start) for the duration of the current version.
  const [content] = (await readBlobs(gh, repo, [file])).values();
  const parsed = content ? parseRequest(path, content) : undefined;
  const requestedStart = parsed?.ok ? parsed.request.start : undefined;
  const start = requestedStart ? latest([requestedStart, added.mergedAt]) : added.mergedAt;
  const durationMs = result.planned[0]?.durationMs ?? 0;
  const window = { start, end: addMilliseconds(start, durationMs) };
  return {
    status: "backed",
    path,
    blobSha,
    pr: added.number,
    versionPr: current.number,
    mergeCommitSha: current.mergeCommitSha,
    requester: added.author,
    window,
    specs: specs.map((spec) => ({ ...spec, window, origin: { ...spec.origin, pr: added.number } })),
  };
}

function problemsOf(result: RequestFileResult): string {
  return result.problems.length > 0 ? result.problems.map(formatProblem).join("; ") : `the file is ${result.status}`;
}
