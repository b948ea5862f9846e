import { describe, expect, it } from "vitest";
import type { GrantSpec } from "../../../src/core/grant.js";
import { bindingCondition, readOurCondition } from "../../../src/providers/gcp/index.js";

const NOW = new Date("2026-11-24T08:00:00Z");
const base: GrantSpec = {
  provider: "gcp",
  scope: "projects/payments-prod",
  role: "roles/cloudsql.client",
  principal: "user:alice@example.com",
  window: { start: NOW, end: new Date("2026-11-24T10:00:00.500Z") },
  key: "req-1",
  origin: { repo: "acme/access", requestPath: "requests/a.yaml", requester: "alice", approvers: [], reason: "r" },
};

describe("access-pr's IAM conditions", () => {
  it("keeps milliseconds when the end has them and says when nobody's approval was recorded", () => {
    expect(bindingCondition(base, NOW)).toEqual({
      title: "access-pr:req-1",
      description: "Granted by access-pr for alice from acme/access requests/a.yaml; approved by none recorded",
      expression: 'request.time < timestamp("2026-11-24T10:00:00.500Z")',
    });
  });

  it("cuts a long description to IAM's 256 characters", () => {
    const approvers = Array.from({ length: 40 }, (_, i) => `approver-${i}`);
    const { description } = bindingCondition({ ...base, origin: { ...base.origin, approvers } }, NOW);
    expect(description).toHaveLength(256);
    expect(description.endsWith("…")).toBe(true);
  });

  it("reads back key, origin repo, start and end of its own condition", () => {
    const spec = { ...base, window: { start: new Date("2026-11-24T09:00:00Z"), end: new Date("2026-11-24T11:00:00Z") } };
    expect(readOurCondition(bindingCondition(spec, NOW))).toEqual({ key: "req-1", repo: "acme/access", start: new Date("2026-11-24T09:00:00Z"), end: new Date("2026-11-24T11:00:00Z") });
  });

  it.each([
    ["no condition", null],
    ["someone else's title", { title: "break-glass", expression: 'request.time < timestamp("2026-11-24T10:00:00Z")' }],
    ["the bare prefix", { title: "access-pr:", expression: "true" }],
  ])("does not claim a binding with %s", (_name, condition) => {
    expect(readOurCondition(condition)).toBeUndefined();
  });
});
