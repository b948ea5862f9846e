// The ledger's check runs against the embedded GitHub through the app's real Octokit: written on the root commit,
// updated in place, read back only from the app's own runs, and within GitHub's output limits (the emulator
// refuses check-run output over 65,535 characters, as GitHub does: 422).
import { randomBytes } from "node:crypto";
import { Probot, ProbotOctokit } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import type { GitHubClient } from "../../src/github/client.js";
import type { DecisionRecord } from "../../src/lifecycle/decision-record.js";
import { LEDGER_CHECK, readLedger, writeLedger } from "../../src/lifecycle/ledger-check.js";
import { encodeLedger } from "../../src/lifecycle/ledger-codec.js";
import type { Ledger } from "../../src/lifecycle/ledger-codec.js";
import { GitHubEmulator } from "../../src/sandbox/github/index.js";
import { seedMergedPulls } from "../../src/sandbox/github/seed-store.js";

const NO_RETRY = ProbotOctokit.defaults((options: Record<string, unknown>) => ({ ...options, retry: { enabled: false }, throttle: { enabled: false } }));
const REPO = { owner: "acme", repo: "access" };
const HOUR = 3_600_000;

function ledgerOf(head: string, n: number, reason = (i: number) => `INC-${i}`): Ledger {
  const start = new Date("2026-11-24T08:00:00Z");
  const window = { start, end: new Date(start.getTime() + 2 * HOUR) };
  const entries = Array.from({ length: n }, (_, i) => {
    const path = `requests/gcp/prod/eng-${i}.yaml`;
    const spec = { provider: "gcp" as const, scope: "projects/payments-prod", role: "roles/cloudsql.client", principal: `user:eng-${i}@acme.example`, window, key: `k${i}`, origin: { repo: "acme/access", requestPath: path, requester: `eng-${i}`, approvers: ["bob"], reason: reason(i) } };
    const record: DecisionRecord = { path, blobSha: head, outcome: "granted", pr: i + 1, versionPr: i + 1, requester: `eng-${i}`, approvers: ["bob"], policySha: head, firstStart: start, window, grants: [{ spec, rule: "r", maxDurationMs: 4 * HOUR, principalName: `eng-${i}` }] };
    return { record, mergeCommitSha: head, setBy: head };
  });
  return { head, entries };
}

