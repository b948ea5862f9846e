/**
 * Gathers what a PR decision needs through the GitHub adapters, then calls
 * the pure core. Config comes from the default branch, never the PR head
 * (invariant 1): its current tip for an open PR (a PR's `base.sha` only moves
 * when the PR is synchronized, so it can name superseded policies); at merge,
 * the merge commit's first parent. Request files come from the PR's head.
 */
import { teamsToResolve } from "../approval/teams-to-resolve.js";
import type { PullView } from "../core/pull.js";
import type { GitHubClient, RepoRef } from "../github/client.js";
import { loadPull } from "../github/pull-view.js";
import { batchRead } from "../github/batch-read.js";
import { byPath, configFilesOf, listTree } from "../github/read-files.js";
import { resolveActiveMembers } from "../github/teams.js";
import { classifyChanges } from "./classify-changes.js";
import { codeownersFrom, configFrom } from "./config-checks.js";
import type { FileContents } from "./config-checks.js";
import { decidePull } from "./decide-pull.js";
import { readPreviousVersions } from "./previous-versions.js";
import { activeRequesterTeams, rulesInPlay } from "./rules-in-play.js";
import type { PullEvaluation } from "./types.js";

export interface EvaluatePullOptions {
  /** The evaluation instant (take it once per event from the injected Clock). */
  now: Date;
  /** The repository's default branch, from the webhook payload; fetched when absent. */
  defaultBranch?: string;
  /** The app's own bot login (read from GitHub at start): only its comments carry records the app reads. */
  botLogin: string;
  /** The app's id: the pull request's query then also counts the app's check runs on the head. */
  appId?: number;
}

/**
 * Evaluates an open pull request at its current head.
 *
 * @example
 *   const evaluation = await evaluatePull(context.octokit, { owner: "acme", repo: "access" }, 12, { now: clock.now(), defaultBranch: "main", botLogin: "access-pr[bot]" });
 *   evaluation.kind;              // "request"
 *   evaluation.approval?.status;  // "pending"
 *   evaluation.requests[0].grants; // GrantSpec[] a merge would apply
 */
export async function evaluatePull(gh: GitHubClient, repo: RepoRef, number: number, options: EvaluatePullOptions): Promise<PullEvaluation> {
  const defaultBranch = options.defaultBranch ?? (await gh.rest.repos.get({ ...repo })).data.default_branch;
  // One query reads the pull request and the default branch's tip together; read through REST, the tip is one more read.
  const { view: pull, tip: readTip } = await loadPull(gh, repo, number, defaultBranch, options.appId);
  const tip = readTip ?? (await defaultBranchTip(gh, repo, defaultBranch));
  // The evaluation's baseSha is the commit whose policies, identities and CODEOWNERS decided; history is read
  // at that same commit, by sha, so the answer is immutable and read once per process (immutable-reads.ts).
  return gatherAndDecide(gh, repo, { ...pull, baseSha: tip }, options.now, tip);
}

async function defaultBranchTip(gh: GitHubClient, repo: RepoRef, defaultBranch: string): Promise<string> {
  const { data } = await gh.rest.git.getRef({ ...repo, ref: `heads/${defaultBranch}` });
  return data.object.sha;
}

export interface MergedPullEvaluation {
  evaluation: PullEvaluation;
  mergedAt: Date;
  /** The commit the merge made on the base branch (where `access-pr / grant` goes). */
  mergeCommitSha: string;
  /** The merge commit's first parent: the default branch as it stood, whose policies judged the merge. */
  policySha: string;
}

/**
 * Re-verifies a MERGED pull request as it stood at the merge: config at the
 * merge commit's first parent (the PR's `base.sha` can be far older), reviews
 * against the head that was merged, windows starting at merged_at. Returns
 * null when the PR is not merged, or GitHub names no merge commit (nothing
 * can be verified, so nothing is granted).
 *
 * @example
 *   const merged = await evaluateMergedPull(gh, { owner: "acme", repo: "access" }, 12, { botLogin: "access-pr[bot]" });
 *   if (merged?.evaluation.grantable) await applyAll(merged.evaluation.requests.flatMap((r) => r.grants));
 *   else // admin bypass or invalid: grant nothing and revert (invariant 6)
 */
