import { describe, expect, it } from "vitest";
import { evaluateRequest } from "../../src/model/evaluate.js";
import type { PlannedGrant } from "../../src/model/evaluate.js";
import { toGrantSpec } from "../../src/model/grant-spec.js";
import { parseRequest } from "../../src/model/request-file.js";
import { exampleConfig, NOW } from "./example-config.js";

const origin = { repo: "acme/access", requestPath: "requests/gcp/prod/alice.yaml", pr: 12, requester: "alice", approvers: ["bob"], reason: "INC-4711: payments export is failing", ticket: "INC-4711" };

function planned(duration: string, requester: { login: string; teams: string[] } | null): PlannedGrant {
  const text = `reason: "INC-4711: payments export is failing"\nticket: INC-4711\nduration: ${duration}\ngrants:\n  - provider: gcp\n    scope: projects/payments-prod\n    role: roles/cloudsql.client\n`;
  const parsed = parseRequest(origin.requestPath, text);
  if (!parsed.ok) throw new Error("fixture does not parse");
  const result = evaluateRequest({ request: parsed.request, requester, config: exampleConfig(), now: NOW });
  if (result.status !== "allowed") throw new Error("fixture is refused");
  return result.grants[0] as PlannedGrant;
}

describe("toGrantSpec", () => {
  it("carries target, window, origin and a key that survives an extension", () => {
    const spec = toGrantSpec(planned("2h", { login: "alice", teams: ["acme/payments-eng"] }), origin);
    expect(spec).toEqual({
      provider: "gcp",
      scope: "projects/payments-prod",
      role: "roles/cloudsql.client",
      principal: "user:alice@acme.example",
      window: { start: NOW, end: new Date("2026-11-24T10:00:00Z") },
      key: spec.key,
      origin,
    });
    expect(spec.key).toMatch(/^[0-9a-f]{20}$/);
    expect(toGrantSpec(planned("4h", { login: "alice", teams: ["acme/payments-eng"] }), origin).key).toBe(spec.key);
  });

  it("refuses to build a spec without a principal", () => {
    expect(() => toGrantSpec(planned("2h", null), origin)).toThrow(
      "toGrantSpec: grant 1 of requests/gcp/prod/alice.yaml has no principal; evaluate with a requester before granting",
    );
  });
});
