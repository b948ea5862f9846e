import { alignDuplicates, checkRunExternalId, listRunsOnSha } from "./check-run-duplicates.js";
import { fitCheckOutput } from "../render/fit-to-limit.js";
import type { GitHubClient, RepoRef } from "./client.js";

export interface CheckAnnotation {
  path: string;
  startLine: number;
  endLine?: number;
  startColumn?: number;
  level: "failure" | "warning" | "notice";
  title?: string;
  message: string;
}

export interface CheckRunInput {
  name: string;
  headSha: string;
  status: "in_progress" | "completed";
  conclusion?: "success" | "failure" | "neutral" | "action_required" | "cancelled";
  title: string;
  summary: string;
  text?: string;
  annotations?: CheckAnnotation[];
  /**
   * The app's own id: only a run this app created is "the" run (another app can create one with
   * the same name, and only its creator can update it). The renderers leave it to the writer.
   */
  appId?: number;
  /** Keep the existing run's `output.text` when `text` is not given (a record written there earlier). */
  keepText?: boolean;
}

/** GitHub accepts at most 50 annotations per request; the rest go in follow-up updates. */
const ANNOTATIONS_PER_CALL = 50;

/**
 * The newest run of this name on this sha that this app created, from the listing of all the
 * app's runs on the sha (the app's other checks share it). Asked with `filter=all`:
 * GitHub's default, `filter=latest`, keeps only the newest run of each name, which can be
 * another app's run with the same name, hiding the app's own.
 */
export async function findOwnCheckRun(gh: GitHubClient, repo: RepoRef, headSha: string, name: string, appId: number) {
  const runs = await listRunsOnSha(gh, repo, headSha, appId);
  return runs.filter((run) => run.head_sha === headSha && run.name === name && run.app?.id === appId).sort((a, b) => b.id - a.id)[0];
}

/**
 * Creates the named check run on the head sha, or updates the one already
 * there, so a redelivered webhook never adds a second check. GitHub appends
 * annotations on every update: callers skip an update whose result has not
 * changed, so a redelivery does not repeat them.
 */
export async function upsertCheckRun(gh: GitHubClient, repo: RepoRef, input: CheckRunInput & { appId: number }): Promise<number> {
  const own = await findOwnCheckRun(gh, repo, input.headSha, input.name, input.appId);
  // A completed run moved back to in_progress keeps its conclusion on GitHub (and a required
  // status check may still read it as passed): a check that is pending again is a new run.
  const existing = own && !(own.status === "completed" && input.status !== "completed") ? own : undefined;
  const text = input.text ?? (input.keepText ? (own?.output.text ?? undefined) : undefined);
  const annotations = (input.annotations ?? []).map((a) => ({
    path: a.path,
    start_line: a.startLine,
    end_line: a.endLine ?? a.startLine,
    // GitHub takes columns only on single-line annotations.
    ...(a.startColumn !== undefined && (a.endLine ?? a.startLine) === a.startLine ? { start_column: a.startColumn, end_column: a.startColumn } : {}),
    annotation_level: a.level,
    message: a.message,
    ...(a.title ? { title: a.title } : {}),
  }));
  const batches: (typeof annotations)[] = [];
  for (let i = 0; i < annotations.length; i += ANNOTATIONS_PER_CALL) batches.push(annotations.slice(i, i + ANNOTATIONS_PER_CALL));
  const output = (batch: typeof annotations | undefined) => ({
    title: input.title,
    summary: fitCheckOutput(input.summary),
    ...(text ? { text: fitCheckOutput(text) } : {}),
    ...(batch && batch.length > 0 ? { annotations: batch } : {}),
  });
  const state = {
    status: input.status,
    ...(input.status === "completed" ? { conclusion: input.conclusion ?? "neutral" } : {}),
  };

  let id: number;
  if (existing) {
    await gh.rest.checks.update({ ...repo, check_run_id: existing.id, ...state, output: output(batches[0]) });
    id = existing.id;
  } else {
    const external_id = checkRunExternalId(input.name, input.headSha);
    const { data: created } = await gh.rest.checks.create({ ...repo, name: input.name, head_sha: input.headSha, external_id, ...state, output: output(batches[0]) });
    id = created.id;
    // A second replica may have created the same run at the same moment.
    await alignDuplicates(gh, repo, created, { ...state, output: output(undefined) });
  }
  for (const batch of batches.slice(1)) {
    await gh.rest.checks.update({ ...repo, check_run_id: id, output: output(batch) });
  }
  return id;
}
