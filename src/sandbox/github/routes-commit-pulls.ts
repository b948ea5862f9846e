import type { GitHubRouter } from "./call.js";
import { HttpError, page } from "./http-kit.js";
import type { Pull, Repo } from "./model.js";
import { repository } from "./shapes-common.js";
import { pullShape } from "./shapes-pull.js";

/** True when `sha` is the pull's merge commit or one of its own commits (GitHub's "associated" pulls). */
async function associated(repo: Repo, pull: Pull, sha: string): Promise<boolean> {
  if (pull.mergeCommitSha === sha || pull.headSha === sha) return true;
  if (!(await repo.git.isAncestor(sha, pull.headSha))) return false;
  const mergeBase = await repo.git.mergeBase(pull.baseSha, pull.headSha);
  return mergeBase === null || !(await repo.git.isAncestor(sha, mergeBase));
}

/** `GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls`: merged pulls first, then open ones, newest first. */
export function commitPullRoutes(router: GitHubRouter): void {
  router.on("GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls", async ({ hub, actor, params, query }) => {
    const repo = hub.requireRepo(actor, params.owner ?? "", params.repo ?? "");
    const sha = await repo.git.resolveCommit(params.commit_sha ?? "");
    if (!sha) throw new HttpError(422, `No commit found for SHA: ${params.commit_sha}`);
    const pulls: Pull[] = [];
    for (const pull of repo.pulls.values()) if (await associated(repo, pull, sha)) pulls.push(pull);
    pulls.sort((a, b) => Number(b.merged) - Number(a.merged) || b.number - a.number);
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
