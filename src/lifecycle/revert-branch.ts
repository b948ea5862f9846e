/**
 * The branch a revert lives on. The first choice is derived from the set of
 * paths, so replicas reverting the same files at once meet on one branch and
 * open one pull request. Anyone can create that name first, so an existing
 * branch there is used only when its head is exactly the revert; otherwise
 * the revert goes to a name with 128 random bits nobody could have created
 * before, and the squatted branch is reported, never used.
 */
import { createHash, randomBytes } from "node:crypto";
import type { GitHubClient, RepoRef } from "../github/client.js";
import { hasStatus } from "../github/client.js";
import { knownTreeOf } from "../github/commit-tree.js";
import { ownWritesOf } from "../github/own-writes.js";
import { assessHead } from "./revert-head.js";
import type { TreeEntry } from "./revert-tree.js";
import { REVERT_BRANCH_PREFIX, revertTitle } from "./revert-text.js";
import type { RevertFile } from "./types.js";

/** The deterministic branch of a set of paths, e.g. "access-pr/expire/3f0c2b6e8d1a". */
export function revertBranch(paths: string[]): string {
  const hash = createHash("sha256").update([...paths].sort().join("\n")).digest("hex").slice(0, 12);
  return `${REVERT_BRANCH_PREFIX}${hash}`;
}

/** A branch name with 128 random bits, e.g. "access-pr/expire/r-4f1c…"; nobody can create it in advance. */
export function unguessableBranch(): string {
  return `${REVERT_BRANCH_PREFIX}r-${randomBytes(16).toString("hex")}`;
}

/** A branch name the app did not use because someone else's commit was on it. */
export interface SquattedBranch {
  branch: string;
  headSha: string;
  problems: string[];
}

/** A commit on top of `tipSha` whose tree is the tip's without `files`. */
export async function buildRevertCommit(gh: GitHubClient, repo: RepoRef, tipSha: string, files: RevertFile[]): Promise<string> {
  // The tip's tree sha is known when its tree was read by the tip's sha (the run read it); else the commit tells it.
  const baseTree = knownTreeOf(repo, tipSha) ?? (await gh.rest.git.getCommit({ ...repo, commit_sha: tipSha })).data.tree.sha;
  const { data: tree } = await gh.rest.git.createTree({
    ...repo,
    base_tree: baseTree,
    tree: files.map((f) => ({ path: f.path, mode: "100644" as const, type: "blob" as const, sha: null })),
  });
  const message = `${revertTitle(files)}\n\n${files.map((f) => `${f.path}: ${f.detail}`).join("\n")}\n`;
  const { sha } = (await gh.rest.git.createCommit({ ...repo, message, tree: tree.sha, parents: [tipSha] })).data;
  ownWritesOf(gh)?.reverts.built(repo, sha, files.map((f) => f.path));
  return sha;
}

async function createRef(gh: GitHubClient, repo: RepoRef, branch: string, sha: string): Promise<boolean> {
  try {
    await gh.rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha });
    return true;
  } catch (error) {
    if (hasStatus(error, 422)) return false; // "Reference already exists"
    throw error;
  }
}

/** A fresh branch with 128 random bits at `sha`; should the name exist after all, another is drawn. */
export async function placeOnUnguessableBranch(gh: GitHubClient, repo: RepoRef, sha: string): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const branch = unguessableBranch();
    if (await createRef(gh, repo, branch, sha)) return branch;
  }
  throw new Error(`could not create a revert branch in ${repo.owner}/${repo.repo}: five random branch names all existed already`);
}

async function readRef(gh: GitHubClient, repo: RepoRef, branch: string): Promise<string | undefined> {
  return gh.rest.git.getRef({ ...repo, ref: `heads/${branch}` }).then(
    (r) => r.data.object.sha,
    (error: unknown) => {
      if (hasStatus(error, 404)) return undefined;
      throw error;
    },
  );
}

/**
 * Puts the revert of `files` on the tip on the shared branch of these paths
 * — reusing it when a replica (or an earlier attempt) already put exactly that
 * revert there — or, when that name holds anything else or belonged to a pull
 * request the app just closed unmerged, on an unguessable one.
 *
 * @example
 *   const { branch, sha, squatted } = await placeRevert(gh, repo, tip, tipTree, files);
 */
export async function placeRevert(
  gh: GitHubClient,
  repo: RepoRef,
  tipSha: string,
  tipTree: TreeEntry[],
  files: RevertFile[],
  retired: ReadonlySet<string> = new Set(),
): Promise<{ branch: string; sha: string; squatted?: SquattedBranch }> {
  const shared = revertBranch(files.map((f) => f.path));
  if (retired.has(shared)) {
    const sha = await buildRevertCommit(gh, repo, tipSha, files);
    return { branch: await placeOnUnguessableBranch(gh, repo, sha), sha };
  }
  const remove = new Set(files.map((f) => f.path));
  const judge = async (headSha: string) => {
    const verdict = await assessHead(gh, repo, { headSha, tipSha, tipTree, remove });
    return verdict.kind === "foreign" ? { branch: shared, headSha, problems: verdict.problems } : verdict.kind;
  };
  // Usually created without looking first: GitHub's "Reference already exists" (422) is then the sign that a
  // replica or someone else holds the name, and only then is its head read and judged. A process that created
  // this name itself before (an attempt cut short), or that keeps no memory of its writes, looks first, so a
  // revert already there is reused rather than built twice.
  const reverts = ownWritesOf(gh)?.reverts;
  let existing = reverts === undefined || reverts.hasPlaced(repo, shared) ? await readRef(gh, repo, shared) : undefined;
  let found = existing ? await judge(existing) : undefined;
  if (existing && found === "exact") return { branch: shared, sha: existing };
  const sha = await buildRevertCommit(gh, repo, tipSha, files);
  if (!existing) {
    if (await createRef(gh, repo, shared, sha)) {
      reverts?.placed(repo, shared);
      return { branch: shared, sha };
    }
    // Created meanwhile: by a replica placing the same revert, or by someone else.
    existing = await readRef(gh, repo, shared);
    found = existing ? await judge(existing) : undefined;
    if (existing && found === "exact") return { branch: shared, sha: existing };
  }
  const branch = await placeOnUnguessableBranch(gh, repo, sha);
  return typeof found === "object" ? { branch, sha, squatted: found } : { branch, sha };
}
