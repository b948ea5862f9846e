import type { GitHubRouter } from "./call.js";
import { HttpError, page } from "./http-kit.js";
import type { Pull, Repo } from "./model.js";
import { repository } from "./shapes-common.js";
import { pullShape } from "./shapes-pull.js";

/**
 * The pulls `sha` is associated with, as GitHub associates them: it is the pull's merge commit or one of
 * its own commits (an ancestor of its head that is not an ancestor of where it branched off). Merged pulls
 * first, then open ones, newest first: the REST listing's order, and GraphQL's `Commit.associatedPullRequests`.
 */
export async function associatedPulls(repo: Repo, sha: string): Promise<Pull[]> {
  const pulls = [...repo.pulls.values()];
  // One git call answers "is sha an ancestor of …" for every head and merge base at once.
  const below = await repo.git.descendantsOf(sha, [...new Set(pulls.map((p) => p.headSha))]);
  const descends = (commit: string) => commit === sha || below.has(commit);
  const found: Pull[] = [];
  for (const pull of pulls) {
    if (pull.mergeCommitSha === sha || pull.headSha === sha) found.push(pull);
    else if (descends(pull.headSha)) {
      const mergeBase = await repo.git.mergeBase(pull.baseSha, pull.headSha);
      if (mergeBase === null || !descends(mergeBase)) found.push(pull);
    }
  }
  return found.sort((a, b) => Number(b.merged) - Number(a.merged) || b.number - a.number);
}

/** `GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls`: merged pulls first, then open ones, newest first. */
export function commitPullRoutes(router: GitHubRouter): void {
  router.on("GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls", async ({ hub, actor, params, query }) => {
    const repo = hub.requireRepo(actor, params.owner ?? "", params.repo ?? "");
    const sha = await repo.git.resolveCommit(params.commit_sha ?? "");
    if (!sha) throw new HttpError(422, `No commit found for SHA: ${params.commit_sha}`);
    const pulls = await associatedPulls(repo, sha);
    const shapes = await Promise.all(pulls.map((p) => pullShape(hub, repo, p)));
    return page(shapes, query, `${hub.url}/repos/${repo.fullName}/commits/${sha}/pulls`);
  });
}

/** `GET /installation/repositories`: the repos of the token's installation account, for an installation token. */
export function installationRepoRoutes(router: GitHubRouter): void {
  router.on("GET /installation/repositories", async ({ hub, actor, query }) => {
    if (actor.kind !== "installation") throw new HttpError(403, "This endpoint requires an installation access token.");
    const account = hub.installations.get(actor.installationId)?.toLowerCase();
    const selected = hub.installationGrants.get(actor.installationId)?.repositories ?? "all";
    const covered = (fullName: string) => selected === "all" || selected.some((name) => name.toLowerCase() === fullName.toLowerCase());
    const repos = [...hub.repos.values()].filter((r) => r.owner.toLowerCase() === account && covered(r.fullName)).sort((a, b) => a.fullName.localeCompare(b.fullName));
    const paged = page(repos.map((r) => repository(hub, r)), query, `${hub.url}/installation/repositories`);
    return { ...paged, body: { total_count: repos.length, repository_selection: selected === "all" ? "all" : "selected", repositories: paged.body } };
  });
}
