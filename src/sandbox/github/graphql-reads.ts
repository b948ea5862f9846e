/**
 * GitHub's GraphQL reads of git objects, executed by graphql-js against
 * graphql-schema.ts, as GitHub documents them:
 *
 * - `repository(owner:, name:)` a repository the caller cannot see is null,
 *   with an error `{ type: "NOT_FOUND", path: ["repository"], message:
 *   "Could not resolve to a Repository with the name 'o/n'." }` (the shape
 *   GitHub answers, as reported in berenddeboer/ready-for-agent#1038);
 * - `object(oid:)` / `object(expression:)` take "a Git revision expression
 *   suitable for rev-parse"; one that names nothing (a path missing at that
 *   commit) is null, without an error;
 * - `Blob.text` is "UTF8 text data or null if the Blob is binary"; here a
 *   blob is binary when its first 8000 bytes hold a NUL (git's own test), and
 *   text past TEXT_LIMIT_BYTES is cut with `isTruncated: true`;
 * - `Commit.file(path:)` is the tree entry at that path (null when none), its
 *   `mode` the git mode as a number (33188 for 100644);
 * - `Commit.history` is "in the same order as git log", and like every
 *   connection needs `first` or `last` within 1-100
 *   (docs.github.com/graphql/overview/resource-limitations, "Node limit");
 *   asking only a connection's `totalCount` needs neither;
 * - `Repository.pullRequest(number:)` answers what the pulls REST API
 *   answers, from the same model: the same files (`changeType` is
 *   PatchStatus, so a rename carries no previous path), commits (oldest
 *   first), reviews (chronological) and requested reviewers; it needs the
 *   installation's pull request read permission, like
 *   `GET /repos/{owner}/{repo}/pulls/{pull_number}`;
 * - an Actor that is a Bot has its login without the `[bot]` suffix REST
 *   shows ("kodiakhq" for "kodiakhq[bot]": chdsbd/kodiak#288,
 *   fullsend-ai/fullsend#6205), and `GitActor.user` is a User, so a commit
 *   by a bot's email has no user.
 *
 * GitHub's points budget (5,000 an hour for an installation, a query's
 * cost from the connections it asks for) is not modelled.
 */
import { execute, GraphQLError, parse, validate } from "graphql";
import type { ExecutionResult } from "graphql";
import type { Actor, Hub } from "./hub.js";
import { HttpError } from "./http-kit.js";
import { requireInstallationGrant } from "./installation-permissions.js";
import type { Pull, Repo } from "./model.js";
import { readsSchema } from "./graphql-schema.js";
import { associatedPulls } from "./routes-commit-pulls.js";
import { nodeId } from "./shapes-common.js";

/** The emulator's cut for `Blob.text` (GitHub does not publish its own). */
export const TEXT_LIMIT_BYTES = 512 * 1024;

const FULL_SHA = /^[0-9a-f]{40}$/;

interface Context {
  hub: Hub;
  actor: Actor;
}

function typed(type: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { type } });
}

type Page = { first?: number | null; after?: string | null; last?: number | null };

/**
 * One page of a connection: `nodes` needs `first` (1-100) as GitHub requires, `after` is an opaque cursor
 * from an earlier page's `endCursor`; `totalCount` needs no bounds.
 */
