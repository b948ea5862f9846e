/**
 * Many small reads of the access repo in one GraphQL query: blobs by sha,
 * files at a commit by path, and whether a path has any history at a
 * commit. Each answer is the one the REST reads give (blob-read.ts,
 * `commits?path=&per_page=1`); whatever GraphQL cannot give exactly is read
 * through those REST calls instead, per item, so a decision never rests on
 * a read that differs from the REST one:
 *
 * - bytes are taken from `Blob.text` only when GitHub says the blob is not
 *   binary and not truncated, and the UTF-8 bytes of the text hash back to
 *   the blob's git object id (so a file that is not UTF-8, or was changed on
 *   the way, is read again as base64 bytes);
 * - a file that is not a regular file (a symlink, whose REST answer follows
 *   the link) is read through the contents API, as before;
 * - a failed query (HTTP error, or any GraphQL error) reads its items
 *   through REST, where a failure fails the evaluation as it always did.
 *
 * Limits: at most MAX_ITEMS_PER_QUERY items per query, and blobs of known
 * size up to MAX_KNOWN_BYTES_PER_QUERY together; more are split into a few
 * queries sent at once. A blob over MAX_INLINE_BLOB_BYTES is read alone by
 * REST, and one of MAX_BLOB_BYTES or more is not read (null), as before.
 * GitHub's GraphQL points budget (5,000 an hour) is spent at about one
 * point a query here: `history(first: 1)` asks for one node per path.
 *
 * What git makes immutable is kept per process: blobs by sha (blob-read.ts),
 * and a path's entry and newest commit at a full commit sha, so a warm
 * process asks for none of them again.
 */
import type { GitHubClient, RepoRef } from "./client.js";
import { hasStatus } from "./client.js";
import { cachedBlob, gitBlobSha, keepBlob, MAX_BLOB_BYTES, readBlob, readFileAt } from "./blob-read.js";
import type { TreeFile } from "./blob-read.js";
import { isFullSha, ShaCache } from "./sha-cache.js";

export const MAX_ITEMS_PER_QUERY = 50;
export const MAX_KNOWN_BYTES_PER_QUERY = 1024 * 1024;
export const MAX_INLINE_BLOB_BYTES = 512 * 1024;

/** git's modes of a regular file (100644) and an executable one (100755), as GraphQL's TreeEntry.mode gives them. */
const REGULAR_MODES = new Set([0o100644, 0o100755]);

export interface BatchReadAsk {
  /** Blobs of a tree listing, answered by sha (null when MAX_BLOB_BYTES or bigger). */
  blobs?: TreeFile[];
  /** Files at a commit, answered by path as readFileAt answers (null: missing, not a file, or too big). */
  files?: { ref: string; paths: string[] };
  /** Paths whose newest commit at `ref` is asked for (a path with no history is left out of the answer). */
  history?: { ref: string; paths: string[] };
}

export interface BatchReadAnswer {
  /** By blob sha. */
  blobs: Map<string, Buffer | null>;
  /** By path, in the order asked. */
  files: Map<string, Buffer | null>;
  history: Map<string, string>;
}

type Entry = { kind: "none" } | { kind: "other" } | { kind: "file"; oid: string; byteSize: number };
/** What is kept of an entry: a found one only ("not there" is asked of REST every time). */
type FoundEntry = Exclude<Entry, { kind: "none" }>;

/** A path's entry and its newest commit at a full commit sha: both fixed forever. */
const entries = new ShaCache<FoundEntry>(8192);
const newest = new ShaCache<{ sha: string | null }>(8192);

export function clearBatchCache(): void {
  entries.clear();
  newest.clear();
}

/**
 * The blob sha of the file at `path` in commit `ref` as the contents API names it (undefined: missing, or a
 * directory). Answered from what a batch read of that commit already learned, else by one REST read.
 */
export async function blobShaAt(gh: GitHubClient, repo: RepoRef, path: string, ref: string): Promise<string | undefined> {
  const known = isFullSha(ref) ? entries.get(key(repo, ref, path)) : undefined;
  if (known?.kind === "file") return known.oid;
  try {
    const { data } = await gh.rest.repos.getContent({ ...repo, path, ref });
    return Array.isArray(data) ? undefined : data.sha;
  } catch (error) {
    if (hasStatus(error, 404)) return undefined;
    throw error;
  }
}

interface BlobNode {
  oid?: string;
  byteSize?: number;
  isBinary?: boolean | null;
  isTruncated?: boolean;
  text?: string | null;
}

interface EntryNode {
  mode: number;
  type: string;
  oid: string;
  object: BlobNode | null;
}

type Node = Record<string, unknown> | null | undefined;

/** One thing to read: how to ask it (GraphQL) and how to take its answer (undefined: read it by REST). */
interface Item {
  /** Bytes this item may bring, when known. */
  size: number;
  /** The variable and field of this item; `commit` when the field hangs under a commit object. */
  commit?: string;
  field: (alias: string) => { variable: string; type: string; value: string; selection: string };
  take: (node: Node) => Promise<void>;
}

