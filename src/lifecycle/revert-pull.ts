/**
 * Removes request files from the default branch through one pull request,
 * built with the git data API and merged only through the merge guard.
 * Idempotent: an open revert of the app's that is exactly the removal of
 * some of the files is merged again, replicas meet on one shared branch, and
 * what the app finds but cannot verify is closed, reported and rebuilt.
 * Which files a revert removes is read from its tree, never from its text.
 */
import type { GitHubClient, RepoRef } from "../github/client.js";
import { hasStatus } from "../github/client.js";
import { upsertMarkedComment } from "../github/marked-comment.js";
import { code } from "../render/markdown.js";
import { describePusher } from "./branch-pushers.js";
import { mergeVerified } from "./merge-guard.js";
import type { GuardOutcome, GuardPull } from "./merge-guard.js";
import { buildRevertCommit, placeOnUnguessableBranch, placeRevert } from "./revert-branch.js";
import { assessHead, fullTree, tipOf } from "./revert-head.js";
import { mergeRefusedText, revertBody, revertLabels, revertTitle } from "./revert-text.js";
import type { TreeEntry } from "./revert-tree.js";
import { closedForeignText, replacedWarningText, supersededText } from "./revert-warning-text.js";
import type { RefusedRevert } from "./revert-warning-text.js";
import type { RevertFile } from "./types.js";

export { revertBranch } from "./revert-branch.js";

export interface RevertResult {
  number: number;
  url: string;
  merged: boolean;
  /** Files this pull request removes. */
  files: RevertFile[];
  /** Why it is left open, when the repo refused the merge. */
  refused?: string;
  /** Branches and pull requests the app would not merge on the way, each reported on GitHub. */
  replaced?: RefusedRevert[];
}

interface Run {
  gh: GitHubClient;
  repo: RepoRef;
  defaultBranch: string;
  botLogin: string;
  tipSha: string;
  tipTree: TreeEntry[];
  /** Branches of pull requests this run closed unmerged: never used again. */
  retired: Set<string>;
}

/** A commit of the default branch the caller read, with its full tree (a commit's tree never changes). */
export interface KnownHead {
  sha: string;
  tree: TreeEntry[];
}

type OpenPull = Awaited<ReturnType<GitHubClient["rest"]["pulls"]["list"]>>["data"][number];

/**
 * Makes sure one revert pull request removes each of `files`, and merges it through the guard.
 * Returns the pull requests involved: open ones of the app's found from an earlier run, or the new one.
 *
 * @example
 *   const results = await ensureRevert(gh, { owner: "acme", repo: "access" }, "main", files, "access-pr[bot]");
 *   results[0]?.merged; // true unless the repo refused
 */
export async function ensureRevert(gh: GitHubClient, repo: RepoRef, defaultBranch: string, files: RevertFile[], botLogin: string, head?: KnownHead): Promise<RevertResult[]> {
  if (files.length === 0) return [];
  // The tip is read again now (a replica's revert may have merged since the caller read it; an unchanged ref is
  // answered 304); only its tree, which a commit never changes, is taken from the caller when the tip is the same.
  const tipSha = await tipOf(gh, repo, defaultBranch);
  const run: Run = { gh, repo, defaultBranch, botLogin, tipSha, tipTree: head?.sha === tipSha ? head.tree : await fullTree(gh, repo, tipSha), retired: new Set() };
  const onTip = new Set(run.tipTree.filter((e) => e.type === "blob").map((e) => e.path));
  // Files already gone were removed by someone else (a replica's revert merged since this run read the
  // tree): that one is theirs to tell, and an empty revert would be a duplicate.
  const wanted = new Map(files.filter((f) => onTip.has(f.path)).map((f) => [f.path, f]));
  const results: RevertResult[] = [];
  const replaced: RefusedRevert[] = [];
  const covered = new Set<string>();
  // Only the app can author as its bot; branch names and labels prove nothing. Every base: a retargeted revert is found too.
  const open = botLogin ? (await gh.paginate(gh.rest.pulls.list, { ...repo, state: "open", per_page: 100 })).filter((p) => p.user?.login === botLogin) : [];
  for (const pull of open) {
    const result = await revisit(run, pull, wanted, onTip, replaced);
    if (!result) continue;
    for (const f of result.files) covered.add(f.path);
    results.push(result);
  }
  const fresh = [...wanted.values()].filter((f) => !covered.has(f.path));
  const opened = fresh.length > 0 ? await openRevert(run, fresh, replaced) : undefined;
  if (opened) results.push(opened);
  else if (replaced.length > 0) results.forEach((r) => (r.replaced = replaced));
  return results;
}