function connection<T>(name: string, all: () => Promise<T[]>, { first, after, last }: Page) {
  let listed: Promise<T[]> | undefined;
  // Listed once for the connection, however many of its fields are asked.
  const everything = () => (listed ??= all());
  const window = async () => {
    if (last !== undefined && last !== null) {
      if (first !== undefined && first !== null) throw typed("UNSUPPORTED", `The embedded GitHub takes \`first\` or \`last\` on the \`${name}\` connection, not both.`);
      if (last < 1 || last > 100) throw typed("EXCESSIVE_PAGINATION", `Requesting ${last} records on the \`${name}\` connection exceeds the \`last\` limit of 100 records.`);
      // The last `last` items (after the `after` cursor, when one is given); paging back with `before:` is not modelled.
      const from = after ? Number.parseInt(Buffer.from(after, "base64").toString("utf8").replace(/^cursor:/, ""), 10) : 0;
      if (!Number.isInteger(from) || from < 0) throw typed("INVALID_CURSOR_ARGUMENTS", `\`${after}\` does not appear to be a valid cursor.`);
      const items = (await everything()).slice(from);
      const end = from + items.length;
      return { page: items.slice(-last), hasNextPage: false, endCursor: items.length > 0 ? Buffer.from(`cursor:${end}`).toString("base64") : null };
    }
    if (first === undefined || first === null) throw typed("MISSING_PAGINATION_BOUNDARIES", `You must provide a \`first\` or \`last\` value to properly paginate the \`${name}\` connection.`);
    if (first < 1 || first > 100) throw typed("EXCESSIVE_PAGINATION", `Requesting ${first} records on the \`${name}\` connection exceeds the \`first\` limit of 100 records.`);
    const start = after ? Number.parseInt(Buffer.from(after, "base64").toString("utf8").replace(/^cursor:/, ""), 10) : 0;
    if (!Number.isInteger(start) || start < 0) throw typed("INVALID_CURSOR_ARGUMENTS", `\`${after}\` does not appear to be a valid cursor.`);
    const items = await everything();
    const page = items.slice(start, start + first);
    const end = start + page.length;
    return { page, hasNextPage: end < items.length, endCursor: page.length > 0 ? Buffer.from(`cursor:${end}`).toString("base64") : null };
  };
  return {
    totalCount: async () => (await everything()).length,
    nodes: async () => (await window()).page,
    pageInfo: async () => {
      const { hasNextPage, endCursor } = await window();
      return { hasNextPage, endCursor };
    },
  };
}

/** An Actor as GraphQL shows it: a Bot's login without the `[bot]` suffix the REST API adds. */
function actor(hub: Hub, login: string) {
  const user = hub.users.get(login);
  if (user?.type === "Bot") return { __typename: "Bot", login: login.replace(/\[bot\]$/, "") };
  return { __typename: "User", login };
}

const PATCH_STATUS: Record<string, string> = { added: "ADDED", removed: "DELETED", modified: "MODIFIED", renamed: "RENAMED", copied: "COPIED", changed: "CHANGED" };

function pullRequest(hub: Hub, repo: Repo, pull: Pull) {
  let range: Promise<{ mergeBase: string | null }> | undefined;
  const base = () => (range ??= repo.git.mergeBase(pull.baseSha, pull.headSha).then((mergeBase) => ({ mergeBase })));
  let diff: Promise<Awaited<ReturnType<Repo["git"]["diff"]>>> | undefined;
  // The same diff as `GET .../pulls/{n}/files` and `changed_files`: from the merge base, renames found.
  const files = () => (diff ??= base().then(({ mergeBase }) => (mergeBase ? repo.git.diff(mergeBase, pull.headSha, { renames: true }) : [])));
  const commits = async () => repo.git.commitsBetween((await base()).mergeBase, pull.headSha);
  return {
    id: nodeId("PullRequest", pull.id),
    number: pull.number,
    url: `${hub.url}/${repo.fullName}/pull/${pull.number}`,
    state: pull.merged ? "MERGED" : pull.state === "open" ? "OPEN" : "CLOSED",
    isDraft: pull.draft,
    merged: pull.merged,
    mergedAt: pull.mergedAt,
    mergeCommit: () => (pull.mergeCommitSha ? commit(repo, pull.mergeCommitSha) : null),
    author: () => actor(hub, pull.user),
    baseRefName: pull.base,
    baseRefOid: pull.baseSha,
    headRefName: pull.head,
    headRefOid: pull.headSha,
    headRepository: () => repositoryNode(repo),
    changedFiles: async () => (await files()).length,
    files: (page: Page) =>
      connection("files", async () => (await files()).map((f) => ({ path: f.path, changeType: PATCH_STATUS[f.status] ?? "MODIFIED", additions: f.additions, deletions: f.deletions })), page),
    commits: (page: Page) => connection("commits", async () => (await commits()).map((sha) => ({ commit: commit(repo, sha) })), page),
    reviews: (page: Page) =>
      connection(
        "reviews",
        async () => pull.reviews.map((r) => ({ author: actor(hub, r.user), state: r.state, commit: r.commitId ? commit(repo, r.commitId) : null, submittedAt: r.submittedAt })),
        page,
      ),
    reviewRequests: (page: Page) =>
      connection(
        "reviewRequests",
        async () => [
          ...pull.requestedReviewers.map((login) => ({ requestedReviewer: actor(hub, login) })),
          ...pull.requestedTeams.map((key) => ({ requestedReviewer: { __typename: "Team", slug: key.split("/")[1] ?? key } })),
        ],
        page,
      ),
    comments: (page: Page) => connection("comments", async () => [...repo.comments.values()].filter((c) => c.issue === pull.number), page),
  };
}

