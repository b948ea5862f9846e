import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import type { AuditFacts, MergedPullFact } from "../../src/audit/audit-facts.js";
import { buildAuditRows } from "../../src/audit/build-rows.js";
import { filterRows } from "../../src/audit/filter-rows.js";
import { AUDIT_COLUMNS, renderAudit } from "../../src/audit/render-audit.js";
import { instantOf } from "../../src/cli/repo-options.js";
import type { DecisionRecord } from "../../src/lifecycle/decision-record.js";
import { parseEvents, renderEvents } from "../../src/lifecycle/event-record.js";
import type { LifecycleEvent } from "../../src/lifecycle/event-record.js";

const t = (hhmm: string) => new Date(`2026-11-24T${hhmm}:00Z`);
const pull = (number: number, hhmm: string, author = "alice", byApp = false): MergedPullFact => ({ number, author, mergedAt: t(hhmm), mergeCommitSha: `m${number}`, byApp });

function decision(path: string, pr: number, start: string, end: string, reason = "INC-1: read the DB"): DecisionRecord {
  const window = { start: t(start), end: t(end) };
  const origin = { repo: "acme/access", requestPath: path, pr, requester: "alice", approvers: ["bob"], reason, ticket: "INC-1" };
  const spec = { provider: "gcp" as const, scope: "projects/p", role: "roles/cloudsql.client", principal: "user:alice@acme.example", window, key: `${path}#0`, origin };
  return { path, blobSha: `b${pr}`, outcome: "granted", pr, versionPr: pr, requester: "alice", approvers: ["bob"], policySha: `p${pr}`, firstStart: window.start, window, grants: [{ spec, rule: "r", maxDurationMs: 4 * 3_600_000, principalName: "alice" }] };
}

function facts(partial: Partial<AuditFacts>): AuditFacts {
  return { repo: "acme/access", defaultBranch: "main", app: { appId: 1, botLogin: "access-pr[bot]", source: "test" }, now: t("23:00"), records: [], changes: [], onTip: new Set(), ...partial };
}

const granted = (path: string, pr: number, hhmm: string): LifecycleEvent => ({ kind: "granted", path, blobSha: `b${pr}`, at: t(hhmm) });

