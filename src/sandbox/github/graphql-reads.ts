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
 *   (docs.github.com/graphql/overview/resource-limitations, "Node limit").
 *
 * GitHub's points budget (5,000 an hour for an installation, a query's
 * cost from the connections it asks for) is not modelled.
 */
import { execute, GraphQLError, parse, validate } from "graphql";
import type { ExecutionResult } from "graphql";
import type { Actor, Hub } from "./hub.js";
import { HttpError } from "./http-kit.js";
import { requireInstallationGrant } from "./installation-permissions.js";
import type { Repo } from "./model.js";
import { readsSchema } from "./graphql-schema.js";

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
    history: async ({ first, last, path }: { first?: number | null; last?: number | null; path?: string | null }) => {
      const count = first ?? last;
      if (count === undefined || count === null) throw typed("MISSING_PAGINATION_BOUNDARIES", "You must provide a `first` or `last` value to properly paginate the `history` connection.");
      if (count < 1 || count > 100) throw typed("EXCESSIVE_PAGINATION", `Requesting ${count} records on the \`history\` connection exceeds the \`${first !== undefined && first !== null ? "first" : "last"}\` limit of 100 records.`);
      const shas = await repo.git.log(oid, path ?? undefined);
      const page = first !== undefined && first !== null ? shas.slice(0, count) : shas.slice(-count);
      return { nodes: page.map((sha) => commit(repo, sha)) };
    },
  };
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
    return {
      nameWithOwner: repo.fullName,
      object: (args: { oid?: string | null; expression?: string | null }) => resolveObject(repo, args),
    };
  },
};

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