function gitActor(hub: Hub, person: { name: string; email: string }) {
  const user = hub.userByEmail(person.email);
  return { name: person.name, email: person.email, user: user && user.type === "User" ? { __typename: "User", login: user.login } : null };
}

function isBinary(content: Buffer): boolean {
  return content.subarray(0, 8000).includes(0);
}

function blob(repo: Repo, oid: string) {
  let content: Promise<Buffer> | undefined;
  const read = () => (content ??= repo.git.readBlob(oid));
  return {
    __typename: "Blob",
    oid,
    abbreviatedOid: oid.slice(0, 7),
    byteSize: async () => (await read()).length,
    isBinary: async () => isBinary(await read()),
    isTruncated: async () => {
      const bytes = await read();
      return !isBinary(bytes) && bytes.length > TEXT_LIMIT_BYTES;
    },
    text: async () => {
      const bytes = await read();
      if (isBinary(bytes)) return null;
      return bytes.subarray(0, TEXT_LIMIT_BYTES).toString("utf8");
    },
  };
}

function commit(repo: Repo, oid: string) {
  return {
    __typename: "Commit",
    oid,
    abbreviatedOid: oid.slice(0, 7),
    file: async ({ path }: { path: string }) => {
      const [entry] = path && !path.startsWith("-") ? await repo.git.lsTree(oid, { path }) : [];
      if (!entry || entry.path !== path) return null;
      return {
        mode: Number.parseInt(entry.mode, 8),
        name: path.split("/").at(-1) ?? path,
        path,
        oid: entry.sha,
        type: entry.type,
        size: entry.size ?? 0,
        object: () => objectOf(repo, entry.sha, entry.type),
      };
    },
    history: ({ path, ...page }: Page & { path?: string | null }) => connection("history", async () => (await repo.git.log(oid, path ?? undefined)).map((sha) => commit(repo, sha)), page),
    associatedPullRequests: (page: Page, { hub, actor }: Context) => {
      readablePulls(hub, actor, repo);
      return connection("associatedPullRequests", async () => (await associatedPulls(repo, oid)).map((pull) => pullRequest(hub, repo, pull)), page);
    },
    parents: async (page: Page) => connection("parents", async () => (await repo.git.readCommit(oid)).parents.map((sha) => commit(repo, sha)), page),
    author: async (_args: unknown, { hub }: Context) => gitActor(hub, (await repo.git.readCommit(oid)).author),
    committer: async (_args: unknown, { hub }: Context) => gitActor(hub, (await repo.git.readCommit(oid)).committer),
    checkSuites: ({ filterBy, ...page }: Page & { filterBy?: { appId?: number | null; checkName?: string | null } | null }) => connection("checkSuites", async () => checkSuitesOf(repo, oid, filterBy ?? {}), page),
  };
}

