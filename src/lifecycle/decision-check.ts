/**
 * Where the merge decision lives: the `access-pr / grant` check run on the
 * merge commit, created by this app. Reads filter by the app's own id, since
 * any other GitHub App on the repo can create a run with the same name.
 */
import { upsertCheckRun } from "../github/check-run.js";
import type { GitHubClient, RepoRef } from "../github/client.js";
import { parseDecisions, renderDecisions } from "./decision-record.js";
import type { DecisionRecord } from "./decision-record.js";

export const GRANT_CHECK = "access-pr / grant";

/**
 * The decisions this app recorded on a merge commit ([] when none).
 *
 * @example
 *   const records = await readDecisions(gh, repo, mergeSha, ctx.appId);
 *   records.find((r) => r.path === path && r.blobSha === blobSha);
 */
export async function readDecisions(gh: GitHubClient, repo: RepoRef, sha: string, appId: number): Promise<DecisionRecord[]> {
  const { data } = await gh.rest.checks.listForRef({ ...repo, ref: sha, check_name: GRANT_CHECK, app_id: appId, filter: "all", per_page: 100 });
  // Filtered again here: a run is the record only when this app created it, whatever the server filtered.
  const ours = data.check_runs.filter((run) => run.app?.id === appId && run.head_sha === sha);
  // Replicas racing at a merge can each create a run: together they hold the record (newest run first).
  const byPath = new Map<string, DecisionRecord>();
  for (const run of ours) for (const record of parseDecisions(run.output.text) ?? []) if (!byPath.has(record.path)) byPath.set(record.path, record);
  return [...byPath.values()];
}

/**
 * Writes (or adds to) the record on the merge commit. A refused decision completes the
 * check as a failure at once; a granted one stays in progress until the grant is made.
 */
export async function recordDecisions(gh: GitHubClient, repo: RepoRef, sha: string, records: DecisionRecord[], appId: number): Promise<void> {
  const existing = await readDecisions(gh, repo, sha, appId);
  const merged = [...existing.filter((old) => !records.some((r) => r.path === old.path)), ...records].sort((a, b) => a.path.localeCompare(b.path));
  const refused = merged.filter((r) => r.outcome === "refused");
  await upsertCheckRun(gh, repo, {
    name: GRANT_CHECK,
    headSha: sha,
    appId,
    ...(refused.length > 0 ? { status: "completed", conclusion: "failure", title: "Nothing was granted" } : { status: "in_progress", title: "Decision recorded; granting" }),
    summary: refused.map((r) => `${r.path}: nothing was granted: ${r.reason ?? "refused"}`).join("\n") || `Recorded the merge decision for ${merged.map((r) => r.path).join(", ")}.`,
    text: renderDecisions(merged),
  });
}
