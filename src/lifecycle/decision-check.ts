/**
 * Where the merge decision lives: the `access-pr / grant` check run on the
 * merge commit, created by this app. Reads filter by the app's own id, since
 * any other GitHub App on the repo can create a run with the same name. The
 * same run keeps what happened after the merge (granted, failed). A version's
 * end is written once, into a run of its own (`access-pr / ended`) that no
 * later write touches: a replica updating the grant run from a copy read a
 * moment earlier cannot write an end (a `/revoke`) out of the record.
 */
import { upsertCheckRuns } from "../github/check-run.js";
import type { CheckRunInput } from "../github/check-run.js";
import { listRunsOnSha } from "../github/check-run-duplicates.js";
import type { GitHubClient, RepoRef } from "../github/client.js";
import { utc } from "../render/format-time.js";
import { parseDecisions, renderDecisions } from "./decision-record.js";
import type { DecisionRecord } from "./decision-record.js";
import { addEvent, describeEvent, parseEvents, renderEvents, withoutEvents } from "./event-record.js";
import type { LifecycleEvent } from "./event-record.js";

export const GRANT_CHECK = "access-pr / grant";
/** The run that carries one version's end, created once and never updated. */
export const ENDED_CHECK = "access-pr / ended";

/** Everything the app recorded on one merge commit. */
export interface GrantRecord {
  decisions: DecisionRecord[];
  events: LifecycleEvent[];
  /** The newest run of this app's (the one the lifecycle updates), when there is one. */
  run?: { id: number; title: string | null; summary: string | null; text: string | null; conclusion: string | null; completedAt: Date | null };
}

/**
 * The decisions and events this app recorded on a merge commit (empty when none).
 *
 * @example
 *   const { decisions, events } = await readGrantRecord(gh, repo, mergeSha, ctx.appId);
 */
export async function readGrantRecord(gh: GitHubClient, repo: RepoRef, sha: string, appId: number): Promise<GrantRecord> {
  // The same listing of the sha's runs the check writer reads: one call serves the read and the write that follows.
  const runs = await listRunsOnSha(gh, repo, sha, appId);
  // Filtered again here: a run is the record only when this app created it, whatever the server filtered.
  const mine = runs.filter((run) => run.app?.id === appId && run.head_sha === sha);
  const ours = mine.filter((run) => run.name === GRANT_CHECK).sort((a, b) => b.id - a.id);
  // Replicas racing at a merge can each create a run: together they hold the record (newest run first).
  const byPath = new Map<string, DecisionRecord>();
  for (const run of ours) for (const record of parseDecisions(run.output.text) ?? []) if (!byPath.has(record.path)) byPath.set(record.path, record);
  // Events from every run, oldest run first: the end written first stands.
  let events: LifecycleEvent[] = [];
  const carrying = mine.filter((run) => run.name === GRANT_CHECK || run.name === ENDED_CHECK).sort((a, b) => a.id - b.id);
  for (const run of carrying) for (const event of parseEvents(run.output.text)) events = addEvent(events, event);
  const newest = ours[0];
  const run = newest && {
    id: newest.id,
    title: newest.output.title ?? null,
    summary: newest.output.summary ?? null,
    text: newest.output.text ?? null,
    conclusion: newest.conclusion ?? null,
    completedAt: newest.completed_at ? new Date(newest.completed_at) : null,
  };
  return { decisions: [...byPath.values()], events, ...(run ? { run } : {}) };
}

/**
 * The decisions this app recorded on a merge commit ([] when none).
 *
 * @example
 *   const records = await readDecisions(gh, repo, mergeSha, ctx.appId);
 *   records.find((r) => r.path === path && r.blobSha === blobSha);
 */
export async function readDecisions(gh: GitHubClient, repo: RepoRef, sha: string, appId: number): Promise<DecisionRecord[]> {
  return (await readGrantRecord(gh, repo, sha, appId)).decisions;
}

/**
 * Writes (or adds to) the record on the merge commit. A refused decision completes the
 * check as a failure at once; a granted one stays in progress until the grant is made.
 */
export async function recordDecisions(gh: GitHubClient, repo: RepoRef, sha: string, records: DecisionRecord[], appId: number): Promise<void> {
  const existing = await readGrantRecord(gh, repo, sha, appId);
  const merged = [...existing.decisions.filter((old) => !records.some((r) => r.path === old.path)), ...records].sort((a, b) => a.path.localeCompare(b.path));
  const refused = merged.filter((r) => r.outcome === "refused");
  const text = renderDecisions(merged) + renderEvents(existing.events);
  // No read-back of the sha's runs after a create: a run another replica created at the same moment stays a
  // part of the record (readGrantRecord merges every grant run, decisions newest first, events from all), and
  // every later write of the record reads the runs fresh first and writes to the newest.
  await upsertCheckRunNoReadBack(gh, repo, {
    name: GRANT_CHECK,
    headSha: sha,
    appId,
    ...(refused.length > 0 ? { status: "completed", conclusion: "failure", title: "Nothing was granted" } : { status: "in_progress", title: "Decision recorded; granting" }),
    summary: refused.map((r) => `${r.path}: nothing was granted: ${r.reason ?? "refused"}`).join("\n") || `Recorded the merge decision for ${merged.map((r) => r.path).join(", ")}.`,
    // What happened since stays with the decision.
    text,
  });
}

/**
 * Adds one event to the record on the merge commit, keeping the decision, the
 * conclusion and the approvers in the summary. Writing the same event again
 * changes nothing; the first end of a version stands. Resolves to the events as they now
 * stand (undefined when the merge commit has no record of this app's).
 *
 * @example
 *   await recordEvent(gh, repo, request.mergeCommitSha, appId, { kind: "ended", path, blobSha, at: now, how: "expired", detail: "window over", revertPr: 14 });
 */
export async function recordEvent(gh: GitHubClient, repo: RepoRef, sha: string, appId: number, event: LifecycleEvent): Promise<LifecycleEvent[] | undefined> {
  const record = await readGrantRecord(gh, repo, sha, appId);
  if (!record.run) return undefined;
  const events = addEvent(record.events, event);
  if (events === record.events) return events;
  const line = describeEvent(event);
  const title = event.kind === "ended" ? `Ended at ${utc(event.at)} (${event.how})` : (record.run.title ?? GRANT_CHECK);
  if (event.kind === "ended" && !record.events.some((e) => e.kind === "ended" && e.path === event.path && e.blobSha === event.blobSha)) {
    // A new end: a run of its own, so no update of the grant run (from an older copy) can lose it.
    await gh.rest.checks.create({ ...repo, name: ENDED_CHECK, head_sha: sha, status: "completed", conclusion: "neutral", output: { title, summary: line, text: renderEvents([event]) } });
    return events;
  }
  const text = withoutEvents(record.run.text ?? "") + renderEvents(events);
  const summary = record.run.summary?.includes(line) ? record.run.summary : `${record.run.summary ?? ""}\n${line}`.trim();
  await gh.rest.checks.update({ ...repo, check_run_id: record.run.id, output: { title, summary, text } });
  return events;
}

async function upsertCheckRunNoReadBack(gh: GitHubClient, repo: RepoRef, input: CheckRunInput & { appId: number }): Promise<void> {
  await upsertCheckRuns(gh, repo, [input], undefined, { readBack: false });
}
