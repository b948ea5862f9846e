import { describe, expect, it } from "vitest";
import type { GrantSpec } from "../../../src/core/grant.js";
import { validateGcpGrant } from "../../../src/providers/gcp/index.js";

const NOW = new Date("2026-11-24T08:00:00Z");

function spec(overrides: Partial<GrantSpec> = {}): GrantSpec {
  return {
    provider: "gcp",
    scope: "projects/payments-prod",
    role: "roles/cloudsql.client",
    principal: "user:alice@example.com",
    window: { start: NOW, end: new Date("2026-11-24T10:00:00Z") },
    key: "req-1",
    origin: { repo: "acme/access", requestPath: "requests/a.yaml", requester: "alice", approvers: [], reason: "r" },
    ...overrides,
  };
}

describe("validateGcpGrant", () => {
  it.each([
    ["a project", { scope: "projects/payments-prod" }],
    ["a folder", { scope: "folders/123456789012" }],
    ["an organization", { scope: "organizations/987654321" }],
    ["a group", { principal: "group:sre@example.com" }],
    ["a service account", { principal: "serviceAccount:ci@payments-prod.iam.gserviceaccount.com" }],
    ["a domain", { principal: "domain:example.com" }],
    ["a workforce identity", { principal: "principal://iam.googleapis.com/locations/global/workforcePools/p/subject/alice" }],
    ["a custom project role", { role: "projects/payments-prod/roles/dbReader" }],
    ["a custom organization role", { role: "organizations/123/roles/dbReader" }],
    ["a start in the future", { window: { start: new Date("2026-11-25T08:00:00Z"), end: new Date("2026-11-25T10:00:00Z") } }],
  ])("accepts %s", (_name, overrides) => {
    expect(validateGcpGrant(spec(overrides as Partial<GrantSpec>), NOW)).toEqual([]);
  });

  it.each([
    ["roles/owner", { role: "roles/owner" }, "roles/owner is a basic role: access-pr never grants basic roles (and IAM allows no expiry condition on them); request a predefined or custom role that covers the task (e.g. roles/cloudsql.client)"],
    ["roles/viewer", { role: "roles/viewer" }, "roles/viewer is a basic role: access-pr never grants basic roles (and IAM allows no expiry condition on them); request a predefined or custom role that covers the task (e.g. roles/cloudsql.client)"],
    ["a role without roles/", { role: "cloudsql.client" }, 'role "cloudsql.client" is not a GCP role name: write roles/NAME, projects/ID/roles/NAME or organizations/N/roles/NAME'],
    ["allAuthenticatedUsers", { principal: "allAuthenticatedUsers" }, "allAuthenticatedUsers means everyone: access-pr never grants to allUsers or allAuthenticatedUsers"],
    ["a bare email", { principal: "alice@example.com" }, 'principal "alice@example.com" is not a GCP IAM member: write user:EMAIL, group:EMAIL, serviceAccount:EMAIL, domain:DOMAIN or a principal:// identifier'],
    ["user: without an email", { principal: "user:alice" }, 'principal "user:alice" is not a GCP IAM member: write user:EMAIL, group:EMAIL, serviceAccount:EMAIL, domain:DOMAIN or a principal:// identifier'],
    ["a project number with a name", { scope: "projects/Payments Prod" }, 'scope "projects/Payments Prod" is not a GCP resource: write projects/PROJECT_ID (the id, not the number or name), folders/NUMBER or organizations/NUMBER'],
    ["a folder by name", { scope: "folders/payments" }, 'scope "folders/payments" is not a GCP resource: write projects/PROJECT_ID (the id, not the number or name), folders/NUMBER or organizations/NUMBER'],
    ["an Azure scope", { scope: "/subscriptions/x" }, 'scope "/subscriptions/x" is not a GCP resource: write projects/PROJECT_ID (the id, not the number or name), folders/NUMBER or organizations/NUMBER'],
    ["a window already over", { window: { start: new Date("2026-11-24T06:00:00Z"), end: new Date("2026-11-24T07:00:00Z") } }, "the window already ended at 2026-11-24T07:00:00.000Z; nothing would be granted"],
    ["a window ending before it starts", { window: { start: new Date("2026-11-24T10:00:00Z"), end: new Date("2026-11-24T09:00:00Z") } }, "the window ends (2026-11-24T09:00:00.000Z) before it starts (2026-11-24T10:00:00.000Z)"],
    ["a 40-day window", { window: { start: NOW, end: new Date("2027-01-03T08:00:00Z") } }, "the window lasts 40 days, longer than access-pr grants on GCP at once (31 days)"],
    ["a key too long for a condition title", { key: "k".repeat(91) }, `grant key "${"k".repeat(91)}" must be 1 to 90 characters of letters, digits and . _ : / - so it fits the IAM condition title`],
  ])("refuses %s", (_name, overrides, message) => {
    expect(validateGcpGrant(spec(overrides as Partial<GrantSpec>), NOW).map((p) => p.message)).toEqual([message]);
  });
});