const key = (repo: RepoRef, ref: string, path: string) => `${repo.owner}/${repo.repo}@${ref}:${path}`;

/** The blob's bytes when GraphQL gave them whole: text, not truncated, and hashing back to `oid`. */
function exactBytes(node: BlobNode | null | undefined, oid: string): Buffer | undefined {
  if (!node || node.oid !== oid || node.isBinary !== false || node.isTruncated !== false || typeof node.text !== "string") return undefined;
  const bytes = Buffer.from(node.text, "utf8");
  if (bytes.length !== node.byteSize || gitBlobSha(bytes) !== oid) return undefined;
  return bytes;
}

const BLOB_FIELDS = "... on Blob { oid byteSize isBinary isTruncated text }";

/**
 * @example
 *   const read = await batchRead(gh, repo, { blobs: configFiles, files: { ref: headSha, paths }, history: { ref: tip, paths: added } });
 *   read.files.get("requests/gcp/alice.yaml"); // Buffer, or null when missing
 *   read.history.get("requests/gcp/alice.yaml"); // a commit sha when the name was used before
 */
export async function batchRead(gh: GitHubClient, repo: RepoRef, ask: BatchReadAsk): Promise<BatchReadAnswer> {
  const answer: BatchReadAnswer = { blobs: new Map(), files: new Map(), history: new Map() };
  const rest: Array<Promise<void>> = [];
  const items: Item[] = [];
  const byOid = new Map<string, { size: number; takers: Array<(bytes: Buffer) => void> }>();

  const wantBlob = (oid: string, size: number, set: (bytes: Buffer) => void) => {
    const hit = cachedBlob(repo, oid);
    if (hit) return set(hit);
    if (size > MAX_INLINE_BLOB_BYTES) return void rest.push(readBlob(gh, repo, oid).then(set));
    const known = byOid.get(oid);
    if (known) return void known.takers.push(set);
    byOid.set(oid, { size, takers: [set] });
  };

  for (const file of ask.blobs ?? []) {
    if (file.size >= MAX_BLOB_BYTES) answer.blobs.set(file.sha, null);
    else wantBlob(file.sha, file.size, (bytes) => answer.blobs.set(file.sha, bytes));
  }

  const files = ask.files;
  for (const path of files?.paths ?? []) {
    if (!files) break;
    const restRead = async () => void answer.files.set(path, await readFileAt(gh, repo, path, files.ref));
    if (!isFullSha(files.ref)) {
      rest.push(restRead());
      continue;
    }
    const cached = entries.get(key(repo, files.ref, path));
    if (cached) {
      if (cached.kind === "other") rest.push(restRead());
      else if (cached.byteSize >= MAX_BLOB_BYTES) answer.files.set(path, null);
      else wantBlob(cached.oid, cached.byteSize, (bytes) => answer.files.set(path, bytes));
      continue;
    }
    items.push({
      size: 0,
      commit: files.ref,
      field: (alias) => ({ variable: alias, type: "String!", value: path, selection: `${alias}: file(path: $${alias}) { mode type oid object { ${BLOB_FIELDS} } }` }),
      take: async (node) => {
        if (node === undefined) return restRead();
        const entry = node as EntryNode | null;
        // Missing or a directory: the contents API answers 404 or a listing. A symlink or a submodule: read by REST, as before.
        const remembered: Entry = !entry || entry.type === "tree" ? { kind: "none" } : entry.type === "blob" && REGULAR_MODES.has(entry.mode) ? { kind: "file", oid: entry.oid, byteSize: entry.object?.byteSize ?? -1 } : { kind: "other" };
        if (remembered.kind === "file" && remembered.byteSize < 0) return restRead();
        // "Not there" refuses a request (and at a merge reverts it): REST's answer decides it, and only a found entry is kept.
        if (remembered.kind === "none") return restRead();
        entries.set(key(repo, files.ref, path), remembered);
        if (remembered.kind === "other") return restRead();
        if (remembered.byteSize >= MAX_BLOB_BYTES) return void answer.files.set(path, null);
        const bytes = exactBytes(entry?.object, remembered.oid);
        if (bytes && keepBlob(repo, remembered.oid, bytes)) return void answer.files.set(path, bytes);
        answer.files.set(path, await readBlob(gh, repo, remembered.oid));
      },
    });
  }

  const history = ask.history;
  for (const path of history?.paths ?? []) {
    if (!history) break;
    const set = (sha: string | null) => void (sha !== null && answer.history.set(path, sha));
    const restRead = async () => {
      const { data } = await gh.rest.repos.listCommits({ ...repo, sha: history.ref, path, per_page: 1 });
      const sha = data[0]?.sha ?? null;
      // A path's history at a full commit sha never changes: REST's answer is kept like the query's.
      if (isFullSha(history.ref)) newest.set(key(repo, history.ref, path), { sha });
      set(sha);
    };
    const cached = isFullSha(history.ref) ? newest.get(key(repo, history.ref, path)) : undefined;
    if (cached) set(cached.sha);
    else if (!isFullSha(history.ref)) rest.push(restRead());
    else
      items.push({
        size: 0,
        commit: history.ref,
        field: (alias) => ({ variable: alias, type: "String!", value: path, selection: `${alias}: history(first: 1, path: $${alias}) { nodes { oid } }` }),
        take: async (node) => {
          const nodes = (node as { nodes?: Array<{ oid?: string } | null> } | null | undefined)?.nodes;
          if (!Array.isArray(nodes)) return restRead();
          const sha = nodes[0]?.oid;
          // "Never used" is the answer a reuse check lets through; whether GitHub's GraphQL history finds a
          // path deleted before `ref` as REST's does is not documented, so that answer comes from REST.
          if (typeof sha !== "string") return restRead();
          newest.set(key(repo, history.ref, path), { sha });
          set(sha);
        },
      });
  }

  for (const [oid, { size, takers }] of byOid) {
    const give = (bytes: Buffer) => takers.forEach((take) => take(bytes));
    items.push({
      size,
      field: (alias) => ({ variable: alias, type: "GitObjectID!", value: oid, selection: `${alias}: object(oid: $${alias}) { ${BLOB_FIELDS} }` }),
      take: async (node) => {
        const bytes = exactBytes(node as BlobNode | null | undefined, oid);
        give(bytes && keepBlob(repo, oid, bytes) ? bytes : await readBlob(gh, repo, oid));
      },
    });
  }

  await Promise.all([...rest, ...chunk(items).map((part) => askOnce(gh, repo, part))]);
  return complete(ask, answer);
}

