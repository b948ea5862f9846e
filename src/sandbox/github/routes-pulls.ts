import type { components } from "@octokit/openapi-types";
import type { GitHubRouter } from "./call.js";
import { HttpError, field, optional, page } from "./http-kit.js";
import { requireBodySize } from "./limits.js";
import { withRepoLock } from "./model.js";
import { emitReviewRequested } from "./code-owner-requests.js";
import { emitPull, findPull, mergePull, openPull } from "./pull-ops.js";
import { refuseReviewers } from "./review-requests.js";
import { commitShape, diffEntryShape } from "./shapes-git.js";
import { pullShape } from "./shapes-pull.js";

type Schemas = components["schemas"];
const P = "/repos/{owner}/{repo}/pulls";
/** What GitHub's REST API lists of one pull request, at most (docs.github.com/rest/pulls/pulls: list files, list commits). */
export const MAX_LISTED_FILES = 3000;
export const MAX_LISTED_COMMITS = 250;

export function pullRoutes(router: GitHubRouter): void {
  router.on(`POST ${P}`, async ({ hub, actor, params, body }) => {
    const repo = hub.requireRepo(actor, params.owner ?? "", params.repo ?? "");
    const login = hub.actorLogin(actor);
    requireBodySize("PullRequest", optional<string>(body, "body"));
    return withRepoLock(repo, async () => {
      const pull = await openPull(hub, repo, login, {
        title: field(body, "title"),
        head: field(body, "head"),
        base: field(body, "base"),
        body: optional<string>(body, "body") ?? null,
        draft: optional<boolean>(body, "draft") === true,
      });
      return { status: 201, body: await pullShape(hub, repo, pull) };
    });
  });

  router.on(`GET ${P}`, async ({ hub, actor, params, query }) => {
    const repo = hub.requireRepo(actor, params.owner ?? "", params.repo ?? "");
    const state = query.get("state") ?? "open";
    const head = query.get("head");
    const base = query.get("base");
    const pulls = [...repo.pulls.values()]
      .filter((p) => state === "all" || p.state === state)
      .filter((p) => !head || `${repo.owner}:${p.head}` === head || (!head.includes(":") && p.head === head))
      .filter((p) => !base || p.base === base)
      .sort((a, b) => (query.get("direction") === "asc" ? a.number - b.number : b.number - a.number));
    // Only the requested page is shaped: each shape reads git, and a long list must not cost a read per pull.
    const paged = page(pulls, query, `${hub.url}/repos/${repo.fullName}/pulls?${query.toString()}`);
    const onPage = new Set(Array.isArray(paged.body) ? paged.body : []);
    return { ...paged, body: await Promise.all(pulls.filter((p) => onPage.has(p)).map((p) => pullShape(hub, repo, p))) };
  });

  router.on(`GET ${P}/{pull_number}`, async ({ hub, actor, params }) => {
    const repo = hub.requireRepo(actor, params.owner ?? "", params.repo ?? "");
    return { body: await pullShape(hub, repo, findPull(repo, params.pull_number)) };
  });

  router.on(`PATCH ${P}/{pull_number}`, async ({ hub, actor, params, body }) => {
    const repo = hub.requireRepo(actor, params.owner ?? "", params.repo ?? "");
    const login = hub.actorLogin(actor);
    return withRepoLock(repo, async () => {
      const pull = findPull(repo, params.pull_number);
      if (login !== pull.user && hub.permission(repo, login) === "read") throw new HttpError(403, "Must have push access to update this pull request");
      const changes: Record<string, unknown> = {};
      const title = optional<string>(body, "title");
      const text = optional<string>(body, "body");
      requireBodySize("PullRequest", text);
      const base = optional<string>(body, "base");
      const state = optional<string>(body, "state");
      if (title !== undefined && title !== pull.title) changes.title = { from: pull.title };
      if (text !== undefined && text !== pull.body) changes.body = { from: pull.body ?? "" };
      if (base !== undefined && base !== pull.base) {
        if (pull.state !== "open") throw new HttpError(422, "Cannot change the base branch of a closed pull request.");
        const baseSha = await repo.git.readRef(`refs/heads/${base}`);
        if (!baseSha) throw new HttpError(422, "Validation Failed", { errors: [{ resource: "PullRequest", field: "base", code: "invalid" }] });
        changes.base = { ref: { from: pull.base }, sha: { from: pull.baseSha } };
        pull.base = base;
        pull.baseSha = baseSha;
      }
      if (title !== undefined) pull.title = title;
      if (text !== undefined) pull.body = text;
      pull.updatedAt = hub.now();
      if (Object.keys(changes).length > 0) await emitPull(hub, repo, pull, login, "edited", { changes });
      if (state === "closed" && pull.state === "open") {
        Object.assign(pull, { state: "closed", closedAt: hub.now() });
        await emitPull(hub, repo, pull, login, "closed");
      } else if (state === "open" && pull.state === "closed" && !pull.merged) {
        const headSha = await repo.git.readRef(`refs/heads/${pull.head}`);
        if (!headSha) throw new HttpError(422, "Validation Failed", { errors: [{ resource: "PullRequest", code: "custom", message: "state cannot be changed. The head branch was deleted." }] });
        Object.assign(pull, { state: "open", closedAt: null, headSha });
        await emitPull(hub, repo, pull, login, "reopened");
      }
      return { body: await pullShape(hub, repo, pull) };
    });
  });

  router.on(`GET ${P}/{pull_number}/files`, async ({ hub, actor, params, query }) => {
    const repo = hub.requireRepo(actor, params.owner ?? "", params.repo ?? "");
    const pull = findPull(repo, params.pull_number);
    const mergeBase = (await repo.git.mergeBase(pull.baseSha, pull.headSha)) ?? pull.baseSha;
    // GitHub: "Responses include a maximum of 3000 files."
    const files = (await repo.git.diff(mergeBase, pull.headSha, { renames: true })).slice(0, MAX_LISTED_FILES).map((f) => diffEntryShape(hub, repo, pull.headSha, f));
    return page(files, query, `${hub.url}/repos/${repo.fullName}/pulls/${pull.number}/files`);
  });

  router.on(`GET ${P}/{pull_number}/commits`, async ({ hub, actor, params, query }) => {
    const repo = hub.requireRepo(actor, params.owner ?? "", params.repo ?? "");
    const pull = findPull(repo, params.pull_number);
    const mergeBase = await repo.git.mergeBase(pull.baseSha, pull.headSha);
    // GitHub: "Lists a maximum of 250 commits for a pull request."
    const shas = (await repo.git.commitsBetween(mergeBase, pull.headSha)).slice(0, MAX_LISTED_COMMITS);
    const commits = await Promise.all(shas.map(async (sha) => commitShape(hub, repo, await repo.git.readCommit(sha))));
    return page(commits, query, `${hub.url}/repos/${repo.fullName}/pulls/${pull.number}/commits`);
  });

  router.on(`PUT ${P}/{pull_number}/merge`, async ({ hub, actor, params, body }) => {
    const repo = hub.requireRepo(actor, params.owner ?? "", params.repo ?? "", "write");
    const login = hub.actorLogin(actor);
    return withRepoLock(repo, async () => {
      const pull = findPull(repo, params.pull_number);
      const sha = await mergePull(hub, repo, pull, login, {
        method: optional<string>(body, "merge_method") ?? "merge",
        sha: optional<string>(body, "sha"),
        title: optional<string>(body, "commit_title"),
        message: optional<string>(body, "commit_message"),
      });
      const result: Schemas["pull-request-merge-result"] = { sha, merged: true, message: "Pull Request successfully merged" };
      return { body: result };
    });
  });

  router.on(`GET ${P}/{pull_number}/merge`, async ({ hub, actor, params }) => {
    const repo = hub.requireRepo(actor, params.owner ?? "", params.repo ?? "");
    return { status: findPull(repo, params.pull_number).merged ? 204 : 404 };
  });

  const reviewers = (add: boolean) =>
    (async ({ hub, actor, params, body }) => {
      const repo = hub.requireRepo(actor, params.owner ?? "", params.repo ?? "");
      const pull = findPull(repo, params.pull_number);
      const users = optional<string[]>(body, "reviewers") ?? [];
      const teams = (optional<string[]>(body, "team_reviewers") ?? []).map((slug) => `${repo.owner}/${slug}`);
      if (add) refuseReviewers(hub, repo, pull, users, teams);
      else for (const login of users) hub.user(login);
      const apply = (list: string[], items: string[]) => (add ? [...new Set([...list, ...items])] : list.filter((x) => !items.includes(x)));
      // Asking someone already asked changes nothing, and GitHub sends no second `review_requested` for it.
      const added = { users: users.filter((u) => !pull.requestedReviewers.includes(u)), teams: teams.filter((t) => !pull.requestedTeams.includes(t)) };
      pull.requestedReviewers = apply(pull.requestedReviewers, users);
      pull.requestedTeams = apply(pull.requestedTeams, teams);
      if (add) await emitReviewRequested(hub, repo, pull, hub.actorLogin(actor), added);
      return { status: add ? 201 : 200, body: await pullShape(hub, repo, pull) };
    }) satisfies Parameters<GitHubRouter["on"]>[1];
  router.on(`POST ${P}/{pull_number}/requested_reviewers`, reviewers(true));
  router.on(`DELETE ${P}/{pull_number}/requested_reviewers`, reviewers(false));
}