type RunFilter = { appId?: number | null; checkName?: string | null; checkType?: "ALL" | "LATEST" | null };

/**
 * The check suites of a commit: one per GitHub App that created runs on it (GitHub also creates an empty
 * suite for an app on a push, which is not modelled: a reader counts runs, never suites). `filterBy.appId`
 * keeps one app's suite; `checkName` (GitHub says only "filters the check suites by this name"; the app
 * does not use it) the suites with a run of that name. A suite's `checkRuns` are
 * newest first; unless `checkType: ALL`, only the newest run of each name, as the REST listing's
 * default `filter=latest` (GitHub documents no default for the GraphQL filter: a reader says ALL).
 */
function checkSuitesOf(repo: Repo, oid: string, filter: { appId?: number | null; checkName?: string | null }) {
  const runs = [...repo.checkRuns.values()].filter((run) => run.headSha === oid).sort((a, b) => b.id - a.id);
  // Suites in the order they were created: by each app's first run on the commit.
  const firstRun = new Map<number, { app: { id: number; slug: string }; id: number }>();
  for (const run of [...runs].reverse()) if (!firstRun.has(run.app.id)) firstRun.set(run.app.id, { app: run.app, id: run.id });
  const apps = [...firstRun.values()].map((first) => ({ ...first.app, suiteId: first.id }));
  return apps
    .filter((app) => (filter.appId ?? app.id) === app.id)
    .filter((app) => !filter.checkName || runs.some((run) => run.app.id === app.id && run.name === filter.checkName))
    .map((app) => {
      const ofApp = runs.filter((run) => run.app.id === app.id);
      return {
        databaseId: app.suiteId,
        app: { databaseId: app.id, slug: app.slug },
        commit: commit(repo, oid),
        checkRuns: ({ filterBy, ...page }: Page & { filterBy?: RunFilter | null }) =>
          connection(
            "checkRuns",
            async () => {
              const named = ofApp.filter((run) => (!filterBy?.checkName || run.name === filterBy.checkName) && (filterBy?.appId ?? app.id) === app.id);
              const kept = filterBy?.checkType !== "ALL" ? named.filter((run, i) => named.findIndex((other) => other.name === run.name) === i) : named;
              return kept.map((run) => ({ databaseId: run.id, name: run.name, externalId: run.externalId }));
            },
            page,
          ),
      };
    });
}

function tree(repo: Repo, oid: string) {
  return {
    __typename: "Tree",
    oid,
    abbreviatedOid: oid.slice(0, 7),
    entries: async () =>
      (await repo.git.lsTree(oid)).map((entry) => ({
        mode: Number.parseInt(entry.mode, 8),
        name: entry.path,
        path: entry.path,
        oid: entry.sha,
        type: entry.type,
        size: entry.size ?? 0,
        object: () => objectOf(repo, entry.sha, entry.type),
      })),
  };
}

function objectOf(repo: Repo, oid: string, type: string) {
  if (type === "blob") return blob(repo, oid);
  if (type === "commit") return commit(repo, oid);
  if (type === "tree") return tree(repo, oid);
  return null;
}

async function resolveObject(repo: Repo, { oid, expression }: { oid?: string | null; expression?: string | null }) {
  let sha: string | null;
  if (oid !== undefined && oid !== null) sha = FULL_SHA.test(oid) ? oid : null;
  else if (expression !== undefined && expression !== null) {
    if (expression.length === 0 || expression.startsWith("-")) return null;
    const { stdout, code } = await repo.git.run(["rev-parse", "--verify", "--quiet", expression], { okCodes: [1, 128] });
    sha = code === 0 ? stdout.toString().trim() : null;
  } else throw typed("INVALID_ARGUMENTS", "Either `oid` or `expression` must be given to `object`.");
  if (sha === null) return null;
  const type = await repo.git.objectType(sha);
  return type === null ? null : objectOf(repo, sha, type);
}