describe("audit rows from the app's records and git", () => {
  it.each([
    ["a merged pull request by a person removed the file", [{ pull: pull(2, "09:00", "carol"), path: "requests/a.yaml", status: "removed" }], ["removed", "2026-11-24T09:00:00.000Z", "#2 by carol", null]],
    ["the app's revert after the window, with no end recorded", [{ pull: pull(2, "10:05", "access-pr[bot]", true), path: "requests/a.yaml", status: "removed" }], ["expired", "2026-11-24T10:00:00.000Z", null, 2]],
    ["the app's revert before the window's end, with no end recorded", [{ pull: pull(2, "09:00", "access-pr[bot]", true), path: "requests/a.yaml", status: "removed" }], ["unknown", null, null, 2]],
    ["nothing removed it and nothing recorded an end", [], ["unknown", null, null, null]],
  ])("%s", (_name, changes, [end, endedAt, endedBy, revertPr]) => {
    const rows = buildAuditRows(facts({ records: [{ pull: pull(1, "08:00"), decisions: [decision("requests/a.yaml", 1, "08:00", "10:00")], events: [granted("requests/a.yaml", 1, "08:00")], conclusion: "success", completedAt: t("08:00") }], changes }));
    expect(rows.map((r) => [r.end, r.endedAt?.toISOString() ?? null, r.endedBy, r.revertPr])).toEqual([[end, endedAt, endedBy, revertPr]]);
    expect(rows[0]?.grantedAt).toEqual(t("08:00"));
  });

  it("still on main: active, pending or expired by the clock; a merge the app recorded nothing for is listed and never counted as a grant", () => {
    const rows = buildAuditRows(
      facts({
        now: t("09:00"),
        onTip: new Set(["requests/a.yaml", "requests/b.yaml", "requests/c.yaml"]),
        records: [
          { pull: pull(1, "07:00"), decisions: [decision("requests/a.yaml", 1, "07:00", "08:00")], events: [granted("requests/a.yaml", 1, "07:00")], conclusion: "success", completedAt: null },
          { pull: pull(2, "08:00"), decisions: [decision("requests/b.yaml", 2, "08:00", "10:00")], events: [], conclusion: "success", completedAt: t("08:01") },
          { pull: pull(3, "08:30"), decisions: [decision("requests/c.yaml", 3, "11:00", "12:00")], events: [], conclusion: null, completedAt: null },
        ],
        changes: [{ pull: pull(4, "08:45", "mallory"), path: "requests/d.yaml", status: "added" }],
      }),
    );
    expect(rows.map((r) => [r.path, r.end, r.grantedAt?.toISOString() ?? null, r.approvers, r.notes])).toEqual([
      ["requests/a.yaml", "expired", "2026-11-24T07:00:00.000Z", ["bob"], []],
      ["requests/b.yaml", "active", "2026-11-24T08:01:00.000Z", ["bob"], ["granted_at is when the app completed its grant check; the app recorded no grant time"]],
      ["requests/c.yaml", "pending", null, ["bob"], ["the app has recorded no grant yet"]],
      ["requests/d.yaml", "unknown", null, [], [expect.stringMatching(/^no decision of the app's on the merge commit: nothing here shows a grant or an approval/)]],
    ]);
    expect(filterRows(rows, { at: t("08:30") }).map((r) => r.path)).toEqual(["requests/b.yaml"]);
    expect(filterRows(rows, { from: t("06:00"), to: t("07:30") }).map((r) => r.path)).toEqual(["requests/a.yaml"]);
  });

  it("CSV is RFC 4180 and reads back field for field with a CSV parser; requester text cannot become a formula", () => {
    const reason = '=HYPERLINK("http://evil"), "quoted"\r\nsecond line';
    const rows = buildAuditRows(facts({ records: [{ pull: pull(1, "08:00"), decisions: [decision("requests/a.yaml", 1, "08:00", "10:00", reason)], events: [granted("requests/a.yaml", 1, "08:00")], conclusion: "success", completedAt: null }] }));
    const csv = renderAudit(rows, facts({}), "csv");
    expect(csv.endsWith("\r\n")).toBe(true);
    const records = parse(csv, { columns: true }) as Record<string, string>[];
    expect(Object.keys(records[0] ?? {})).toEqual(AUDIT_COLUMNS);
    expect(records.map((r) => [r.reason, r.granted_at, r.requested_end, r.approvers, r.end])).toEqual([[`'${reason}`, "2026-11-24T08:00:00Z", "2026-11-24T10:00:00Z", "bob", "unknown"]]);
  });
});

describe("the app's lifecycle events in the grant check", () => {
  it("read back what was written; a block another hand shaped wrongly yields nothing", () => {
    const events: LifecycleEvent[] = [granted("requests/a.yaml", 1, "08:00"), { kind: "ended", path: "requests/a.yaml", blobSha: "b1", at: t("08:30"), how: "revoked", by: "dave", detail: "@dave used /revoke", revertPr: 4 }];
    expect(parseEvents(`decision…${renderEvents(events)}`)).toEqual(events);
    expect(renderEvents(events)).not.toContain("@dave");
    expect(parseEvents('<!-- access-pr:events v1 -->\n```json\n{"version":1,"events":[{"kind":"ended","path":"x","blobSha":"b","at":"2026-11-24T08:00:00Z","how":"forgiven","detail":"x"}]}\n```')).toEqual([]);
  });
});

describe("times on the command line", () => {
  it.each([["2026-11-24T08:00:00Z", "2026-11-24T08:00:00.000Z"], ["2026-11-24T09:00:00+01:00", "2026-11-24T08:00:00.000Z"], ["2026-10-01", "2026-10-01T00:00:00.000Z"]])("%s is %s", (value, expected) => {
    expect(instantOf("--at", value)?.toISOString()).toBe(expected);
  });
  it.each(["2026-11-24T08:00:00", "yesterday", "2026-13-01"])("%s is refused with how to write it", (value) => {
    expect(() => instantOf("--at", value)).toThrow(/is not a UTC time: write it as 2026-11-24T08:00:00Z/);
  });
});
