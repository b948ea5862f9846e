/**
 * Before a grant: is the merge whose record backs this version of a request
 * file really where that version arrived on the default branch? The record is
 * found through the path's commit history (`commits?path=`), and git's default
 * history simplification prunes a merge that is TREESAME to any parent for
 * the path, following only that parent. A writer who pushes (or gets merged)
 * a merge whose other parent already holds an old approved version thus puts
 * that version back with a history that names only the old approved pull
 * request. So the recorded merge must be on the branch's first-parent line,
 * and every commit of that line after it must have the same version in its
 * first parent: the version arrived with that merge and never left. This
 * reads commits and trees, not the path's history, so it holds whatever a
 * history listing prunes. When it cannot be established, nothing is granted
 * and the reason says so.
 *
 * Costs nothing when the recorded merge is the head the run read (the usual
 * grant, right after a merge); otherwise one compare per 100 commits since
 * (shared by the versions checked in one run) and one tree read per commit of
 * the first-parent line since (each read once per process: a tree at a full
 * sha never changes). Only versions about to be granted are checked.
 */
import type { GitHubClient, RepoRef } from "../github/client.js";
import { readTree } from "../github/read-files.js";
import { isFullSha } from "../github/sha-cache.js";
import { planReconcile } from "./plan-reconcile.js";
import type { ReconcileInput, ReconcilePlan } from "./plan-reconcile.js";
import type { ActiveRequest, BackedRequest } from "./types.js";

/** Commits since the recorded merge the check reads at most; beyond, it cannot vouch for the version and grants nothing. */
export const ARRIVAL_MAX_COMMITS = 1_000;
const PAGE = 100;

/** Where a refusal is told to the operator (the lifecycle's logger). */
interface ErrorLog {
  error(fields: object, message: string): void;
}

type Version = Pick<BackedRequest, "path" | "blobSha" | "mergeCommitSha" | "versionPr">;

/** Commits since the oldest merge checked in one run, by sha, with the branch's head they were listed from; shared by that run's checks. */
export interface ArrivalMemo {
  tip?: string;
  commits: Map<string, Commit>;
}

/**
 * Why the recorded merge cannot be shown to have put this version on `branch`, or undefined when it did.
 *
 * @example
 *   const problem = await arrivalProblem(gh, repo, "main", request);
 *   if (problem) log.error({ path: request.path, problem }, "not granted");
 */
export async function arrivalProblem(gh: GitHubClient, repo: RepoRef, branch: string, version: Version, memo: ArrivalMemo = { commits: new Map() }, at: string = branch): Promise<string | undefined> {
  const { path, blobSha, versionPr: pr } = version;
  const merge = version.mergeCommitSha;
  const refuse = (why: string) => `${why}; to have this access again, ask in a new pull request`;
  if (!merge) return refuse(`GitHub names no merge commit for #${pr}, so where this version arrived on ${branch} cannot be verified`);
  let line = memo.tip ? firstParentLine(memo.commits, memo.tip, merge) : undefined;
  if (!line) {
    const since = await commitsSince(gh, repo, merge, at);
    if (since === "not-ancestor") return refuse(`the merge of #${pr} (${merge.slice(0, 7)}) is no longer in the history of ${branch}`);
    if (since === "too-many") return refuse(`more than ${ARRIVAL_MAX_COMMITS} commits landed on ${branch} after the merge of #${pr} (${merge.slice(0, 7)}), too many to verify that this version stayed as approved`);
    if (since.commits.size === 0) return undefined;
    // A branch that moved since the last listing starts the memo again from this one.
    if (memo.tip !== since.tip) memo.commits.clear();
    memo.tip = since.tip;
    for (const [sha, commit] of since.commits) memo.commits.set(sha, commit);
    line = firstParentLine(memo.commits, since.tip, merge);
  }
  if (!line) return refuse(`the merge of #${pr} (${merge.slice(0, 7)}) is not on the first-parent line of ${branch}: it came in through another merge`);
  for (const commit of line) {
    const first = commit.parents[0] ?? "";
    const before = (await readTree(gh, repo, first)).files.find((f) => f.path === path)?.sha;
    if (before === blobSha) continue;
    if (commit.parents.length > 1) {
      return refuse(`this version arrived on ${branch} with merge ${commit.sha.slice(0, 7)}, not with the merge of #${pr} (${merge.slice(0, 7)}) that approved it: the file left ${branch} or changed after #${pr}, and that merge brought it back`);
    }
    return refuse(`commit ${commit.sha.slice(0, 7)} changed the file on ${branch} after the merge of #${pr} (${merge.slice(0, 7)}) that approved this version, so that merge is not where this version arrived`);
  }
  return undefined;
}