/** The answer in the order asked; a read left without an answer fails the whole read (never a silent null). */
function complete(ask: BatchReadAsk, answer: BatchReadAnswer): BatchReadAnswer {
  const unread = [...(ask.blobs ?? []).filter((f) => !answer.blobs.has(f.sha)).map((f) => f.path), ...(ask.files?.paths ?? []).filter((p) => !answer.files.has(p))];
  if (unread.length > 0) throw new Error(`could not read ${unread.join(", ")} from GitHub`);
  const files = new Map((ask.files?.paths ?? []).map((path) => [path, answer.files.get(path) ?? null] as const));
  return { ...answer, files };
}

/** Splits items into queries of at most MAX_ITEMS_PER_QUERY items and MAX_KNOWN_BYTES_PER_QUERY known bytes. */
function chunk(items: Item[]): Item[][] {
  const parts: Item[][] = [];
  let current: Item[] = [];
  let bytes = 0;
  for (const item of items) {
    if (current.length > 0 && (current.length >= MAX_ITEMS_PER_QUERY || bytes + item.size > MAX_KNOWN_BYTES_PER_QUERY)) {
      parts.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += item.size;
  }
  if (current.length > 0) parts.push(current);
  return parts;
}

/** One query for these items; every item whose answer is missing (or the whole query, when it fails) is read by REST. */
async function askOnce(gh: GitHubClient, repo: RepoRef, items: Item[]): Promise<void> {
  const { query, variables, commits } = documentFor(items);
  let repository: Record<string, Node> | undefined;
  try {
    const data = await gh.graphql<{ repository: Record<string, Node> | null }>(query, { ...variables, owner: repo.owner, name: repo.repo });
    repository = data.repository ?? undefined;
  } catch {
    // Any failure (HTTP, network, or a GraphQL error beside partial data): every item is read by REST instead.
    repository = undefined;
  }
  await Promise.all(
    items.map((item, i) => {
      if (!repository) return item.take(undefined);
      const alias = `a${i}`;
      if (item.commit === undefined) return item.take(repository[alias]);
      const commit = repository[commits.get(item.commit) ?? ""] as Record<string, Node> | null | undefined;
      // A commit GraphQL cannot find is read by REST, which answers as it always did.
      return item.take(commit && typeof commit.oid === "string" ? commit[alias] : undefined);
    }),
  );
}

export function documentFor(items: Item[]): { query: string; variables: Record<string, string>; commits: Map<string, string> } {
  const variables: Record<string, string> = {};
  const declarations = ["$owner: String!", "$name: String!"];
  const top: string[] = [];
  const commits = new Map<string, string>();
  const underCommit = new Map<string, string[]>();
  items.forEach((item, i) => {
    const { variable, type, value, selection } = item.field(`a${i}`);
    variables[variable] = value;
    declarations.push(`$${variable}: ${type}`);
    if (item.commit === undefined) return void top.push(selection);
    if (!commits.has(item.commit)) {
      const alias = `c${commits.size}`;
      commits.set(item.commit, alias);
      variables[alias] = item.commit;
      declarations.push(`$${alias}: GitObjectID!`);
      underCommit.set(alias, []);
    }
    underCommit.get(commits.get(item.commit) ?? "")?.push(selection);
  });
  for (const [alias, selections] of underCommit) top.push(`${alias}: object(oid: $${alias}) { ... on Commit { oid ${selections.join(" ")} } }`);
  const query = `query BatchRead(${declarations.join(", ")}) { repository(owner: $owner, name: $name) { ${top.join(" ")} } }`;
  return { query, variables, commits };
}
