import { describe, expect, it } from "vitest";
import type { LoadedAccessConfig } from "../../src/model/access-config.js";
import type { Identity } from "../../src/model/types.js";
import { markOffboarded } from "../../src/lifecycle/offboarding.js";
import { planReconcile } from "../../src/lifecycle/plan-reconcile.js";
import { T, backed, held, spec } from "./fixtures.js";

const PATH = "requests/gcp/prod/alice-inc-4711.yaml";
const alice: Identity = { name: "alice", gcp: "user:alice@acme.example" };
const loaded = (identities: Identity[], problems: LoadedAccessConfig["problems"] = []): LoadedAccessConfig => ({ config: { rules: [], identities: new Map(identities.map((i) => [i.name.toLowerCase(), i])), serviceIdentities: new Map() }, problems });

describe("offboarding", () => {
  it.each([
    ["still listed", [alice], undefined],
    ["listed with another case", [{ ...alice, name: "Alice" }], undefined],
    ["removed", [], "alice was removed from access-policies/identities.yaml on main (offboarding)"],
    ["now naming another principal", [{ ...alice, gcp: "user:someone@acme.example" }], "alice was removed from access-policies/identities.yaml on main (offboarding)"],
  ])("a grant's identity %s", (_name, identities, expected) => {
    const [request] = markOffboarded([backed(PATH)], loaded(identities), "main");
    expect(request?.status === "backed" ? request.offboarded : "unbacked").toBe(expected);
  });

  it("a grant on behalf of a service identity stays while the service identity is listed, and ends when it is removed", () => {
    const svc: Identity = { name: "svc-batch", gcp: "user:alice@acme.example" };
    const request = { ...backed(PATH) };
    request.decision = { ...request.decision, grants: request.decision.grants.map((g) => ({ ...g, principalName: "svc-batch" })) };
    const withService = (services: Identity[]): LoadedAccessConfig => ({ config: { rules: [], identities: new Map(), serviceIdentities: new Map(services.map((i) => [i.name, i])) }, problems: [] });
    const [kept] = markOffboarded([request], withService([svc]), "main");
    expect(kept?.status === "backed" && kept.offboarded).toBeUndefined();
    const [ended] = markOffboarded([request], withService([]), "main");
    expect(ended?.status === "backed" && ended.offboarded).toBe("svc-batch was removed from access-policies/identities.yaml on main (offboarding)");
  });

  it("a broken identities.yaml offboards nobody", () => {
    const [request] = markOffboarded([backed(PATH)], loaded([], [{ file: "access-policies/identities.yaml", line: 2, column: 1, message: "bad" }]), "main");
    expect(request?.status === "backed" && request.offboarded).toBeUndefined();
  });

  it("an offboarded request is revoked and reverted at once, before its end", () => {
    const [request] = markOffboarded([backed(PATH)], loaded([]), "main");
    const s = spec(PATH, { window: { start: T("08:00"), end: T("10:00") } });
    const plan = planReconcile({ now: T("08:20"), requests: request ? [request] : [], held: [held(s)] });
    expect(plan.actions.map((a) => (a.kind === "revoke" ? `revoke ${a.why}` : a.kind === "revert" ? `revert ${a.files.map((f) => `${f.why}: ${f.detail}`).join()}` : a.kind))).toEqual([
      "revoke offboarded",
      "revert revoked: alice was removed from access-policies/identities.yaml on main (offboarding)",
    ]);
  });
});
