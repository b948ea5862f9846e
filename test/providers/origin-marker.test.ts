import { describe, expect, it } from "vitest";
import type { GrantSpec } from "../../src/core/grant.js";
import { describeAssignment, justification, markerRepo } from "../../src/providers/azure/grant-marker.js";
import { bindingCondition, readOurCondition } from "../../src/providers/gcp/index.js";

const NOW = new Date("2026-11-24T08:00:00Z");
// GitHub's longest names: a 39-character login or owner, a 100-character repository name.
const LONG_LOGIN = "a".repeat(39);
const LONG_REPO = `${"o".repeat(39)}/${"r".repeat(100)}`;

function spec(provider: "gcp" | "azure", repo: string, requester = "alice"): GrantSpec {
  return {
    ...(provider === "gcp" ? { provider, principal: "user:alice@acme.example", scope: "projects/payments-prod", role: "roles/cloudsql.client" } : { provider, principal: "00000000-0000-0000-0000-0000000000a1", scope: "/subscriptions/00000000-0000-0000-0000-000000000001", role: "Reader" }),
    window: { start: NOW, end: new Date("2026-11-24T10:00:00Z") },
    key: "0123456789abcdef0123",
    origin: { repo, requestPath: `requests/${"deep/".repeat(60)}alice.yaml`, pr: 12, requester, approvers: Array.from({ length: 30 }, (_, i) => `approver-${i}`), reason: "x".repeat(600) },
  };
}

describe("the cloud marker names the access repo that made the grant", () => {
  it.each([
    ["a short repo", "acme/access", "alice"],
    ["GitHub's longest owner, repository and login", LONG_REPO, LONG_LOGIN],
  ])("GCP: the condition description carries %s, and reads back", (_name, repo, requester) => {
    expect(readOurCondition(bindingCondition(spec("gcp", repo, requester), NOW))?.repo).toBe(repo);
  });

  it.each([
    ["a short repo", "acme/access"],
    ["GitHub's longest owner and repository", LONG_REPO],
  ])("Azure: the assignment description and the PIM justification carry %s, and read back", (_name, repo) => {
    expect(markerRepo(describeAssignment(spec("azure", repo)))).toEqual({ repo });
    expect(markerRepo(justification(spec("azure", repo)))).toEqual({ repo });
  });

  it.each([
    ["GCP, a description edited by hand", () => readOurCondition({ title: "access-pr:0123", expression: "true", description: "break-glass for alice" })?.repo],
    ["GCP, no description", () => readOurCondition({ title: "access-pr:0123", expression: "true" })?.repo],
    ["Azure, a deactivation justification", () => markerRepo("access-pr:0123 window over or revoked").repo],
    ["Azure, someone else's description", () => markerRepo("acme/access made this by hand").repo],
  ])("names no repo for %s", (_name, read) => {
    expect(read()).toBeUndefined();
  });
});
