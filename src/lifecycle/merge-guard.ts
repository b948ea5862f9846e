/**
 * The one place the app merges a pull request. It merges with its bypass of
 * branch protection, so it merges only what it verified right before: the
 * pull request is its own, targets the default branch from this repository,
 * and its head commit has exactly one parent — the default branch's current
 * tip — and a tree equal to that tip's tree minus exactly the files the app
 * means to remove. The merge pins that head sha; a head that moved (409) is
 * verified again from scratch, never trusted.
 */
import type { GitHubClient, RepoRef } from "../github/client.js";
import { code } from "../render/markdown.js";
import { assessHead, fullTree, tipOf } from "./revert-head.js";
import type { TreeEntry } from "./revert-tree.js";

export interface GuardRequest {
  defaultBranch: string;
  number: number;
  /** The request files this run means to remove: from the app's own plan, never from the pull request's text. */
  remove: ReadonlySet<string>;
  /** The app's own login; a pull request by anyone else is never merged. */
  botLogin: string;
  /** A commit of the default branch already read with its tree: when the tip is still that commit, its tree is not read again. */
  known?: { sha: string; tree: TreeEntry[] };
  /**
   * A head commit this run built (or judged) as exactly the removal of `remove` on the commit `tipSha`. A commit's
   * sha fixes its parents and tree, so when the pull request's head is still that commit and the tip still that
   * parent, it is verified without reading them again.
   */
  verified?: { headSha: string; tipSha: string };
  /**
   * GitHub's answer to the create of this very pull request, a moment ago: the first check takes the author,
   * base and head from it instead of reading the pull request again. The merge pins the head sha, so a push
   * since then makes GitHub refuse (409), and every later attempt reads the pull request fresh.
   */
  opened?: GuardPull;
}

/** The pull request as GitHub answers it (the create's answer has the same shape). */
export type GuardPull = Awaited<ReturnType<GitHubClient["rest"]["pulls"]["get"]>>["data"];

export type GuardOutcome =
  | { kind: "merged"; headSha: string }
  /** The repo refused the merge (protection the app may not bypass); the pull request is verified and stays open. */
  | { kind: "refused"; status: number; message: string }
  /** What was wrong, in words for a person; the pull request must not be merged and is not reused. */
  | { kind: "unverified"; problems: string[]; headSha: string; branch: string; stale?: true };

/** Attempts when the head keeps moving between the check and the merge. */
const ATTEMPTS = 3;

/**
 * Verifies pull request `number` and merges it with its head sha pinned.
 *
 * @example
 *   const outcome = await mergeVerified(gh, repo, { defaultBranch: "main", number: 14, remove: new Set([path]), botLogin: "access-pr[bot]" });
 *   if (outcome.kind === "unverified") closeAndRebuild(outcome.problems);
 */
export async function mergeVerified(gh: GitHubClient, repo: RepoRef, request: GuardRequest): Promise<GuardOutcome> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const opened = attempt === 0 && request.opened?.number === request.number ? request.opened : undefined;
    const pull = opened ?? (await gh.rest.pulls.get({ ...repo, pull_number: request.number })).data;
    if (pull.merged) return { kind: "merged", headSha: pull.head.sha };
    const problems: string[] = [];
    if (pull.state !== "open") problems.push("it is closed");
    if (pull.user.login !== request.botLogin) problems.push(`it was opened by ${code(pull.user.login)}, not by access-pr`);
    if (pull.base.ref !== request.defaultBranch) problems.push(`it targets ${code(pull.base.ref)} instead of the default branch ${code(request.defaultBranch)}`);
    if (pull.head.repo?.full_name !== `${repo.owner}/${repo.repo}`) problems.push("its head branch is not in this repository");
    const unverified = { kind: "unverified" as const, headSha: pull.head.sha, branch: pull.head.ref };
    if (problems.length > 0) return { ...unverified, problems };
    const tipSha = await tipOf(gh, repo, request.defaultBranch);
    // The tip is read fresh every time; only what a commit never changes (its tree, its parents) may be known already.
    const known = request.verified?.headSha === pull.head.sha && request.verified.tipSha === tipSha;
    const tipTree = known ? [] : request.known?.sha === tipSha ? request.known.tree : await fullTree(gh, repo, tipSha);
    const verdict = known ? { kind: "exact" as const } : await assessHead(gh, repo, { headSha: pull.head.sha, tipSha, tipTree, remove: request.remove });
    if (verdict.kind === "stale") {
      // The tip may have moved because this very pull request was merged meanwhile (by a replica): that is not a stale revert.
      const { data: again } = await gh.rest.pulls.get({ ...repo, pull_number: request.number });
      if (again.merged) return { kind: "merged", headSha: again.head.sha };
      return { ...unverified, problems: ["the default branch moved since it was built"], stale: true };
    }
    if (verdict.kind === "foreign") return { ...unverified, problems: verdict.problems };
    try {
      // Pinned: GitHub answers 409 instead of merging a head that moved since the check above. Should the
      // tip move in between, the merge's base is that commit's own parent, so it still only removes the files.
      await gh.rest.pulls.merge({ ...repo, pull_number: request.number, sha: pull.head.sha, merge_method: "merge" });
      return { kind: "merged", headSha: pull.head.sha };
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (status !== 405 && status !== 403 && status !== 409) throw error;
      const message = (error as { response?: { data?: { message?: string } } }).response?.data?.message ?? String(error);
      const { data: now } = await gh.rest.pulls.get({ ...repo, pull_number: request.number });
      if (now.merged) return { kind: "merged", headSha: now.head.sha };
      // The head moved (a 409, or a push racing a refusal): whatever it is now is checked again.
      if (status === 409 || now.head.sha !== pull.head.sha) continue;
      return { kind: "refused", status, message };
    }
  }
  const { data: pull } = await gh.rest.pulls.get({ ...repo, pull_number: request.number });
  return { kind: "unverified", problems: [`its head kept moving while access-pr merged it (${ATTEMPTS} attempts)`], headSha: pull.head.sha, branch: pull.head.ref };
}
