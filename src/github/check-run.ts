import { alignDuplicates, alignDuplicatesIn, checkRunExternalId, duplicatesOf, listRunsOnSha } from "./check-run-duplicates.js";
import type { ShaRun } from "./check-run-duplicates.js";
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

type OwnRun = ShaRun;

/**
 * The newest run of this name on this sha that this app created, in a listing already read. The listing is
 * asked with `filter=all`: GitHub's default, `filter=latest`, keeps only the newest run of each name, which
 * can be another app's run with the same name, hiding the app's own.
 */
function newestOwn(runs: OwnRun[], headSha: string, name: string, appId: number): OwnRun | undefined {
  return runs.filter((run) => run.head_sha === headSha && run.name === name && run.app?.id === appId).sort((a, b) => b.id - a.id)[0];
}

/**
 * Creates the named check run on the head sha, or updates the one already
 * there, so a redelivered webhook never adds a second check. GitHub appends
 * annotations on every update: callers skip an update whose result has not
 * changed, so a redelivery does not repeat them.
 */
export async function upsertCheckRun(gh: GitHubClient, repo: RepoRef, input: CheckRunInput & { appId: number }): Promise<number> {
  const runs = await listRunsOnSha(gh, repo, input.headSha, input.appId);
  const written = await writeCheckRun(gh, repo, input, newestOwn(runs, input.headSha, input.name, input.appId), runs);
  // A second replica may have created the same run at the same moment.
  if (written.created) await alignDuplicates(gh, repo, written.created.run, written.created.update);
  return written.id;
}

/**
 * Several checks of one sha with one listing before the writes and, when any was created, one
 * listing after them to align duplicates (see check-run-duplicates.ts). `skip` leaves a check
 * alone when the run already there says the same (GitHub would append its annotations again).
 * `readBack: false` leaves out the listing after a create, for results any writer of the same sha
 * renders identically: a duplicate then already says the same, and nothing would be written into it.
 *
 * `reopen: "refuse"` writes nothing and answers "stale" when a check would go from completed back to
 * pending. Another evaluation completed it after this one's reads may have begun, and GitHub shows
 * the newest run, so a pending run created from older reads would hide a newer result. The caller
 * evaluates again from fresh reads (begun after the completed run was written) and writes that.
 * It answers "stale" too when the listing after a create of a pending run finds the same check
 * completed by a create of another evaluation at the same moment.
 *
 * @example
 *   await upsertCheckRuns(gh, repo, [validation, approval].map((c) => ({ ...c, appId })), (run, input) => sameResult(run, input));
 */
export async function upsertCheckRuns(
  gh: GitHubClient,
  repo: RepoRef,
  inputs: (CheckRunInput & { appId: number })[],
  skip?: (run: OwnRun, input: CheckRunInput) => boolean,
  options: CheckWriteOptions = {},
): Promise<"written" | "stale"> {
  const created: NonNullable<Written["created"]>[] = [];
  const bySha = new Map<string, OwnRun[]>(options.noRunsYet ? inputs.map((input) => [input.headSha, []]) : []);
  const listing = async (sha: string, appId: number) => {
    const known = bySha.get(sha) ?? (await listRunsOnSha(gh, repo, sha, appId));
    bySha.set(sha, known);
    return known;
  };
  const owns: (OwnRun | undefined)[] = [];
  for (const input of inputs) owns.push(newestOwn(await listing(input.headSha, input.appId), input.headSha, input.name, input.appId));
  if (options.reopen === "refuse" && inputs.some((input, i) => reopens(owns[i], input) && !skip?.(owns[i] as OwnRun, input))) return "stale";
  for (const [i, input] of inputs.entries()) {
    const own = owns[i];
    if (own && skip?.(own, input)) continue;
    const written = await writeCheckRun(gh, repo, input, own, await listing(input.headSha, input.appId));
    if (written.created) created.push(written.created);
  }
  if (options.readBack === false) return "written";
  const after = new Map<string, OwnRun[]>();
  let stale = false;
  for (const { run, update } of created) {
    const runs = after.get(run.head_sha) ?? (await listRunsOnSha(gh, repo, run.head_sha, run.app?.id));
    after.set(run.head_sha, runs);
    await alignDuplicatesIn(gh, repo, runs, run, update);
    // Created pending while another evaluation created the same check completed: the same race as above, one step later.
    stale ||= options.reopen === "refuse" && update.status !== "completed" && duplicatesOf(runs, run).some((other) => other.status === "completed");
  }
  return stale ? "stale" : "written";
}

export interface CheckWriteOptions {
  readBack?: boolean;
  noRunsYet?: boolean;
  reopen?: "write" | "refuse";
}

/** Whether writing `input` would take the check from completed back to pending (a new run on GitHub). */
function reopens(own: OwnRun | undefined, input: CheckRunInput): boolean {
  return own?.status === "completed" && input.status !== "completed";
}

interface Written {
  id: number;
  /** The run created and the result it was created with, to write into any duplicate. */
  created?: { run: Parameters<typeof alignDuplicates>[2]; update: Parameters<typeof alignDuplicates>[3] };
}

/**
 * Writes the result into the newest run (or a new one). A pending duplicate left behind by two
 * creates at the same moment (check-run-duplicates.ts) is written too, so no run of the check
 * stays "in progress" once the newest one has moved on; `runs` is the listing `own` came from.
 */
async function writeCheckRun(gh: GitHubClient, repo: RepoRef, input: CheckRunInput & { appId: number }, own: OwnRun | undefined, runs: readonly OwnRun[]): Promise<Written> {
  // A completed run moved back to in_progress keeps its conclusion on GitHub (and a required
  // status check may still read it as passed): a check that is pending again is a new run.
  const existing = own && !reopens(own, input) ? own : undefined;
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

  let written: Written;
  if (existing) {
    await gh.rest.checks.update({ ...repo, check_run_id: existing.id, ...state, output: output(batches[0]) });
    written = { id: existing.id };
    const leftBehind = duplicatesOf(runs, existing).filter((run) => run.status !== "completed");
    for (const run of leftBehind) await gh.rest.checks.update({ ...repo, check_run_id: run.id, ...state, output: output(undefined) });
  } else {
    const external_id = checkRunExternalId(input.name, input.headSha);
    const { data: created } = await gh.rest.checks.create({ ...repo, name: input.name, head_sha: input.headSha, external_id, ...state, output: output(batches[0]) });
    written = { id: created.id, created: { run: created, update: { ...state, output: output(undefined) } } };
  }
  for (const batch of batches.slice(1)) {
    await gh.rest.checks.update({ ...repo, check_run_id: written.id, output: output(batch) });
  }
  return written;
}
