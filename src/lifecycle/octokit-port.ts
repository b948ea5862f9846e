/**
 * The access repo port over GitHub: one ref read and one tree read per run
 * (the tree of a commit never changes, so a head already read is not read
 * again), the request files with their recorded decisions, and the effects
 * written back as the app's check runs, comments and revert pull requests.
 */
import { configFrom } from "../evaluate/config-checks.js";
import type { GitHubClient, RepoRef } from "../github/client.js";
import { hasStatus } from "../github/client.js";
import { commitTree } from "../github/commit-tree.js";
import { isConfigPath, readBlobs } from "../github/read-files.js";
import type { TreeFile } from "../github/read-files.js";
import type { OutcomeTelling } from "./plan-outcome-comment.js";
import { readGrantRecord, recordEvent } from "./decision-check.js";
import { earlyEndOf } from "./early-end.js";
import { completeGrantRecord } from "./grant-outcome-record.js";
import { planCheckingArrivals } from "./arrival-check.js";
import type { ReconcileInput } from "./plan-reconcile.js";
import { PrComments } from "./pr-comments.js";
import { readRequestsOfTree } from "./read-requests.js";
import type { RequestCache } from "./read-requests.js";
import type { AccessRepoPort, EndedEvent, GatheredRepo, GrantOutcomeRecord } from "./repo-port.js";
import { ensureRevert } from "./revert-pull.js";
import type { TreeEntry } from "./revert-tree.js";
import type { BackedRequest, RevertFile } from "./types.js";

/** A head commit's tree, read once: a commit's tree never changes. */
export interface HeadTree {
  commitSha: string;
  treeSha: string;
  entries: TreeEntry[];
}

/** What an adapter keeps between runs of one repo, purely to save calls. */
export interface PortMemory {
  cache: RequestCache;
  /** The default branch as GitHub last named it (refreshed by every webhook and every full reconcile). */
  defaultBranch?: string;
  head?: HeadTree;
}

export interface OctokitPortOptions {
  appId: number;
  /** Where a version refused by the arrival check is told to the operator. */
  log: { error(fields: object, message: string): void };
  botLogin: string;
  memory: PortMemory;
  /** Read the repository's default branch from GitHub even when one is remembered. */
  freshDefaultBranch?: boolean;
}

/**
 * @example
 *   const port = octokitPort(gh, { owner: "acme", repo: "access" }, { appId, botLogin, memory });
 *   const gathered = await port.gather();
 */
export function octokitPort(gh: GitHubClient, repo: RepoRef, options: OctokitPortOptions): AccessRepoPort {
  const { appId, botLogin, memory } = options;
  const comments = new PrComments(gh, repo, botLogin);
  return {
    async gather(): Promise<GatheredRepo> {
      const { defaultBranch, head } = await readHead(gh, repo, memory, options.freshDefaultBranch === true);
      const files: TreeFile[] = head.entries.filter((e) => e.type === "blob").map((e) => ({ path: e.path, sha: e.sha, size: e.size ?? 0 }));
      const configFiles = await readBlobs(gh, repo, files.filter((file) => isConfigPath(file.path)));
      const read = await readRequestsOfTree(gh, repo, defaultBranch, memory.cache, { appId, botLogin }, files, head.commitSha);
      return {
        name: `${repo.owner}/${repo.repo}`,
        defaultBranch,
        headSha: head.commitSha,
        treeSha: head.treeSha,
        tree: head.entries,
        configFiles,
        config: configFrom(configFiles),
        requests: read.requests,
        undetermined: read.undetermined,
      };
    },
    async recordGrantOutcome(request: BackedRequest, outcome: GrantOutcomeRecord) {
      if (request.mergeCommitSha) await completeGrantRecord(gh, repo, request, outcome, appId);
    },
    async recordEnded(mergeCommitSha: string, event: EndedEvent) {
      const standing = await recordEvent(gh, repo, mergeCommitSha, appId, event);
      // Derived again next time, from the record that now holds the end.
      if (event.how === "revoked") memory.cache.delete(`${event.path}@${event.blobSha}`);
      return standing;
    },
    async endedEarly(request: BackedRequest) {
      if (!request.mergeCommitSha) return undefined;
      const { events } = await readGrantRecord(gh, repo, request.mergeCommitSha, appId);
      const ended = earlyEndOf(events, request.path, request.blobSha);
      // The cached version predates its end: the next run derives it again and reads it as ended.
      if (ended) memory.cache.delete(`${request.path}@${request.blobSha}`);
      return ended;
    },
    async checkArrivals(input: ReconcileInput) {
      const branch = memory.defaultBranch ?? (await gh.rest.repos.get({ ...repo })).data.default_branch;
      // Against the head this run gathered, not the branch as it is by now.
      return planCheckingArrivals(gh, repo, branch, memory.cache, options.log, input, memory.head?.commitSha ?? branch);
    },
    ensureRevert: (gathered: GatheredRepo, files: RevertFile[]) => ensureRevert(gh, repo, gathered.defaultBranch, files, botLogin, { sha: gathered.headSha, tree: gathered.tree }),
    tellOutcome: (pr: number, telling: OutcomeTelling) => comments.tellOutcome(pr, telling),
  };
}

/** The default branch's head commit and its tree: one ref read, and a tree read only for a head not read before. */
async function readHead(gh: GitHubClient, repo: RepoRef, memory: PortMemory, fresh: boolean): Promise<{ defaultBranch: string; head: HeadTree }> {
  let defaultBranch = fresh ? undefined : memory.defaultBranch;
  let commitSha: string | undefined;
  if (defaultBranch !== undefined) commitSha = await refOf(gh, repo, defaultBranch);
  // Not remembered, or the remembered branch is gone (renamed): GitHub says which branch is the default now.
  if (commitSha === undefined) {
    defaultBranch = (await gh.rest.repos.get({ ...repo })).data.default_branch;
    commitSha = await refOf(gh, repo, defaultBranch);
    if (commitSha === undefined) throw new Error(`the default branch ${defaultBranch} of ${repo.owner}/${repo.repo} has no head commit; push a first commit to it`);
  }
  memory.defaultBranch = defaultBranch as string;
  if (memory.head?.commitSha !== commitSha) memory.head = await readCommitTree(gh, repo, commitSha);
  return { defaultBranch: defaultBranch as string, head: memory.head };
}

async function refOf(gh: GitHubClient, repo: RepoRef, branch: string): Promise<string | undefined> {
  try {
    return (await gh.rest.git.getRef({ ...repo, ref: `heads/${branch}` })).data.object.sha;
  } catch (error) {
    if (hasStatus(error, 404)) return undefined;
    throw error;
  }
}

/** Every entry of a commit's tree, directories included; fails closed on a truncated listing. */
async function readCommitTree(gh: GitHubClient, repo: RepoRef, commitSha: string): Promise<HeadTree> {
  // Shared with the push handler's read of the same new head when both ask at once (commit-tree.ts).
  const data = await commitTree(gh, repo, commitSha);
  if (data.truncated) throw new Error(`the tree of ${repo.owner}/${repo.repo} at ${commitSha} is too large to list in one call`);
  const entries = data.tree.map((e) => ({ path: e.path ?? "", mode: e.mode ?? "", type: e.type ?? "", sha: e.sha ?? "", ...(e.size === undefined ? {} : { size: e.size }) }));
  return { commitSha, treeSha: data.sha, entries };
}
