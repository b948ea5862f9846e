/**
 * Where the decision ledger lives: `access-pr / ledger` check runs, created
 * by this app on the default branch's commit whose request files they
 * describe. Only the app that created a check run can update it, and reads
 * keep only this app's runs (filtered by app id, since any app can create a
 * run of the same name), so no writer and no other app can put an entry
 * there. On the head commit the ledger is found with one call, by the branch
 * name; a ledger on another commit names that commit, and the payload must
 * name the same one, so a ledger cannot be moved onto a later head.
 */
import { checkRunExternalId } from "../github/check-run-duplicates.js";
import type { GitHubClient, RepoRef } from "../github/client.js";
import { decodeLedgers, encodeLedger } from "./ledger-codec.js";
import type { Ledger } from "./ledger-codec.js";

export const LEDGER_CHECK = "access-pr / ledger";
/** More parts than a ledger of many thousand requests needs; one page of runs reads them all. */
const MAX_PARTS = 100;

/** This app's ledger runs on one commit, per part index (several when replicas created one at the same moment). */
export type LedgerRunIds = Map<number, number[]>;

export interface LedgerRead {
  /** The commit the runs are on (undefined when this app has no ledger run there). */
  commit?: string;
  /** Complete ledgers describing that commit, the newest write first (one, unless writers raced). */
  ledgers: Ledger[];
  runs: LedgerRunIds;
}

const externalIdOf = (commit: string, index: number) => checkRunExternalId(`${LEDGER_CHECK} part ${index}`, commit);

/**
 * This app's ledger on a commit, or on a branch's head when `ref` is a branch name: one call.
 *
 * @example
 *   const { commit, ledgers } = await readLedger(gh, repo, "main", appId);
 *   ledgers[0]?.entries.find((e) => e.record.path === path && e.record.blobSha === blobSha);
 */
export async function readLedger(gh: GitHubClient, repo: RepoRef, ref: string, appId: number): Promise<LedgerRead> {
  const { data } = await gh.rest.checks.listForRef({ ...repo, ref, check_name: LEDGER_CHECK, app_id: appId, filter: "all", per_page: MAX_PARTS });
  // Filtered again here: a run is the ledger only when this app created it, whatever the server filtered.
  const ours = data.check_runs.filter((run) => run.app?.id === appId && run.name === LEDGER_CHECK).sort((a, b) => b.id - a.id);
  const commit = ours[0]?.head_sha;
  if (!commit) return { ledgers: [], runs: new Map() };
  const onCommit = ours.filter((run) => run.head_sha === commit);
  const runs: LedgerRunIds = new Map();
  for (let index = 0; index < MAX_PARTS; index++) {
    const ids = onCommit.filter((run) => run.external_id === externalIdOf(commit, index)).map((run) => run.id);
    if (ids.length > 0) runs.set(index, ids);
  }
  const ledgers = decodeLedgers(onCommit.map((run) => run.output.text)).filter((ledger) => ledger.head === commit);
  return { commit, ledgers, runs };
}

/**
 * Writes the ledger onto `ledger.head`: an update of each part already there (`known`, this
 * process's runs on that commit), a create for any other. Parts left from a longer ledger keep
 * the old digest, so they are never read as part of this one.
 *
 * @example
 *   const runs = await writeLedger(gh, repo, { head, entries }, known);
 */
export async function writeLedger(gh: GitHubClient, repo: RepoRef, ledger: Ledger, known: LedgerRunIds = new Map()): Promise<LedgerRunIds> {
  const parts = encodeLedger(ledger);
  if (parts.length > MAX_PARTS) throw new Error(`the decision ledger of ${repo.owner}/${repo.repo} needs ${parts.length} check runs, more than ${MAX_PARTS}; restarts derive each request file from its merge commit instead`);
  const runs = new Map(known);
  for (const part of parts) {
    const output = { title: `Decisions of ${ledger.entries.length} active requests`, summary: part.summary, text: part.text };
    const ids = runs.get(part.index) ?? [];
    for (const id of ids) await gh.rest.checks.update({ ...repo, check_run_id: id, status: "completed", conclusion: "neutral", output });
    if (ids.length > 0) continue;
    const { data } = await gh.rest.checks.create({ ...repo, name: LEDGER_CHECK, head_sha: ledger.head, external_id: externalIdOf(ledger.head, part.index), status: "completed", conclusion: "neutral", output });
    runs.set(part.index, [data.id]);
  }
  return runs;
}