export async function evaluateMergedPull(gh: GitHubClient, repo: RepoRef, number: number, options: { defaultBranch?: string; botLogin: string }): Promise<MergedPullEvaluation | null> {
  const defaultBranch = options.defaultBranch ?? (await gh.rest.pulls.get({ ...repo, pull_number: number })).data.base.repo.default_branch;
  const { view: pull, merge } = await loadPull(gh, repo, number, defaultBranch);
  if (!merge.mergedAt) return null;
  const mergedAt = new Date(merge.mergedAt);
  const mergeCommitSha = merge.mergeCommitSha;
  if (!mergeCommitSha) return null;
  const policySha = merge.firstParent ?? (await gh.rest.git.getCommit({ ...repo, commit_sha: mergeCommitSha })).data.parents[0]?.sha;
  if (!policySha) return null;
  // The merged file itself is on the default branch now; a reused name shows as history before the merge.
  const evaluation = await gatherAndDecide(gh, repo, { ...pull, baseSha: policySha }, mergedAt, policySha);
  return { evaluation, mergedAt, mergeCommitSha, policySha };
}

async function gatherAndDecide(gh: GitHubClient, repo: RepoRef, pull: PullView, now: Date, historyRef: string): Promise<PullEvaluation> {
  const empty: FileContents = new Map();
  if (pull.baseRef !== pull.defaultBranch) {
    return decidePull({ pull, now, baseConfig: empty, headConfig: empty, requestFiles: empty, reusedPaths: new Map(), previousVersions: new Map(), requesterTeams: [], teams: {} });
  }
  const listing = pull.listing;
  const complete = !listing || (listing.files >= listing.filesTotal && listing.commits >= listing.commitsTotal);
  // An incomplete listing grants nothing (decidePull says why): do not read thousands of files for it.
  const changes = complete ? classifyChanges(pull.changedFiles) : classifyChanges([]);
  const added = changes.toEvaluate.filter((f) => f.change === "added").map((f) => f.path);
  const modified = changes.toEvaluate.filter((f) => f.change === "modified").map((f) => f.path);
  const [{ baseConfig, headConfig, requestFiles, reusedPaths }, previousVersions] = await Promise.all([
    readForDecision(gh, repo, pull, changes.config.length > 0, changes.toEvaluate.map((f) => f.path), added, historyRef),
    readPreviousVersions(gh, repo, modified, historyRef, pull.defaultBranch),
  ]);

  const { config } = configFrom(baseConfig);
  // Only the teams of rules that can decide these files are asked about (rules-in-play.ts).
  const rules = rulesInPlay(config, requestFiles);
  const quorums = rules.flatMap((rule) => (rule.approvers ? [rule.approvers] : []));
  const approvalTeams = teamsToResolve(pull, codeownersFrom(baseConfig), quorums);
  const reviewers = [...new Set(pull.reviews.map((review) => review.user))];
  const isActive = async (team: string) => ((await resolveActiveMembers(gh, [team], [pull.author]))[team] ?? []).length > 0;
  const [requesterTeams, teams] = await Promise.all([
    activeRequesterTeams(rules, pull.author, isActive),
    reviewers.length > 0 ? resolveActiveMembers(gh, approvalTeams, reviewers) : Promise.resolve({}),
  ]);
  return decidePull({
    pull,
    now,
    baseConfig,
    headConfig,
    requestFiles,
    reusedPaths,
    previousVersions,
    requesterTeams,
    teams,
  });
}

/**
 * The config at the base (and at the head when the PR changes it), the request files at the head, and the
 * history of added names: the trees by REST, the rest in one GraphQL query (batch-read.ts).
 */
async function readForDecision(gh: GitHubClient, repo: RepoRef, pull: PullView, configChanged: boolean, paths: string[], added: string[], historyRef: string) {
  const [baseTree, headTree] = await Promise.all([listTree(gh, repo, pull.baseSha), configChanged ? listTree(gh, repo, pull.headSha) : Promise.resolve(undefined)]);
  const baseFiles = configFilesOf(baseTree);
  const headFiles = headTree ? configFilesOf(headTree) : [];
  const read = await batchRead(gh, repo, {
    blobs: [...baseFiles, ...headFiles],
    files: { ref: pull.headSha, paths },
    // "Request file names are never reused": an added path with any history at `historyRef` is refused.
    history: { ref: historyRef, paths: added },
  });
  const empty: FileContents = new Map();
  return {
    baseConfig: byPath(baseFiles, read.blobs),
    headConfig: headTree ? byPath(headFiles, read.blobs) : empty,
    requestFiles: read.files as FileContents,
    reusedPaths: read.history,
  };
}
