/**
 * Check runs cannot be deleted, and GitHub has no "create unless one
 * exists", so two replicas evaluating the first events of a new head at the
 * same moment can each create the run. Every run the app creates carries a
 * deterministic `external_id` (name and head sha), so the app can tell its
 * duplicates apart from another app's run of the same name; right after a
 * create it reads the runs again and writes the same result into any
 * duplicate, so whichever one GitHub shows (the latest, with filter=latest)
 * says the same thing. Later writes go to the latest one, and to any duplicate
 * still pending (two creates can each miss the other's run in their re-read).
 *
 * @example
 *   const { data } = await gh.rest.checks.create({ ...repo, name, head_sha, external_id: checkRunExternalId(name, head_sha), ... });
 *   await alignDuplicates(gh, repo, data, { status: "completed", conclusion: "success", output });
 */
import type { GitHubClient, RepoRef } from "./client.js";

export function checkRunExternalId(name: string, headSha: string): string {
  return `access-pr:${headSha}:${name}`;
}

interface CreatedRun {
  id: number;
  name: string;
  head_sha: string;
  external_id?: string | null;
  app?: { id?: number } | null;
}

/** The result without annotations (GitHub appends them on every update, so they stay with the run that was created with them). */
interface Update {
  status: "in_progress" | "completed";
  conclusion?: "success" | "failure" | "neutral" | "action_required" | "cancelled";
  output: { title: string; summary: string; text?: string };
}

/**
 * Every run of this app (or, without an app id, of any app) on a sha, in one listing that the
 * lookup before a write and the re-read after a create both use: one URL, so its ETag stays
 * current and the next event's lookup is answered 304 Not Modified (free) while nothing changed.
 */
export async function listRunsOnSha(gh: GitHubClient, repo: RepoRef, headSha: string, appId: number | undefined) {
  return gh.paginate(gh.rest.checks.listForRef, { ...repo, ref: headSha, filter: "all", ...(appId === undefined ? {} : { app_id: appId }), per_page: 100 });
}

/** One run of a sha's listing. */
export type ShaRun = Awaited<ReturnType<typeof listRunsOnSha>>[number];

/** Writes `update` into every other run of ours with the same external id; returns how many. */
export async function alignDuplicates(gh: GitHubClient, repo: RepoRef, created: CreatedRun, update: Update): Promise<number> {
  return alignDuplicatesIn(gh, repo, await listRunsOnSha(gh, repo, created.head_sha, created.app?.id), created, update);
}

/** The other runs of the same check as `run` in a listing: same app, name, sha and external id. */
export function duplicatesOf<T extends CreatedRun>(runs: readonly T[], run: CreatedRun): T[] {
  return runs.filter((other) => other.id !== run.id && other.name === run.name && other.head_sha === run.head_sha && other.external_id === run.external_id && other.app?.id === run.app?.id);
}

/** The same, against a listing of the sha's runs read after the create (one listing can serve several creates). */
export async function alignDuplicatesIn(gh: GitHubClient, repo: RepoRef, runs: readonly ShaRun[], created: CreatedRun, update: Update): Promise<number> {
  // A completed run is never moved back to in_progress: GitHub would keep its old conclusion on it
  // (a pending check is a new run instead, see check-run.ts), so an earlier, superseded run stays as it was.
  const duplicates = duplicatesOf(runs, created).filter((run) => !(run.status === "completed" && update.status !== "completed"));
  for (const run of duplicates) await gh.rest.checks.update({ ...repo, ...update, check_run_id: run.id });
  return duplicates.length;
}