describe("the decision ledger's check runs", () => {
  const clock = new ManualClock("2026-11-24T08:00:00Z");
  let gh: GitHubEmulator;
  let app: GitHubClient;
  let second: GitHubClient;
  let calls = 0;
  let rootSha = "";
  let headSha = "";

  beforeAll(async () => {
    gh = await GitHubEmulator.start({ clock });
    for (const login of ["alice", "bob"]) gh.createUser(login);
    rootSha = (await gh.createRepo("acme/access", { files: { "README.md": "# access\n" }, collaborators: { alice: "write", bob: "write" } })).headSha;
    const probot = new Probot({ appId: gh.app.appId, privateKey: gh.app.privateKey, baseUrl: gh.url, Octokit: NO_RETRY, logLevel: "fatal" });
    app = (await probot.auth(gh.app.installationId)) as GitHubClient;
    app.hook.before("request", () => void calls++);
    // A second replica: the same app, its own client and its own memory.
    second = (await probot.auth(gh.app.installationId)) as GitHubClient;
  });
  afterAll(async () => gh.close());

  it("reads the ledger on the branch's head by the branch name, and only a ledger that names the commit it is on", async () => {
    const seeded = await seedMergedPulls(gh, "acme/access", Array.from({ length: 3 }, (_, i) => ({ path: `requests/r${i}.yaml`, content: `reason: ${i}\n`, author: "alice", approver: "bob", title: `r${i}` })));
    headSha = seeded[2]?.mergeSha ?? "";
    const atHead = ledgerOf(headSha, 2);
    await writeLedger(app, REPO, atHead);
    calls = 0;
    expect(await readLedger(app, REPO, "main", gh.app.appId)).toMatchObject({ commit: headSha, ledgers: [atHead] });
    expect(calls).toBe(1);
    // A ledger naming another commit than the one it is on (as if moved onto a later head) is not read.
    const moved = ledgerOf(seeded[0]?.mergeSha ?? "", 2);
    const [part] = encodeLedger(moved);
    await app.rest.checks.create({ ...REPO, name: LEDGER_CHECK, head_sha: rootSha, status: "completed", conclusion: "neutral", output: { title: "t", summary: part?.summary ?? "", text: part?.text ?? "" } });
    expect((await readLedger(app, REPO, rootSha, gh.app.appId)).ledgers).toEqual([]);
  });

  it("writes once, then updates the same runs in place; one call reads it back", async () => {
    const first = ledgerOf(rootSha, 3);
    const runs = await writeLedger(app, REPO, first);
    calls = 0;
    const read = await readLedger(app, REPO, rootSha, gh.app.appId);
    expect(calls).toBe(1);
    expect(read.ledgers).toEqual([first]);
    const next = ledgerOf(rootSha, 2);
    calls = 0;
    await writeLedger(app, REPO, next, runs);
    expect(calls).toBe(1);
    const { data } = await app.rest.checks.listForRef({ ...REPO, ref: rootSha, check_name: LEDGER_CHECK, filter: "all" });
    expect(data.check_runs.filter((r) => r.external_id).map((r) => r.id)).toEqual([...runs.values()].flat());
    expect((await readLedger(app, REPO, rootSha, gh.app.appId)).ledgers).toEqual([next]);
  });

  it("writes a ledger too big for one check run in several, each accepted by GitHub's output limit", async () => {
    const big = ledgerOf(rootSha, 300, () => randomBytes(200).toString("hex"));
    expect(encodeLedger(big).length).toBeGreaterThan(1);
    await writeLedger(app, REPO, big, (await readLedger(app, REPO, rootSha, gh.app.appId)).runs);
    expect((await readLedger(app, REPO, rootSha, gh.app.appId)).ledgers).toEqual([big]);
  });

  it("ignores a ledger another app wrote, even with this app's name and external id", async () => {
    const other = gh.installAnotherApp("ci-bot", 9191);
    const forged = ledgerOf(rootSha, 5, () => "forged");
    const [part] = encodeLedger(forged);
    await other.rest.checks.create({ ...REPO, name: LEDGER_CHECK, head_sha: rootSha, external_id: `access-pr:${rootSha}:${LEDGER_CHECK} part 0`, status: "completed", conclusion: "neutral", output: { title: "t", summary: part?.summary ?? "", text: part?.text ?? "" } });
    const read = await readLedger(app, REPO, rootSha, gh.app.appId);
    expect(read.ledgers.flatMap((l) => l.entries.map((e) => e.record.grants[0]?.spec.origin.reason))).not.toContain("forged");
    // Under another app id (as if this app's id were that one) only the forged run is there.
    expect((await readLedger(app, REPO, rootSha, 9191)).ledgers.map((l) => l.entries.length)).toEqual([5]);
  });

  it("two replicas writing: each write reads back whole (the newest created first); a write stopped half-way reads as none", async () => {
    const a = ledgerOf(rootSha, 300, () => randomBytes(200).toString("hex"));
    const b = ledgerOf(rootSha, 300, () => randomBytes(200).toString("hex"));
    const known = (await readLedger(app, REPO, rootSha, gh.app.appId)).runs;
    await writeLedger(app, REPO, a, known);
    // The second replica has no memory of the runs: it creates its own.
    await writeLedger(second, REPO, b);
    expect((await readLedger(app, REPO, rootSha, gh.app.appId)).ledgers).toEqual([b, a]);
    // Replica A writes the first part of a new ledger and stops: its runs no longer hold a whole ledger.
    const [firstPart] = encodeLedger(ledgerOf(rootSha, 300, () => randomBytes(200).toString("hex")));
    for (const id of known.get(0) ?? []) await app.rest.checks.update({ ...REPO, check_run_id: id, output: { title: "t", summary: firstPart?.summary ?? "", text: firstPart?.text ?? "" } });
    expect((await readLedger(app, REPO, rootSha, gh.app.appId)).ledgers).toEqual([b]);
  });
});
