import { describe, expect, it } from "vitest";
import { planReconcile } from "../../src/lifecycle/plan-reconcile.js";
import type { LifecycleAction } from "../../src/lifecycle/types.js";
import { T, backed, held, spec, unbacked } from "./fixtures.js";

const A = "requests/gcp/alice.yaml";
const B = "requests/gcp/bob.yaml";

function kinds(actions: LifecycleAction[]): string[] {
  return actions.map((a) => (a.kind === "grant" ? `grant ${a.path}` : a.kind === "revoke" ? `revoke ${a.held.key} (${a.why})` : `revert ${a.files.map((f) => `${f.path}:${f.why}`).join(",")}`));
}

describe("planReconcile", () => {
  const a = backed(A);
  const aSpec = a.specs[0]!;

  it.each([
    ["in its window and missing: grant", "09:00", [a], [], [`grant ${A}`], T("10:00")],
    ["in its window and held: nothing", "09:00", [a], [held(aSpec)], [], T("10:00")],
    ["held with an older end (extension merged): grant again", "09:00", [a], [held(aSpec, T("09:30"))], [`grant ${A}`], T("10:00")],
    ["held where the cloud does not know the end: nothing", "09:00", [a], [held(aSpec, undefined)], [], T("10:00")],
    ["window ended and held: revoke, then revert", "10:00", [a], [held(aSpec)], [`revoke ${aSpec.key} (expired)`, `revert ${A}:expired`], undefined],
    ["window ended, already revoked: revert only", "11:00", [a], [], [`revert ${A}:expired`], undefined],
    ["held but nothing on main backs it: drift revoke", "09:00", [], [held(aSpec)], [`revoke ${aSpec.key} (drift)`], undefined],
    ["unbacked file: revoke what is held and revert", "09:00", [unbacked(A, "merged without valid approval", 3)], [held(aSpec)], [`revoke ${aSpec.key} (unbacked)`, `revert ${A}:unbacked`], undefined],
  ])("%s", (_name, now, requests, heldGrants, expected, nextWake) => {
    const plan = planReconcile({ now: T(now), requests, held: heldGrants });
    expect(kinds(plan.actions)).toEqual(expected);
    expect(plan.nextWake).toEqual(nextWake);
  });

  it("batches everything that ended into one revert, sorted by path", () => {
    const b = backed(B, { start: T("08:00"), end: T("09:00") });
    const plan = planReconcile({ now: T("10:30"), requests: [a, b], held: [] });
    expect(plan.actions).toEqual([
      {
        kind: "revert",
        files: [
          { path: A, pr: 1, why: "expired", detail: "window ended at 2026-11-24 10:00 UTC" },
          { path: B, pr: 1, why: "expired", detail: "window ended at 2026-11-24 09:00 UTC" },
        ],
      },
    ]);
  });

  it("grants every grant of a request together, even when only one is missing (all or nothing)", () => {
    const gcp = spec(A);
    const azure = spec(A, { provider: "azure", scope: "/subscriptions/x", role: "Reader", principal: "oid", azureMode: "pim" });
    const request = backed(A, undefined, [gcp, azure]);
    const plan = planReconcile({ now: T("09:00"), requests: [request], held: [held(gcp)] });
    expect(plan.actions).toEqual([{ kind: "grant", path: A, pr: 1, specs: [gcp, azure] }]);
  });

  it.each([
    ["gcp enforces the start itself: granted ahead", spec(A, { window: { start: T("12:00"), end: T("14:00") } }), [`grant ${A}`], T("14:00")],
    ["Azure PIM enforces the start itself: granted ahead", spec(A, { provider: "azure", azureMode: "pim", window: { start: T("12:00"), end: T("14:00") } }), [`grant ${A}`], T("14:00")],
    ["a plain Azure assignment waits for the start", spec(A, { provider: "azure", azureMode: "assignment", window: { start: T("12:00"), end: T("14:00") } }), [], T("12:00")],
  ])("start in the future: %s", (_name, s, expected, nextWake) => {
    const plan = planReconcile({ now: T("09:00"), requests: [backed(A, s.window, [s])], held: [] });
    expect(kinds(plan.actions)).toEqual(expected);
    expect(plan.nextWake).toEqual(nextWake);
  });

  it("wakes at the earliest end still ahead", () => {
    const b = backed(B, { start: T("08:00"), end: T("09:15") });
    expect(planReconcile({ now: T("09:00"), requests: [a, b], held: [] }).nextWake).toEqual(T("09:15"));
  });

  describe("a revert waits up to revertBatchMs for windows that end soon after; revocation never waits", () => {
    const C = "requests/gcp/carol.yaml";
    const at = (hhmmss: string) => new Date(`2026-11-24T${hhmmss}Z`);
    const ending = (path: string, end: string) => backed(path, { start: T("08:00"), end: at(end) });
    const MIN = 60_000;
    it.each([
      ["another ends 30 s later: revoke now, revert later, wake at that end", "10:00:00", [ending(A, "10:00:00"), ending(B, "10:00:30")], [`revoke key:${A}:gcp (expired)`], at("10:00:30")],
      ["the last of the batch ended: one revert of both", "10:00:30", [ending(A, "10:00:00"), ending(B, "10:00:30")], [`revoke key:${A}:gcp (expired)`, `revoke key:${B}:gcp (expired)`, `revert ${A}:expired,${B}:expired`], undefined],
      ["the next end is further than the batch: revert now", "10:00:00", [ending(A, "10:00:00"), ending(B, "10:01:01")], [`revoke key:${A}:gcp (expired)`, `revert ${A}:expired`], at("10:01:01")],
      ["ends keep coming: the revert waits no longer than the batch after the first end", "10:01:00", [ending(A, "10:00:00"), ending(B, "10:00:40"), ending(C, "10:01:30")], [`revoke key:${A}:gcp (expired)`, `revoke key:${B}:gcp (expired)`, `revert ${A}:expired,${B}:expired`], at("10:01:30")],
      ["before that deadline it waits, and wakes at the deadline at the latest", "10:00:40", [ending(A, "10:00:00"), ending(B, "10:00:40"), ending(C, "10:01:30")], [`revoke key:${A}:gcp (expired)`, `revoke key:${B}:gcp (expired)`], at("10:01:00")],
    ])("%s", (_name, now, requests, expected, nextWake) => {
      const plan = planReconcile({ now: at(now), requests, held: requests.flatMap((r) => r.specs.map((x) => held(x))), revertBatchMs: MIN });
      expect(kinds(plan.actions)).toEqual(expected);
      expect(plan.nextWake).toEqual(nextWake);
    });

    it("an unbacked file is reverted at once, with what ended", () => {
      const b = ending(B, "10:00:30");
      const plan = planReconcile({ now: at("10:00:00"), requests: [ending(A, "10:00:00"), b, unbacked(C, "pushed directly", 3)], held: b.specs.map((x) => held(x)), revertBatchMs: MIN });
      expect(kinds(plan.actions)).toEqual([`revert ${A}:expired,${C}:unbacked`]);
    });
  });
});
