/**
 * A lifecycle with an extension, an early /revoke, an unapproved merge and a
 * failed grant, audited end to end: the real app acts, then `access-pr audit`
 * and `access-pr status` read GitHub through the real Octokit, and the CSV is
 * parsed back with a real CSV parser.
 */
import { parse } from "csv-parse/sync";
import { afterEach, describe, expect, it } from "vitest";
import { run as runAudit } from "../../src/cli/audit.js";
import { run as runStatus } from "../../src/cli/status.js";
import type { CliIo } from "../../src/cli/io.js";
import { ACCESS_REPO } from "../helpers/app-harness.js";
import type { World } from "./lifecycle-world.js";
import { ALICE_OID, EXAMPLE_GCP_ACCOUNTS, RG, azureRequest, gcpRequest, owner, repo, startWorld } from "./lifecycle-world.js";
import { AUDIT_COLUMNS } from "../../src/audit/render-audit.js";
import { GRANT_CHECK, readGrantRecord } from "../../src/lifecycle/decision-check.js";
import { renderDecisions } from "../../src/lifecycle/decision-record.js";
import type { DecisionRecord } from "../../src/lifecycle/decision-record.js";
import { installationClient } from "../lifecycle/github-client.js";

let w: World;
afterEach(async () => w.close());
const SLOW = 900_000;
const csvRows = (text: string) => parse(text, { columns: true }) as Record<string, string>[];
const at = (hhmm: string) => `2026-11-24T${hhmm}:00Z`;
const A = "requests/azure/alice-inc-4711.yaml";
const B = "requests/azure/alice-inc-4712.yaml";
const C = "requests/azure/alice-inc-4713.yaml";
const D = "requests/gcp/prod/alice-inc-4714.yaml";

async function cli(world: World, command: "audit" | "status", args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIo = { out: (t) => void (out += t.endsWith("\n") ? t : `${t}\n`), err: (t) => void (err += t.endsWith("\n") ? t : `${t}\n`), cwd: process.cwd(), env: { APP_ID: String(world.h.github.app.appId), PRIVATE_KEY: world.h.github.app.privateKey, ...env } };
  const run = command === "audit" ? runAudit : runStatus;
  const code = await run(["--repo", ACCESS_REPO, "--api-url", world.h.github.url, ...args], io, world.h.clock);
  return { code, out, err };
}

async function open(world: World, login: string, title: string, files: Record<string, string | null>): Promise<number> {
  const pr = await world.h.github.as(login).openPullRequest(ACCESS_REPO, { title, files });
  await world.settle();
  return pr.number;
}

async function approveAndMerge(world: World, number: number, approve = true): Promise<void> {
  if (approve) {
    await world.h.github.as("bob").approve(ACCESS_REPO, number);
    await world.settle();
  }
  await world.h.github.as("bob").merge(ACCESS_REPO, number);
  await world.settle();
}