/** An open pull request of the app's: merge it when it is exactly a removal this run wants, drop it when it is not the app's work. */
async function revisit(run: Run, pull: OpenPull, wanted: Map<string, RevertFile>, onTip: Set<string>, replaced: RefusedRevert[]): Promise<RevertResult | undefined> {
  const { gh, repo, defaultBranch } = run;
  const where: string[] = [];
  if (pull.base.ref !== defaultBranch) where.push(`it targets the branch ${code(pull.base.ref)} instead of the default branch ${code(defaultBranch)}`);
  if (pull.head.repo?.full_name !== `${repo.owner}/${repo.repo}`) where.push("its head branch is not in this repository");
  const verdict = where.length > 0 ? { kind: "foreign" as const, problems: where } : await assessHead(gh, repo, { headSha: pull.head.sha, tipSha: run.tipSha, tipTree: run.tipTree });
  if (verdict.kind === "foreign") {
    replaced.push(await retire(run, pull.number, pull.head.ref, pull.head.sha, verdict.problems));
    return undefined;
  }
  const mine = verdict.removes.filter((p) => wanted.has(p));
  if (verdict.kind === "stale") {
    const gone = !verdict.removes.some((p) => onTip.has(p));
    if (mine.length > 0 || gone) await closeQuietly(run, pull.number, gone ? "gone" : "moved");
    return undefined;
  }
  // Exactly a removal, but of files this run does not (all) mean to remove: another run's revert.
  if (mine.length === 0 || mine.length !== verdict.removes.length) return undefined;
  const files = mine.map((p) => wanted.get(p) as RevertFile);
  // A crash between opening and labelling leaves it unlabelled; label it now.
  const missing = revertLabels(files).filter((label) => !pull.labels.some((l) => l.name === label));
  if (missing.length > 0) await gh.rest.issues.addLabels({ ...repo, issue_number: pull.number, labels: missing });
  const outcome = await mergeVerified(gh, repo, { defaultBranch, number: pull.number, remove: new Set(mine), botLogin: run.botLogin, known: { sha: run.tipSha, tree: run.tipTree } });
  return settle(run, pull.number, pull.html_url, files, outcome, replaced);
}

/** What a guard outcome means for one revert: merged, left open with the repo's refusal, or dropped. */
async function settle(run: Run, number: number, url: string, files: RevertFile[], outcome: GuardOutcome, replaced: RefusedRevert[]): Promise<RevertResult | undefined> {
  if (outcome.kind === "merged") return { number, url, files, merged: true };
  if (outcome.kind === "refused") {
    await upsertMarkedComment(run.gh, run.repo, number, "revert-merge", mergeRefusedText(outcome.status, outcome.message), run.botLogin);
    return { number, url, files, merged: false, refused: outcome.message };
  }
  if (outcome.stale) await closeQuietly(run, number, "moved");
  else replaced.push(await retire(run, number, outcome.branch, outcome.headSha, outcome.problems));
  return undefined;
}

/** Closes a pull request the app will not merge, saying what is wrong and who pushed; its branch is never used again. */
async function retire(run: Run, number: number, branch: string, headSha: string, problems: string[]): Promise<RefusedRevert> {
  run.retired.add(branch);
  const refused: RefusedRevert = { number, branch, headSha, problems, pusher: await describePusher(run.gh, run.repo, branch, headSha, run.botLogin) };
  await upsertMarkedComment(run.gh, run.repo, number, "revert-refused", closedForeignText(refused), run.botLogin);
  await run.gh.rest.pulls.update({ ...run.repo, pull_number: number, state: "closed" });
  return refused;
}

/** Closed first, then told: a replica that merged it a moment before never finds it called superseded. */
async function closeQuietly(run: Run, number: number, reason: "moved" | "gone"): Promise<void> {
  try {
    await run.gh.rest.pulls.update({ ...run.repo, pull_number: number, state: "closed" });
  } catch (error) {
    if (!hasStatus(error, 422)) throw error;
  }
  const { data: pull } = await run.gh.rest.pulls.get({ ...run.repo, pull_number: number });
  if (pull.merged_at) return;
  await upsertMarkedComment(run.gh, run.repo, number, "revert-superseded", supersededText(reason), run.botLogin);
}

