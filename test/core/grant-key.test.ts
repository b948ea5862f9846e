import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { grantKey } from "../../src/core/grant-key.js";

const gcp = { provider: "gcp" as const, scope: "projects/payments-prod", role: "roles/cloudsql.client", principal: "user:alice@acme.example" };
const azure = { provider: "azure" as const, scope: "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/payments", role: "Reader", principal: "00000000-0000-0000-0000-0000000000A1" };

describe("grantKey", () => {
  it("is the first 20 hex characters of sha256 over repo, path and target", () => {
    const expected = createHash("sha256")
      .update(["acme/access", "requests/a.yaml", "gcp", "projects/payments-prod", "roles/cloudsql.client", "user:alice@acme.example"].join("\n"))
      .digest("hex")
      .slice(0, 20);
    expect(grantKey("acme/access", "requests/a.yaml", gcp)).toBe(expected);
  });

  it.each([
    ["repo", grantKey("acme/other", "requests/a.yaml", gcp)],
    ["request path", grantKey("acme/access", "requests/b.yaml", gcp)],
    ["role", grantKey("acme/access", "requests/a.yaml", { ...gcp, role: "roles/cloudsql.viewer" })],
    ["principal", grantKey("acme/access", "requests/a.yaml", { ...gcp, principal: "user:bob@acme.example" })],
    ["scope", grantKey("acme/access", "requests/a.yaml", { ...gcp, scope: "projects/payments-dev" })],
  ])("changes with the %s", (_what, key) => {
    expect(key).not.toBe(grantKey("acme/access", "requests/a.yaml", gcp));
  });

  it("ignores case where Azure and GitHub do", () => {
    const lower = { ...azure, scope: azure.scope.toLowerCase(), principal: azure.principal.toLowerCase() };
    expect(grantKey("Acme/Access", "requests/a.yaml", azure)).toBe(grantKey("acme/access", "requests/a.yaml", lower));
  });
});
