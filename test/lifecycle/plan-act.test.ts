import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import type { GrantSpec } from "../../src/core/grant.js";
import { runOnPort } from "../../src/lifecycle/run-lifecycle.js";
import type { LifecycleContext, RunReport } from "../../src/lifecycle/run-lifecycle.js";
import type { RunKind } from "../../src/lifecycle/scheduler.js";
import { recordEarlyEnds } from "../../src/lifecycle/revoke-files.js";
import type { BackedRequest } from "../../src/lifecycle/types.js";
import type { GcpProvider } from "../../src/providers/gcp/index.js";
import { createGcpProvider } from "../../src/providers/gcp/index.js";
import { providerRegistry } from "../../src/providers/registry.js";
import type { GcpEmulator } from "../../src/sandbox/gcp/gcp-emulator.js";
import { startGcpEmulator } from "../../src/sandbox/gcp/gcp-emulator.js";
import { staticAuthClient } from "../sandbox/gcp/emulator-clients.js";
import { T, backed, spec } from "./fixtures.js";
import { MemoryRepoPort, exampleConfigFiles } from "./memory-port.js";

const PROJECT = "projects/payments-prod";
const ALICE = "user:alice@acme.example";
const ROLE = "roles/cloudsql.client";
const A = "requests/gcp/prod/alice-inc-4711.yaml";
const B = "requests/gcp/prod/alice-inc-4712.yaml";

let clock: ManualClock;
let gcp: GcpEmulator;
let provider: GcpProvider;
let ctx: LifecycleContext;
let logs: { level: string; message: string; fields: object }[];

/** A request merged by pull request `pr` (merge commit `merge-<pr>`), granting `role` to alice on payments-prod. */
function request(path: string, pr: number, window = { start: T("08:00"), end: T("10:00") }, overrides: Partial<GrantSpec> = {}): BackedRequest {
  const key = `req-${pr}-${path.split("/").at(-1)?.replace(/\.yaml$/, "")}`;
  const grant = spec(path, { key, window, principal: ALICE, role: ROLE, scope: PROJECT, origin: { repo: "acme/access", requestPath: path, pr, requester: "alice", approvers: ["bob"], reason: "INC-4711" }, ...overrides });
  const base = backed(path, window, [grant]);
  return { ...base, pr, versionPr: pr, mergeCommitSha: `merge-${pr}`, decision: { ...base.decision, pr, versionPr: pr } };
}

async function run(port: MemoryRepoPort, kind: RunKind = "reconcile"): Promise<RunReport> {
  return runOnPort(port, await port.gather(), kind, ctx);
}

/** `/revoke` as the handler does it once authorised: the end is recorded on the merge commit, then a run reads it. */
async function revoke(port: MemoryRepoPort, paths: string[], login: string, as: string): Promise<RunReport> {
  const allowed = port.requests.filter((r): r is BackedRequest => r.status === "backed" && paths.includes(r.path)).map((request) => ({ request, as }));
  await recordEarlyEnds(port, allowed, login, clock.now());
  return run(port, "sweep");
}

const holds = () => gcp.holds(PROJECT, ALICE, ROLE);
const bindings = () => gcp.getPolicy(PROJECT).bindings.length;

beforeEach(async () => {
  clock = new ManualClock("2026-11-24T08:00:00Z");
  gcp = await startGcpEmulator({ clock, accounts: [ALICE] });
  gcp.createProject("payments-prod");
  logs = [];
  const record = (level: string) => (fields: object, message: string) => logs.push({ level, message, fields });
  provider = createGcpProvider({ clock, endpoint: { host: gcp.host, port: gcp.port, protocol: "http" }, authClient: staticAuthClient(), logger: { debug: record("debug"), info: record("info"), warn: record("warn") }, retry: { baseDelayMs: 1 } });
  ctx = { clock, providers: providerRegistry([provider]), log: { info: record("info"), warn: record("warn"), error: record("error") }, botLogin: "access-pr[bot]", appId: 1, caches: new Map(), expiredRevoked: new Set() };
});

