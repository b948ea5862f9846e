import type { GitHubRouter } from "./call.js";
import { executeReads } from "./graphql-reads.js";
import type { Hub } from "./hub.js";
import { HttpError } from "./http-kit.js";
import type { Pull, Repo } from "./model.js";
import { withRepoLock } from "./model.js";
import { markReadyForReview } from "./code-owner-requests.js";
import { openPull } from "./pull-ops.js";
import { moveRef } from "./refs.js";
import { nodeId } from "./shapes-common.js";

class GraphQLError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/** Reads `name: "literal"` or `name: $var` (or a number) from a GraphQL document. */
function argument(query: string, name: string, variables: Record<string, unknown>): unknown {
  const input = variables.input as Record<string, unknown> | undefined;
  if (input && name in input) return input[name];
  const match = new RegExp(`\\b${name}\\s*:\\s*("(?:[^"\\\\]|\\\\.)*"|\\$\\w+|\\d+)`).exec(query);
  if (!match?.[1]) return undefined;
  const raw = match[1];
  if (raw.startsWith("$")) return variables[raw.slice(1)];
  return JSON.parse(raw) as unknown;
}

function pullByNodeId(hub: Hub, id: string): { repo: Repo; pull: Pull } {
  for (const repo of hub.repos.values()) {
    for (const pull of repo.pulls.values()) if (nodeId("PullRequest", pull.id) === id) return { repo, pull };
  }
  throw new GraphQLError("NOT_FOUND", `Could not resolve to a node with the global id of '${id}'`);
}

/**
 * GitHub's own revert of a merged pull request: the changes of the merge,
 * undone on top of the current base, on branch `revert-<n>-<head>`, opened
 * as a pull request by the caller.
 */
async function revertPullRequest(hub: Hub, login: string, repo: Repo, pull: Pull, title?: string, body?: string): Promise<Pull> {
  if (!pull.merged || !pull.mergeCommitSha) throw new GraphQLError("UNPROCESSABLE", "Pull request must be merged to be reverted");
  const merge = await repo.git.readCommit(pull.mergeCommitSha);
  const before = merge.parents[0];
  if (!before) throw new GraphQLError("UNPROCESSABLE", "Cannot revert a root commit");
  const baseSha = await repo.git.readRef(`refs/heads/${pull.base}`);
  if (!baseSha) throw new GraphQLError("UNPROCESSABLE", `Base branch ${pull.base} no longer exists`);
  const changes = [];
  for (const entry of await repo.git.diff(merge.sha, before)) {
    const [current] = await repo.git.lsTree(baseSha, { path: entry.path });
    const currentSha = current?.path === entry.path ? current.sha : null;
    if (currentSha !== entry.oldSha) throw new GraphQLError("UNPROCESSABLE", `Could not revert: ${entry.path} changed since the merge`);
    changes.push({ path: entry.path, sha: entry.newSha });
  }
  const tree = await repo.git.writeTree(`${baseSha}^{tree}`, changes);
  const user = hub.user(login);
  const now = hub.clock.now();
  const commit = await repo.git.commitTree({
    tree,
    parents: [baseSha],
    message: `Revert "${pull.title}"\n\nThis reverts commit ${merge.sha}.\n`,
    author: { name: user.name, email: user.email, date: now },
    committer: { name: "GitHub", email: "noreply@github.com", date: now },
  });
  let branch = `revert-${pull.number}-${pull.head}`;
  for (let n = 2; await repo.git.readRef(`refs/heads/${branch}`); n++) branch = `revert-${pull.number}-${pull.head}-${n}`;
  await moveRef(hub, repo, login, `refs/heads/${branch}`, commit, { expected: null });
  return openPull(hub, repo, login, {
    title: title ?? `Revert "${pull.title}"`,
    head: branch,
    base: pull.base,
    body: body ?? `Reverts ${repo.fullName}#${pull.number}`,
    draft: false,
  });
}

async function execute(hub: Hub, login: string, query: string, variables: Record<string, unknown>): Promise<unknown> {
  if (/\brevertPullRequest\s*\(/.test(query)) {
    const id = argument(query, "pullRequestId", variables);
    if (typeof id !== "string") throw new GraphQLError("INVALID", "Argument 'pullRequestId' on InputObject 'RevertPullRequestInput' is required");
    const { repo, pull } = pullByNodeId(hub, id);
    if (hub.permission(repo, login) === "read" || hub.permission(repo, login) === "none") {
      throw new GraphQLError("FORBIDDEN", `${login} does not have permission to revert pull requests in ${repo.fullName}`);
    }
    const title = argument(query, "title", variables) as string | undefined;
    const body = argument(query, "body", variables) as string | undefined;
    const revert = await withRepoLock(repo, () => revertPullRequest(hub, login, repo, pull, title, body));
    const url = `${hub.url}/${repo.fullName}/pull/${revert.number}`;
    return { revertPullRequest: { pullRequest: { number: pull.number, url: `${hub.url}/${repo.fullName}/pull/${pull.number}` }, revertPullRequest: { id: nodeId("PullRequest", revert.id), number: revert.number, url } } };
  }
  if (/\bmarkPullRequestReadyForReview\s*\(/.test(query)) {
    const id = argument(query, "pullRequestId", variables);
    if (typeof id !== "string") throw new GraphQLError("INVALID", "Argument 'pullRequestId' on InputObject 'MarkPullRequestReadyForReviewInput' is required");
    const { repo, pull } = pullByNodeId(hub, id);
    if (login !== pull.user && !["write", "maintain", "admin"].includes(hub.permission(repo, login))) throw new GraphQLError("FORBIDDEN", `${login} does not have permission to update pull requests in ${repo.fullName}`);
    await withRepoLock(repo, () => markReadyForReview(hub, repo, pull, login));
    return { markPullRequestReadyForReview: { pullRequest: { id, number: pull.number, isDraft: pull.draft } } };
  }
  throw new GraphQLError("UNSUPPORTED", "The sandbox GitHub answers only the mutations revertPullRequest and markPullRequestReadyForReview");
}

/** The mutations answered by hand (revert, ready for review); every query runs through graphql-js. */
function isHandAnswered(query: string): boolean {
  return /\b(revertPullRequest|markPullRequestReadyForReview)\s*\(/.test(query);
}

export function graphqlRoutes(router: GitHubRouter): void {
  for (const path of ["/graphql", "/api/graphql"]) {
    router.on(`POST ${path}`, async ({ hub, actor, body }) => {
      if (actor.kind === "anonymous" || actor.kind === "app") throw new HttpError(401, "This endpoint requires you to be authenticated.");
      const { query, variables } = (body ?? {}) as { query?: string; variables?: Record<string, unknown> };
      if (typeof query !== "string") throw new HttpError(400, "Problems parsing JSON");
      // Queries run through graphql-js (graphql-reads.ts); the two mutations are answered below.
      if (!isHandAnswered(query)) {
        const operationName = (body as { operationName?: unknown }).operationName;
        return { body: await executeReads(hub, actor, query, variables ?? {}, typeof operationName === "string" ? operationName : undefined) };
      }
      try {
        return { body: { data: await execute(hub, hub.actorLogin(actor), query, variables ?? {}) } };
      } catch (error) {
        if (!(error instanceof GraphQLError)) throw error;
        return { body: { data: null, errors: [{ type: error.type, message: error.message }] } };
      }
    });
  }
}