/** Rebuilds on the current tip, for a revert that could not be merged as built. */
async function refresh(run: Run, files: RevertFile[]): Promise<RevertFile[]> {
  run.tipSha = await tipOf(run.gh, run.repo, run.defaultBranch);
  run.tipTree = await fullTree(run.gh, run.repo, run.tipSha);
  const onTip = new Set(run.tipTree.filter((e) => e.type === "blob").map((e) => e.path));
  return files.filter((f) => onTip.has(f.path));
}

/** Opens the revert of `files` and merges it through the guard; a head that is not the app's is dropped and rebuilt. */
async function openRevert(run: Run, wanted: RevertFile[], replaced: RefusedRevert[]): Promise<RevertResult | undefined> {
  const { gh, repo } = run;
  let files = wanted;
  const placed = await placeRevert(gh, repo, run.tipSha, run.tipTree, files, run.retired);
  const { squatted } = placed;
  let { branch, sha } = placed;
  if (squatted) replaced.push({ ...squatted, pusher: await describePusher(gh, repo, squatted.branch, squatted.headSha, run.botLogin) });
  for (let attempt = 0; attempt < 3; attempt++) {
    const pull = await openPull(run, branch, sha, files);
    // `sha` was built on the tip (or judged exactly that) by this run: the guard need not read it again while the tip stays.
    const verified = { headSha: sha, tipSha: run.tipSha };
    const outcome = await mergeVerified(gh, repo, {
      defaultBranch: run.defaultBranch,
      number: pull.number,
      remove: new Set(files.map((f) => f.path)),
      botLogin: run.botLogin,
      known: { sha: run.tipSha, tree: run.tipTree },
      verified,
      ...(pull.created ? { opened: pull.created } : {}),
    });
    const result = await settle(run, pull.number, pull.html_url, files, outcome, replaced);
    if (result) {
      if (replaced.length === 0) return result;
      await upsertMarkedComment(gh, repo, pull.number, "revert-warning", replacedWarningText(replaced), run.botLogin);
      return { ...result, replaced };
    }
    files = await refresh(run, files);
    if (files.length === 0) return undefined;
    sha = await buildRevertCommit(gh, repo, run.tipSha, files);
    branch = await placeOnUnguessableBranch(gh, repo, sha);
  }
  throw new Error(`could not merge a revert of ${files.map((f) => f.path).join(", ")} in ${repo.owner}/${repo.repo}: its branch was changed by someone else at every attempt; see the warnings on the closed pull requests`);
}

/**
 * The app's pull request from `branch` (at `sha`): opened now (with GitHub's answer to the create as `created`),
 * or found when a replica or an earlier attempt opened it.
 */
async function openPull(run: Run, branch: string, sha: string, files: RevertFile[]): Promise<{ number: number; html_url: string; created?: GuardPull }> {
  const { gh, repo } = run;
  let pull: { number: number; html_url: string; labels: { name?: string }[] };
  let created: GuardPull | undefined;
  try {
    ({ data: created } = await gh.rest.pulls.create({ ...repo, title: revertTitle(files), head: branch, base: run.defaultBranch, body: revertBody(files) }));
    pull = created;
  } catch (error) {
    if (!hasStatus(error, 422)) throw error;
    const existing = await gh.paginate(gh.rest.pulls.list, { ...repo, state: "open", head: `${repo.owner}:${branch}`, per_page: 100 });
    const ours = existing.find((p) => p.user?.login === run.botLogin);
    if (!ours && existing.length === 0) throw error;
    // Someone else opened a pull request from the shared branch first: the revert goes to a branch of its own.
    if (!ours) return openPull(run, await placeOnUnguessableBranch(gh, repo, sha), sha, files);
    pull = ours;
  }
  const missing = revertLabels(files).filter((label) => !pull.labels.some((l) => l.name === label));
  if (missing.length > 0) await gh.rest.issues.addLabels({ ...repo, issue_number: pull.number, labels: missing });
  return created ? { ...pull, created } : pull;
}