const root = {
  repository: ({ owner, name }: { owner: string; name: string }, { hub, actor }: Context) => {
    let repo: Repo;
    try {
      requireInstallationGrant(hub, actor, "GET /repos/{owner}/{repo}/git/blobs/{file_sha}", { owner, repo: name });
      repo = hub.requireRepo(actor, owner, name);
    } catch (error) {
      if (error instanceof HttpError && error.status === 403) throw typed("FORBIDDEN", "Resource not accessible by integration");
      if (error instanceof HttpError) throw typed("NOT_FOUND", `Could not resolve to a Repository with the name '${owner}/${name}'.`);
      throw error;
    }
    return repositoryNode(repo);
  },
};

function repositoryNode(repo: Repo) {
  return {
    nameWithOwner: repo.fullName,
    object: (args: { oid?: string | null; expression?: string | null }) => resolveObject(repo, args),
    ref: async ({ qualifiedName }: { qualifiedName: string }) => {
      const name = qualifiedName.startsWith("refs/") ? qualifiedName : `refs/heads/${qualifiedName}`;
      const sha = await repo.git.readRef(name);
      if (!sha) return null;
      const [, prefix = "refs/", short = name] = /^(refs\/[^/]+\/)(.+)$/.exec(name) ?? [];
      return { name: short, prefix, target: () => resolveObject(repo, { oid: sha }) };
    },
    pullRequest: ({ number }: { number: number }, { hub, actor: caller }: Context) => {
      readablePulls(hub, caller, repo, number);
      const pull = repo.pulls.get(number);
      if (!pull) throw typed("NOT_FOUND", `Could not resolve to a PullRequest with the number of ${number}.`);
      return pullRequest(hub, repo, pull);
    },
  };
}

/** Pull requests are read with the installation's pull request permission, as `GET /repos/{owner}/{repo}/pulls/{pull_number}` is. */
function readablePulls(hub: Hub, actor: Actor, repo: Repo, number = 1): void {
  try {
    requireInstallationGrant(hub, actor, "GET /repos/{owner}/{repo}/pulls/{pull_number}", { owner: repo.owner, repo: repo.name, pull_number: String(number) });
  } catch (error) {
    if (error instanceof HttpError && error.status === 403) throw typed("FORBIDDEN", "Resource not accessible by integration");
    throw error;
  }
}

/** GitHub's error entries: `type` beside `message`, `path` and `locations` (not under `extensions`). */
function githubErrors(result: ExecutionResult): Array<Record<string, unknown>> | undefined {
  return result.errors?.map((error) => {
    const { type } = (error.extensions ?? {}) as { type?: string };
    return { ...(type ? { type } : {}), ...(error.path ? { path: error.path } : {}), ...(error.locations ? { locations: error.locations } : {}), message: error.message };
  });
}

/**
 * Runs one GraphQL request; answers as GitHub does with HTTP 200: `{ data }`, `{ data, errors }` when a
 * field failed, or `{ errors }` alone when the document does not parse or validate.
 */
export async function executeReads(hub: Hub, actor: Actor, query: string, variables: Record<string, unknown>, operationName?: string): Promise<Record<string, unknown>> {
  let document;
  try {
    document = parse(query);
  } catch (error) {
    if (error instanceof GraphQLError) return { errors: githubErrors({ errors: [error] }) };
    throw error;
  }
  const schema = readsSchema();
  const invalid = validate(schema, document);
  if (invalid.length > 0) return { errors: githubErrors({ errors: invalid }) };
  const result = await execute({ schema, document, rootValue: root, contextValue: { hub, actor } satisfies Context, variableValues: variables, operationName });
  const errors = githubErrors(result);
  return errors ? { data: result.data ?? null, errors } : { data: result.data ?? null };
}
