/**
 * The grant's outcome on its merge commit in one write: the `access-pr / grant`
 * run is completed (success or failure) and the granted or failed event joins
 * the recorded decision in the same update. The record is read right before
 * that write, never taken from an earlier read of this run: an event another
 * replica added meanwhile (an end by `/revoke`) is merged in, not written over.
 * Writing the same outcome again changes nothing that matters (the event is
 * recorded once).
 */
import { upsertCheckRun } from "../github/check-run.js";
import type { GitHubClient, RepoRef } from "../github/client.js";
import { fitCheckOutput } from "../render/fit-to-limit.js";
import { GRANT_CHECK, readGrantRecord, recordEvent } from "./decision-check.js";
import { addEvent, describeEvent, renderEvents, withoutEvents } from "./event-record.js";
import type { LifecycleEvent } from "./event-record.js";
import type { GrantOutcomeRecord } from "./repo-port.js";
import type { BackedRequest } from "./types.js";

/**
 * @example
 *   await completeGrantRecord(gh, repo, request, { ok: true, at, title: "Granted until …", summary }, appId);
 */
export async function completeGrantRecord(gh: GitHubClient, repo: RepoRef, request: BackedRequest, outcome: GrantOutcomeRecord, appId: number): Promise<void> {
  const sha = request.mergeCommitSha;
  if (!sha) return;
  const event: LifecycleEvent = outcome.ok
    ? { kind: "granted", path: request.path, blobSha: request.blobSha, at: outcome.at }
    : { kind: "grant-failed", path: request.path, blobSha: request.blobSha, at: outcome.at, message: outcome.message ?? "" };
  // Read now, with nothing between this read and the write below (GitHub offers no conditional update of a check run).
  const record = await readGrantRecord(gh, repo, sha, appId);
  if (!record.run) {
    // No run of ours on that commit (it was lost): a new one carries the outcome, then the event.
    await upsertCheckRun(gh, repo, { name: GRANT_CHECK, headSha: sha, appId, keepText: true, status: "completed", conclusion: outcome.ok ? "success" : "failure", title: outcome.title, summary: outcome.summary });
    await recordEvent(gh, repo, sha, appId, event);
    return;
  }
  const events = addEvent(record.events, event);
  const line = describeEvent(event);
  const summary = outcome.summary.includes(line) ? outcome.summary : `${outcome.summary}\n${line}`;
  const text = withoutEvents(record.run.text ?? "") + renderEvents(events);
  await gh.rest.checks.update({
    ...repo,
    check_run_id: record.run.id,
    status: "completed",
    conclusion: outcome.ok ? "success" : "failure",
    output: { title: outcome.title, summary: fitCheckOutput(summary), text: fitCheckOutput(text) },
  });
}
