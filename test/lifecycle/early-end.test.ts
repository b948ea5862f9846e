import { describe, expect, it } from "vitest";
import { earlyEndOf, withEarlyEnd } from "../../src/lifecycle/early-end.js";
import { addEvent } from "../../src/lifecycle/event-record.js";
import type { LifecycleEvent } from "../../src/lifecycle/event-record.js";
import { T, decision, spec } from "./fixtures.js";

const PATH = "requests/gcp/prod/alice.yaml";
const window = { start: T("08:00"), end: T("10:00") };
const record = { ...decision(PATH, window, [spec(PATH)]), blobSha: "b".repeat(40) };
type Ended = Extract<LifecycleEvent, { kind: "ended" }>;
const revoked = (at: Date, blobSha = record.blobSha, path = PATH): Ended => ({ kind: "ended", path, blobSha, at, how: "revoked", by: "alice", detail: "@alice (the requester) used /revoke" });

describe("an early end recorded for a version", () => {
  it("ends the decision and every grant of that exact version at the recorded moment", () => {
    const ended = withEarlyEnd(record, [revoked(T("08:30"))]);
    expect([ended.window.end, ...ended.grants.map((g) => g.spec.window.end)]).toEqual([T("08:30"), T("08:30")]);
    expect(ended.window.start).toEqual(T("08:00"));
  });

  it("leaves another version, another path, an expiry and a later moment alone", () => {
    for (const events of [[revoked(T("08:30"), "c".repeat(40))], [revoked(T("08:30"), record.blobSha, "requests/other.yaml")], [{ ...revoked(T("08:30")), how: "expired" as const }], [revoked(T("11:00"))], []]) {
      expect(withEarlyEnd(record, events as LifecycleEvent[])).toBe(record);
    }
    expect(earlyEndOf([revoked(T("08:30"))], PATH, "c".repeat(40))).toBeUndefined();
  });

  it("an end recorded before its revert existed learns the revert's number, and nothing else of it changes", () => {
    const first = addEvent([], revoked(T("08:30")));
    const later = addEvent(first, { ...revoked(T("08:31")), how: "expired", detail: "window over", revertPr: 7 });
    expect(later).toEqual([{ ...revoked(T("08:30")), revertPr: 7 }]);
    expect(addEvent(later, { ...revoked(T("08:32")), revertPr: 9 })).toBe(later);
  });
});