afterEach(async () => {
  await provider.close();
  await gcp.close();
});

describe("plan and act over the repo port", () => {
  it("grants a merged request, then tells the story, fills the plan comment and records the outcome with the event", async () => {
    const port = new MemoryRepoPort([request(A, 1)]);
    const report = await run(port);
    expect(report.granted).toEqual([A]);
    expect(holds()).toBe(true);
    expect(Object.keys(port.story(1))).toEqual([`granted-${`blob-${A}`.slice(0, 12)}`]);
    expect(port.sections.get(1)?.get(A)?.state).toBe("granted");
    expect(port.records.get("merge-1")?.outcome).toMatchObject({ ok: true, title: "Granted until 2026-11-24 10:00 UTC" });
    expect(port.records.get("merge-1")?.outcome?.summary).toContain("Approved by bob.");
    expect(port.events("merge-1").map((e) => e.kind)).toEqual(["granted"]);
    expect(report.treeSha).toBe("tree-1");
    // Held as specified: a second run grants nothing again.
    expect((await run(port)).granted).toEqual([]);
  });

  it("reports a grant the cloud refused, holds nothing and does not vouch for the tree", async () => {
    // IAM refuses the write (a 400 is no outage: not retried).
    gcp.faults.failNext("POST /v3/projects/{id}:setIamPolicy", 1, { status: 400 });
    const port = new MemoryRepoPort([request(A, 1)]);
    const report = await run(port);
    expect(report.failed).toEqual([A]);
    expect(report.treeSha).toBeUndefined();
    expect(holds()).toBe(false);
    expect(Object.keys(port.story(1))).toEqual(["grant-failed"]);
    expect(port.sections.get(1)?.get(A)?.state).toBe("failed");
    expect(port.records.get("merge-1")?.outcome).toMatchObject({ ok: false, title: "Nothing was granted" });
    expect(port.events("merge-1").map((e) => e.kind)).toEqual(["grant-failed"]);
  });

  it("at the window's end revokes, merges one revert and records how it ended", async () => {
    const port = new MemoryRepoPort([request(A, 1)]);
    await run(port);
    clock.advance(2 * 3_600_000);
    const report = await run(port, "sweep");
    expect(report.revoked).toEqual(["req-1-alice-inc-4711"]);
    expect(bindings()).toBe(0);
    expect(port.paths()).toEqual([]);
    expect(port.reverts.map((r) => r.files.map((f) => f.why))).toEqual([["expired"]]);
    expect(port.story(1).ended).toContain("#100");
    expect(port.events("merge-1").at(-1)).toMatchObject({ kind: "ended", how: "expired", revertPr: 100 });
    expect(port.sections.get(1)?.get(A)?.state).toBe("ended");
  });

  it("revokes a grant of the app's that no file backs (drift), and only that one", async () => {
    const port = new MemoryRepoPort([request(A, 1)]);
    await provider.grant(request(B, 2).specs[0] as GrantSpec);
    const report = await run(port);
    expect(report.revoked).toEqual(["req-2-alice-inc-4712"]);
    expect(report.granted).toEqual([A]);
    expect(logs.some((l) => l.level === "warn" && l.message === "revoked a grant nothing on the default branch backs")).toBe(true);
  });

  it("a file whose derivation failed holds back the drift revoke, never the revocation of an ended request", async () => {
    const port = new MemoryRepoPort([request(A, 1)]);
    await run(port);
    const unread = request(B, 2, { start: T("08:00"), end: T("12:00") });
    await provider.grant(unread.specs[0] as GrantSpec);
    port.undetermined = [{ path: B, blobSha: unread.blobSha, error: new Error("502 from GitHub") }];
    clock.advance(2 * 3_600_000);
    const report = await run(port);
    // A's window is over: revoked and reverted although B could not be read.
    expect(report.revoked).toEqual(["req-1-alice-inc-4711"]);
    expect(port.paths()).toEqual([]);
    // B's grant may be backed by the file that could not be read: it stays until a run reads it.
    expect(bindings()).toBe(1);
    expect(report.treeSha).toBeUndefined();
    port.undetermined = [];
    expect((await run(port)).revoked).toEqual(["req-2-alice-inc-4712"]);
  });

  it("a revoke the cloud refuses keeps the file on the default branch, and the next run finishes the end", async () => {
    const port = new MemoryRepoPort([request(A, 1)]);
    await run(port);
    clock.advance(2 * 3_600_000);
    gcp.denyFor(PROJECT);
    const report = await run(port);
    expect(report.failedRevokes).toEqual([A]);
    expect(port.paths()).toEqual([A]);
    expect(port.reverts).toEqual([]);
    expect(report.treeSha).toBeUndefined();
    gcp.allowFor(PROJECT);
    await run(port, "sweep");
    expect(bindings()).toBe(0);
    expect(port.paths()).toEqual([]);
  });

  it("an extension merged later moves the grant's end and is told on both pull requests", async () => {
    const port = new MemoryRepoPort([request(A, 1)]);
    await run(port);
    const extended = request(A, 1, { start: T("08:00"), end: T("11:00") });
    port.requests = [{ ...extended, blobSha: "blob-extended", versionPr: 2, mergeCommitSha: "merge-2", specs: extended.specs }];
    const report = await run(port);
    expect(report.granted).toEqual([A]);
    expect(Object.keys(port.story(2))).toEqual(["granted"]);
    expect(port.sections.get(1)?.get(A)?.text).toContain("#2");
    expect(port.events("merge-2").map((e) => e.kind)).toEqual(["granted"]);
    clock.advance(2 * 3_600_000);
    expect((await run(port, "sweep")).revoked).toEqual([]);
    expect(holds()).toBe(true);
  });

  it("offboarding: a person removed from identities.yaml loses the access at once, told as ended early", async () => {
    const port = new MemoryRepoPort([request(A, 1)]);
    await run(port);
    const identities = (exampleConfigFiles().get("access-policies/identities.yaml") as Buffer).toString().replace(/ {2}alice:\n(?: {4}.*\n)+/, "");
    port.configFiles.set("access-policies/identities.yaml", Buffer.from(identities));
    const report = await run(port);
    expect(report.revoked).toEqual(["req-1-alice-inc-4711"]);
    expect(bindings()).toBe(0);
    expect(port.paths()).toEqual([]);
    expect(Object.keys(port.story(1))).toContain("ended-early");
    expect(port.events("merge-1").at(-1)).toMatchObject({ kind: "ended", how: "offboarded" });
  });

  it("/revoke is recorded, then read by the run: the given file ends now, told as the commenter's, the others stay", async () => {
    const port = new MemoryRepoPort([request(A, 1), request(B, 2)]);
    await run(port);
    const at = clock.now();
    const report = await revoke(port, [A], "bob", "an approver of this request");
    expect(report.revoked).toEqual(["req-1-alice-inc-4711"]);
    expect(port.paths()).toEqual([B]);
    expect(port.reverts[0]?.files).toEqual([{ path: A, pr: 1, why: "revoked", detail: `@bob (an approver of this request) used /revoke at ${at.toISOString()}`, endedBy: { login: "bob", words: "@bob (an approver of this request) used /revoke" } }]);
    expect(port.story(1).revoked).toContain("@bob (an approver of this request) used /revoke");
    // One end, recorded before the revert existed, that learned the revert's number.
    expect(port.events("merge-1").filter((e) => e.kind === "ended")).toEqual([expect.objectContaining({ how: "revoked", by: "bob", at, revertPr: 100 })]);
    // B is still held; the ended story is not told twice when the window ends later.
    expect(bindings()).toBe(1);
    clock.advance(2 * 3_600_000);
    await run(port, "sweep");
    expect(Object.keys(port.story(1)).filter((e) => e !== `granted-${`blob-${A}`.slice(0, 12)}`)).toEqual(["revoked"]);
  });

  it("an early end recorded elsewhere (a replica, a run before a crash) is honoured by a plain reconcile", async () => {
    const port = new MemoryRepoPort([request(A, 1)]);
    await run(port);
    clock.advance(10 * 60_000);
    const at = clock.now();
    await port.recordEnded("merge-1", { kind: "ended", path: A, blobSha: `blob-${A}`, at, how: "revoked", by: "alice", detail: `@alice (the requester) used /revoke at ${at.toISOString()}` });
    clock.advance(60_000);
    const report = await run(port, "reconcile");
    expect([report.revoked, bindings(), port.paths()]).toEqual([["req-1-alice-inc-4711"], 0, []]);
    expect(port.story(1).revoked).toBe("⏹️ Access ended early at 2026-11-24 08:10 UTC: @alice (the requester) used /revoke. The grants are revoked. The request file is removed by #100 (merged).");
  });

  it("a decision read before an end was recorded is not granted: the record is read again before any grant", async () => {
    const port = new MemoryRepoPort([request(A, 1)]);
    const gathered = await port.gather();
    const at = clock.now();
    await port.recordEnded("merge-1", { kind: "ended", path: A, blobSha: `blob-${A}`, at, how: "revoked", by: "alice", detail: `@alice (the requester) used /revoke at ${at.toISOString()}` });
    const report = await runOnPort(port, gathered, "reconcile", ctx);
    expect([report.granted, holds()]).toEqual([[], false]);
    expect(logs.some((l) => l.level === "warn" && l.message.startsWith("not granted: this version of the request was ended early"))).toBe(true);
    // The next run reads the version as ended and removes it.
    await run(port);
    expect([holds(), port.paths()]).toEqual([false, []]);
  });

  it("/revoke revokes even what a listing does not show; a refused revoke keeps the file, and the recorded end finishes it", async () => {
    const port = new MemoryRepoPort([request(A, 1)]);
    await run(port);
    gcp.denyFor(PROJECT);
    const report = await revoke(port, [A], "alice", "the requester");
    expect(report.failedRevokes).toEqual([A]);
    expect(port.paths()).toEqual([A]);
    gcp.allowFor(PROJECT);
    expect(holds()).toBe(true);
    // Nothing in memory: the next sweep reads the end from the record.
    await run(port, "sweep");
    expect([holds(), port.paths()]).toEqual([false, []]);
  });

  it("the telling of an end is handed over to go out later, after the revocation and the revert", async () => {
    const port = new MemoryRepoPort([request(A, 1)]);
    await run(port);
    clock.advance(2 * 3_600_000);
    const later: ((teller: MemoryRepoPort) => Promise<void>)[] = [];
    await runOnPort(port, await port.gather(), "sweep", ctx, (tell) => later.push(tell));
    expect([bindings(), port.paths(), port.story(1).ended, port.events("merge-1").map((e) => e.kind)]).toEqual([0, [], undefined, ["granted"]]);
    for (const tell of later) await tell(port);
    expect(port.story(1).ended).toContain("#100");
    expect(port.events("merge-1").at(-1)).toMatchObject({ kind: "ended", how: "expired", revertPr: 100 });
  });

  it("a run that fails before its grant or its revert is repaired by the next run", async () => {
    const first = new MemoryRepoPort([request(A, 1)]);
    first.failNext("gather");
    await expect(run(first)).rejects.toThrow("GitHub did not answer gather");
    expect(holds()).toBe(false);
    await run(first);
    expect(first.records.get("merge-1")?.outcome?.ok).toBe(true);
    const port = new MemoryRepoPort([request(A, 1)]);
    await run(port);
    clock.advance(2 * 3_600_000);
    port.failNext("ensureRevert");
    await expect(run(port)).rejects.toThrow("GitHub did not answer ensureRevert");
    // Revoked before the revert failed; the next run finds the file still there and finishes the end.
    expect(bindings()).toBe(0);
    expect(port.paths()).toEqual([A]);
    await run(port);
    expect(port.paths()).toEqual([]);
    expect(port.story(1).ended).toContain("#100");
  });
});
