import { describe, expect, it } from "vitest";
import { boundExtension } from "../../src/evaluate/extension-window.js";
import type { PlannedGrant } from "../../src/model/evaluate.js";
import { parseRequest } from "../../src/model/request-file.js";
import { prodRequest } from "../helpers/requests.js";

const PATH = "requests/gcp/prod/alice-inc-4711.yaml";
const HOUR = 3_600_000;
const T = (hhmm: string) => new Date(`2026-11-24T${hhmm}:00Z`);

function parsed(content: string) {
  const result = parseRequest(PATH, content);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.request;
}

function planned(durationMs: number, start: Date): PlannedGrant {
  return { index: 0, rule: "payments-prod-db", provider: "gcp", scope: "projects/payments-prod", role: "roles/cloudsql.client", principal: "user:alice@acme.example", principalName: "alice", privilegedRoleAllowed: false, window: { start, end: new Date(start.getTime() + durationMs) }, durationMs, maxDurationMs: 4 * HOUR, approvers: null };
}

const previous = { content: Buffer.from(prodRequest()), firstStart: T("08:00") };

describe("an extension is bounded by the request's first start", () => {
  it.each([
    ["extends up to first start + duration, not from now", "4h", T("11:00"), { start: T("08:00"), end: T("12:00") }],
    ["ends earlier", "1h30m", T("09:00"), { start: T("08:00"), end: T("09:30") }],
  ])("%s", (_name, duration, now, window) => {
    const result = boundExtension(parsed(prodRequest([], duration)), previous, [planned(duration === "4h" ? 4 * HOUR : 1.5 * HOUR, now)], now, "main");
    expect("planned" in result && result.planned.map((p) => p.window)).toEqual([window]);
  });

  it("refuses moving start, at the start line", () => {
    const result = boundExtension(parsed(prodRequest(["start: 2026-11-24T11:00:00Z"], "4h")), previous, [planned(4 * HOUR, T("11:00"))], T("11:00"), "main");
    expect("problems" in result && result.problems.map((p) => [p.line, p.column, p.message.slice(0, 46)])).toEqual([[4, 8, "the start of an active request cannot move: it"]]);
  });

  it("refuses dropping a start the active version has", () => {
    const withStart = { content: Buffer.from(prodRequest(["start: 2026-11-24T09:00:00Z"])), firstStart: T("09:00") };
    const result = boundExtension(parsed(prodRequest([], "4h")), withStart, [planned(4 * HOUR, T("09:30"))], T("09:30"), "main");
    expect("problems" in result && result.problems[0]?.message).toMatch(/^the start of an active request cannot move: it has start: 2026-11-24T09:00:00Z on main/);
  });

  it("refuses an extension whose bounded window is already over", () => {
    const result = boundExtension(parsed(prodRequest([], "1h")), previous, [planned(HOUR, T("09:30"))], T("09:30"), "main");
    expect("problems" in result && result.problems.map((p) => [p.line, p.message])).toEqual([
      [3, "this request's window, counted from its first start 2026-11-24 08:00 UTC, ends at 2026-11-24 09:00 UTC, which is already over; an ended request cannot be extended. Ask again in a new request file."],
    ]);
  });

  it("fails closed when the active version or its first merge cannot be read", () => {
    for (const prev of [undefined, { content: null, firstStart: T("08:00") }, { content: previous.content, firstStart: null }]) {
      const result = boundExtension(parsed(prodRequest([], "4h")), prev, [planned(4 * HOUR, T("09:00"))], T("09:00"), "main");
      expect("problems" in result).toBe(true);
    }
  });
});