/**
 * The plan, with every version it would grant checked first. A version that fails is unbacked with
 * its reason (so it is revoked, reverted and told like any unapproved file), in the cache too, so this
 * process does not check it again; a restart checks it again. A version whose check could not be made
 * (GitHub did not answer) is not granted in this run and is checked again in the next.
 *
 * `at` is the head commit the run read (the branch's name when not known): a branch that moved since
 * cannot make a version the run saw in place look as if it arrived later.
 *
 * @example
 *   const { plan, requests } = await planCheckingArrivals(gh, repo, "main", cache, log, { now, requests, held }, gathered.headSha);
 */
export async function planCheckingArrivals(
  gh: GitHubClient,
  repo: RepoRef,
  branch: string,
  cache: Map<string, ActiveRequest>,
  log: ErrorLog,
  input: ReconcileInput,
  at: string = branch,
): Promise<{ plan: ReconcilePlan; requests: ActiveRequest[] }> {
  const first = planReconcile(input);
  const granting = new Set(first.actions.flatMap((a) => (a.kind === "grant" ? [a.path] : [])));
  if (granting.size === 0) return { plan: first, requests: input.requests };
  const name = `${repo.owner}/${repo.repo}`;
  const unknown = new Set<string>();
  const memo: ArrivalMemo = { commits: new Map() };
  let changed = false;
  const requests: ActiveRequest[] = [];
  for (const request of input.requests) {
    if (request.status !== "backed" || !granting.has(request.path)) {
      requests.push(request);
      continue;
    }
    let problem: string | undefined;
    try {
      problem = await arrivalProblem(gh, repo, branch, request, memo, at);
    } catch (error) {
      unknown.add(request.path);
      log.error({ repo: name, path: request.path, blob: request.blobSha, err: error }, "not granted in this run: could not verify where this version arrived on the default branch; the next run checks again");
    }
    if (!problem) {
      requests.push(request);
      continue;
    }
    changed = true;
    const unbacked: ActiveRequest = { status: "unbacked", path: request.path, blobSha: request.blobSha, pr: request.pr, reason: problem, specs: request.specs };
    cache.set(`${request.path}@${request.blobSha}`, unbacked);
    log.error({ repo: name, path: request.path, blob: request.blobSha, pr: request.versionPr, merge: request.mergeCommitSha, problem }, "not granted: the recorded merge is not where this version arrived on the default branch");
    requests.push(unbacked);
  }
  const plan = changed ? planReconcile({ ...input, requests }) : first;
  return { plan: { ...plan, actions: plan.actions.filter((a) => !(a.kind === "grant" && unknown.has(a.path))) }, requests };
}

export interface Commit {
  sha: string;
  parents: string[];
}

/** The commits reachable from `at` (the head a run read, or the branch) and not from `merge`, by sha, with that head; or why they cannot be listed. */
async function commitsSince(gh: GitHubClient, repo: RepoRef, merge: string, at: string): Promise<{ tip: string; commits: Map<string, Commit> } | "not-ancestor" | "too-many"> {
  const commits = new Map<string, Commit>();
  // The head the run read is the merge itself: nothing came after it, and GitHub would answer "identical".
  if (at.toLowerCase() === merge.toLowerCase() && isFullSha(at)) return { tip: merge, commits };
  for (let page = 1; ; page++) {
    const { data } = await gh.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `${merge}...${at}`, per_page: PAGE, page });
    if (data.status === "identical") return { tip: merge, commits };
    if (data.status !== "ahead") return "not-ancestor";
    if (data.total_commits > ARRIVAL_MAX_COMMITS) return "too-many";
    const before = commits.size;
    for (const c of data.commits) commits.set(c.sha, { sha: c.sha, parents: c.parents.map((p) => p.sha) });
    if (commits.size >= data.total_commits) break;
    if (commits.size === before) return "too-many";
  }
  // The head is the one commit no other commit since names as a parent.
  const parents = new Set([...commits.values()].flatMap((c) => c.parents));
  const tips = [...commits.keys()].filter((sha) => !parents.has(sha));
  return tips.length === 1 && tips[0] ? { tip: tips[0], commits } : "not-ancestor";
}

/** From `tip` down to `merge` by first parents, newest first (`merge` excluded); undefined when that line misses it. */
function firstParentLine(commits: Map<string, Commit>, tip: string, merge: string): Commit[] | undefined {
  const line: Commit[] = [];
  for (let commit = commits.get(tip); commit; commit = commits.get(commit.parents[0] ?? "")) {
    line.push(commit);
    if (commit.parents[0] === merge) return line;
  }
  return undefined;
}