describe("access-pr audit over a whole lifecycle", () => {
  it("gives one row per grant with the exact times, approvers and how each ended; status shows what is active and what waits", async () => {
    // alice has no GCP account behind her identity, so her GCP grant fails (IAM refuses the member).
    w = await startWorld({ gcpAccounts: EXAMPLE_GCP_ACCOUNTS.filter((m) => !m.includes("alice")) });
    const a = await open(w, "alice", "Storage logs", { [A]: azureRequest(["ticket: INC-4711"], "2h") });
    await approveAndMerge(w, a);
    w.h.clock.set(at("09:00"));
    const ext = await open(w, "alice", "Extend", { [A]: azureRequest(["ticket: INC-4711"], "3h") });
    await approveAndMerge(w, ext);
    w.h.clock.set(at("09:10"));
    const b = await open(w, "alice", "Second", { [B]: azureRequest(["ticket: INC-4712"], "2h").replace("role: Reader", "role: Contributor") });
    await approveAndMerge(w, b);
    w.h.clock.set(at("09:40"));
    await w.h.github.as("alice").comment(ACCESS_REPO, b, "/revoke");
    await w.settle();
    w.h.clock.set(at("09:50"));
    const c = await open(w, "alice", "No approval", { [C]: azureRequest(["ticket: INC-4713"], "1h") });
    await approveAndMerge(w, c, false);
    w.h.clock.set(at("10:00"));
    const d = await open(w, "alice", "DB", { [D]: gcpRequest([], "2h").replace("INC-4711", "INC-4714").replace("INC-4711", "INC-4714") });
    await approveAndMerge(w, d);
    const waiting = await open(w, "dave", "Waiting", { "requests/azure/dave-inc-9.yaml": azureRequest(["ticket: INC-9"], "1h") });
    w.h.clock.set(at("10:30"));

    const status = await cli(w, "status", []);
    expect(status.code).toBe(0);
    expect(status.out).toBe(
      [
        "Access through acme/access at 2026-11-24T10:30:00Z",
        "",
        `${ALICE_OID}:`,
        `  azure Reader on ${RG} until 2026-11-24T11:00:00Z (in 30 minutes), #${a} extended by #${ext}, requested by alice, approved by bob`,
        `  (not active) ${D}: the grant failed at 2026-11-24T10:00:00Z (gcp grant: GCP has no user alice@acme.example (GCP said: User alice@acme.example does not exist.): check the member in identities.yaml; nothing was granted on projects/payments-prod); the app tries again at each reconcile until 2026-11-24T12:00:00Z`,
        "",
        "Waiting for approval:",
        `  #${waiting} by dave, open for 30 minutes: Waiting for @acme/sre`,
        "",
      ].join("\n"),
    );
    w.h.clock.set(at("11:00"));
    await w.settle();
    w.h.clock.set(at("12:00"));
    await w.settle();

    // Another app on the repo writes a check run of the same name claiming carol approved the unapproved merge: not the app's record.
    const gh = await installationClient(w.h.github);
    const refusedMerge = (await gh.rest.pulls.get({ owner, repo, pull_number: c })).data.merge_commit_sha ?? "";
    const [real] = (await readGrantRecord(gh, { owner, repo }, refusedMerge, w.h.github.app.appId)).decisions;
    const forger = w.h.github.installAnotherApp("ci", 777);
    await forger.rest.checks.create({ owner, repo, name: GRANT_CHECK, head_sha: refusedMerge, status: "completed", conclusion: "success", output: { title: "ok", summary: "ok", text: renderDecisions([{ ...(real as DecisionRecord), outcome: "granted", approvers: ["carol"] }]) } });

    const csv = await cli(w, "audit", ["--format", "csv"]);
    expect([csv.code, csv.err]).toEqual([0, expect.stringMatching(/trusting only the records of app 4242 \(access-pr\[bot\]\): identified by GitHub \(GET \/app\)[\s\S]*5 rows from 5 recorded merges; \d+ GitHub API calls/)]);
    expect(csv.out.split("\r\n")[0]).toBe(AUDIT_COLUMNS.join(","));
    const rows = csvRows(csv.out);
    const pick = (r: Record<string, string>) => [r.request_pr, r.version_pr, r.path, r.provider, r.role, r.requested_start, r.requested_end, r.granted_at, r.ended_at, r.end, r.ended_by, r.approvers, r.ticket, r.revert_pr];
    expect(rows.map(pick)).toEqual([
      [`${a}`, `${a}`, A, "azure", "Reader", at("08:00"), at("10:00"), at("08:00"), at("09:00"), "extended", `#${ext}`, "bob", "INC-4711", ""],
      [`${a}`, `${ext}`, A, "azure", "Reader", at("08:00"), at("11:00"), at("09:00"), at("11:00"), "expired", "", "bob", "INC-4711", "9"],
      [`${b}`, `${b}`, B, "azure", "Contributor", at("09:10"), at("11:10"), at("09:10"), at("09:40"), "revoked", "alice", "bob", "INC-4712", "4"],
      [`${c}`, `${c}`, C, "azure", "Reader", at("09:50"), at("10:50"), "", at("09:50"), "not-granted", "", "", "INC-4713", "6"],
      [`${d}`, `${d}`, D, "gcp", "roles/cloudsql.client", at("10:00"), at("12:00"), "", at("12:00"), "failed", "", "bob", "INC-4714", "10"],
    ]);
    expect(rows.every((r) => r.requester === "alice" && /^INC-471\d: payments export failing, need/.test(r.reason ?? ""))).toBe(true);
    expect(rows[0]?.principal).toBe(ALICE_OID);
    expect(rows[1]?.policy_commit).toBe(rows[0]?.merge_commit);
    expect(rows[3]?.how_ended).toMatch(/^nothing was granted: pull request #5: it was merged without valid approval/);

    const held = async (args: string[]) => csvRows((await cli(w, "audit", ["--format", "csv", ...args])).out).map((r) => r.version_pr);
    expect(await held(["--at", at("09:30")])).toEqual([`${ext}`, `${b}`]);
    expect(await held(["--at", at("08:59")])).toEqual([`${a}`]);
    expect(await held(["--role", "Contributor"])).toEqual([`${b}`]);
    expect(await held(["--principal", "USER:alice@acme.example"])).toEqual([`${d}`]);
    expect(await held(["--from", at("09:45"), "--to", at("10:30")])).toEqual([`${ext}`, `${c}`, `${d}`]);
    expect(await held(["--requester", "dave"])).toEqual([]);

    const json = JSON.parse((await cli(w, "audit", ["--format", "json", "--at", at("09:30")])).out) as { rows: { approvers: string[]; ended_by: string | null }[] };
    expect(json.rows.map((r) => [r.approvers, r.ended_by])).toEqual([[["bob"], null], [["bob"], "alice"]]);

    // A plain token says nothing about which app wrote what: the app must be named, and the report says how.
    const auditor = w.h.github.createUser("auditor");
    const noApp = await cli(w, "audit", [], { APP_ID: "", GITHUB_TOKEN: auditor.token });
    expect([noApp.code, noApp.err]).toEqual([2, expect.stringContaining("with a plain GITHUB_TOKEN nothing says which app's records to trust")]);
    const named = await cli(w, "audit", ["--app-id", "4242", "--bot-login", "access-pr[bot]", "--format", "csv"], { APP_ID: "", GITHUB_TOKEN: auditor.token });
    expect(named.err).toContain("trusting only the records of app 4242 (access-pr[bot]): app id and bot login as given (--app-id), read with a plain token");
    expect(named.out).toBe(csv.out);
    // Naming the forger's app trusts only its record, and the real app's refusals are not in it.
    const forged = await cli(w, "audit", ["--app-id", "777", "--bot-login", "ci[bot]", "--format", "csv"], { APP_ID: "", GITHUB_TOKEN: auditor.token });
    expect(forged.code).toBe(1);
    expect(csvRows(forged.out).map((r) => [r.version_pr, r.end, r.approvers])).toEqual([
      [`${a}`, "unknown", ""],
      [`${ext}`, "unknown", ""],
      [`${b}`, "unknown", ""],
      [`${c}`, "removed", "carol"],
      [`${d}`, "unknown", ""],
    ]);

    const text = await cli(w, "audit", ["--at", at("09:30")]);
    expect(text.out.split("\n").slice(2, 5).map((l) => l.replace(/ +/g, " "))).toEqual([
      "PR requester principal role on scope approved by granted ended how",
      `#${a}/#${ext} alice ${ALICE_OID} azure Reader on ${RG} bob 2026-11-24T09:00:00Z 2026-11-24T11:00:00Z expired revert #9`,
      `#${b} alice ${ALICE_OID} azure Contributor on ${RG} bob 2026-11-24T09:10:00Z 2026-11-24T09:40:00Z revoked by alice revert #4`,
    ]);

    // The record survives the end: the final plan comment and the grant check still name the approvers, and the request PR is labelled.
    const plan = (await w.h.comments(a)).find((cm) => cm.body.startsWith("<!-- access-pr:plan -->"))?.body ?? "";
    expect(plan).toContain("**Ended.**");
    expect(plan).toContain("Approved by @bob.");
    const firstMerge = (await gh.rest.pulls.get({ owner, repo, pull_number: a })).data.merge_commit_sha ?? "";
    expect((await w.h.checkRun(firstMerge, GRANT_CHECK))?.output.summary).toContain("Approved by bob.");
    expect((await gh.rest.issues.get({ owner, repo, issue_number: a })).data.labels.map((l) => (typeof l === "string" ? l : l.name))).toEqual(["access-request"]);
  }, SLOW);
});
