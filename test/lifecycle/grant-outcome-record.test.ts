import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import type { GitHubClient } from "../../src/github/client.js";
import { ENDED_CHECK, GRANT_CHECK, readGrantRecord, recordDecisions, recordEvent } from "../../src/lifecycle/decision-check.js";
import type { LifecycleEvent } from "../../src/lifecycle/event-record.js";
import { completeGrantRecord } from "../../src/lifecycle/grant-outcome-record.js";
import type { BackedRequest } from "../../src/lifecycle/types.js";
import { GitHubEmulator } from "../../src/sandbox/github/index.js";
import { T, backed } from "./fixtures.js";
import { installationClient } from "./github-client.js";

const REPO = "acme/access";
const ref = { owner: "acme", repo: "access" };
const PATH = "requests/gcp/prod/alice-inc-4711.yaml";

let gh: GitHubEmulator;
let sha: string;
let request: BackedRequest;

/** The end `/revoke` records, as another replica writes it. */
function revoked(at: Date): LifecycleEvent {
  return { kind: "ended", path: PATH, blobSha: request.blobSha, at, how: "revoked", by: "bob", detail: `@bob (an approver of this request) used /revoke at ${at.toISOString()}` };
}

const granted = { ok: true, at: T("08:01"), title: "Granted until 2026-11-24 10:00 UTC", summary: `${PATH}: granted` };

async function events(client: GitHubClient): Promise<string[]> {
  return (await readGrantRecord(client, ref, sha, gh.app.appId)).events.map((e) => (e.kind === "ended" ? `ended ${e.how} by ${e.by ?? ""}` : e.kind));
}

beforeEach(async () => {
  gh = await GitHubEmulator.start({ clock: new ManualClock("2026-11-24T08:00:00Z") });
  sha = (await gh.createRepo(REPO, { files: { "README.md": "# access\n" } })).headSha;
  const base = backed(PATH);
  request = { ...base, mergeCommitSha: sha };
});
afterEach(async () => gh.close());

describe("the grant's outcome on the merge commit keeps what another replica recorded meanwhile", () => {
  it("an end written by a second replica after this run recorded the decision is not written over by the outcome", async () => {
    const run = await installationClient(gh);
    const replica = await installationClient(gh);
    await recordDecisions(run, ref, sha, [request.decision], gh.app.appId);
    // The grant takes a moment; meanwhile another replica handles /revoke and records the end first.
    await recordEvent(replica, ref, sha, gh.app.appId, revoked(T("08:00")));
    await completeGrantRecord(run, ref, request, granted, gh.app.appId);
    expect(await events(replica)).toEqual(["ended revoked by bob", "granted"]);
    const { data } = await replica.rest.checks.listForRef({ ...ref, ref: sha });
    expect(data.check_runs.map((r) => [r.name, r.status, r.conclusion]).sort()).toEqual([
      [ENDED_CHECK, "completed", "neutral"],
      [GRANT_CHECK, "completed", "success"],
    ]);
  });

  it("an end stands even when a replica writes the whole grant run from a copy read before the end", async () => {
    const run = await installationClient(gh);
    const replica = await installationClient(gh);
    await recordDecisions(run, ref, sha, [request.decision], gh.app.appId);
    const stale = await readGrantRecord(run, ref, sha, gh.app.appId);
    await recordEvent(replica, ref, sha, gh.app.appId, revoked(T("08:00")));
    // The slowest interleaving: this replica's update lands after the end, written from its older copy.
    await run.rest.checks.update({ ...ref, check_run_id: stale.run?.id ?? 0, status: "completed", conclusion: "success", output: { title: "Granted", summary: "granted", text: stale.run?.text ?? "" } });
    expect(await events(run)).toEqual(["ended revoked by bob"]);
    // The end is written once: recording it again adds no run.
    await recordEvent(run, ref, sha, gh.app.appId, revoked(T("08:05")));
    const { data } = await run.rest.checks.listForRef({ ...ref, ref: sha, check_name: ENDED_CHECK });
    expect(data.check_runs).toHaveLength(1);
  });

  it("an end written while this run read the record before the grant is kept as well", async () => {
    const run = await installationClient(gh);
    const replica = await installationClient(gh);
    await recordDecisions(run, ref, sha, [request.decision], gh.app.appId);
    // This run read the record (its look for an early end before granting), then the replica wrote.
    expect(await events(run)).toEqual([]);
    await recordEvent(replica, ref, sha, gh.app.appId, revoked(T("08:00")));
    await completeGrantRecord(run, ref, request, granted, gh.app.appId);
    expect(await events(run)).toEqual(["ended revoked by bob", "granted"]);
  });
});
