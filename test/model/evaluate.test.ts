import { describe, expect, it } from "vitest";
import { loadAccessConfig } from "../../src/model/access-config.js";
import { evaluateRequest } from "../../src/model/evaluate.js";
import type { Evaluation, PlannedGrant, Requester } from "../../src/model/evaluate.js";
import { formatProblem } from "../../src/model/problem.js";
import { parseRequest } from "../../src/model/request-file.js";
import type { AccessConfig, AccessRequest } from "../../src/model/types.js";
import { exampleConfig, exampleFiles, NOW } from "./example-config.js";

const SUB = "/subscriptions/00000000-0000-0000-0000-000000000001";
const alice: Requester = { login: "alice", teams: ["acme/payments-eng"] };
const bob: Requester = { login: "bob", teams: ["acme/sre"] };
const carol: Requester = { login: "carol", teams: ["acme/security"] };
const erin: Requester = { login: "erin", teams: [] };

function request(path: string, lines: string[]): AccessRequest {
  const parsed = parseRequest(path, lines.join("\n") + "\n");
  if (!parsed.ok) throw new Error(parsed.problems.map(formatProblem).join("\n"));
  return parsed.request;
}

function grant(provider: string, scope: string, role: string): string[] {
  return [`  - provider: ${provider}`, `    scope: ${scope}`, `    role: ${role}`];
}

function evaluate(path: string, lines: string[], requester: Requester | null, config: AccessConfig = exampleConfig()): Evaluation {
  return evaluateRequest({ request: request(path, lines), requester, config, now: NOW });
}

function allowed(result: Evaluation): PlannedGrant[] {
  if (result.status !== "allowed") throw new Error(result.problems.map(formatProblem).join("\n"));
  return result.grants;
}

function refusals(result: Evaluation): string[] {
  return result.status === "refused" ? result.problems.map(formatProblem) : [];
}

const prodDb = ['reason: "INC-4711: payments export is failing"', "ticket: INC-4711", "grants:", ...grant("gcp", "projects/payments-prod", "roles/cloudsql.client")];

describe("rule payments-prod-db", () => {
  it("grants a payments engineer their own identity for the default 2 hours from now, with SRE approval", () => {
    const [planned] = allowed(evaluate("requests/gcp/prod/alice.yaml", prodDb, alice));
    expect(planned).toEqual({
      index: 0,
      rule: "payments-prod-db",
      provider: "gcp",
      scope: "projects/payments-prod",
      role: "roles/cloudsql.client",
      principal: "user:alice@acme.example",
      principalName: "alice",
      privilegedRoleAllowed: false,
      window: { start: new Date("2026-11-24T08:00:00Z"), end: new Date("2026-11-24T10:00:00Z") },
      durationMs: 2 * 3_600_000,
      maxDurationMs: 4 * 3_600_000,
      approvers: { rule: "payments-prod-db", users: [], teams: ["acme/sre"], min: 1 },
    });
  });

  it("starts a future window at the requested start and a past one at now", () => {
    const future = allowed(evaluate("requests/gcp/prod/a.yaml", ["start: 2026-11-25T06:00:00+01:00", "duration: 90m", ...prodDb], alice))[0];
    expect(future?.window).toEqual({ start: new Date("2026-11-25T05:00:00Z"), end: new Date("2026-11-25T06:30:00Z") });
    const past = allowed(evaluate("requests/gcp/prod/a.yaml", ["start: 2026-11-24T07:00:00Z", ...prodDb], alice))[0];
    expect(past?.window).toEqual({ start: NOW, end: new Date("2026-11-24T10:00:00Z") });
  });

  it("matches teams and logins case-insensitively, as GitHub does", () => {
    expect(allowed(evaluate("requests/gcp/prod/a.yaml", prodDb, { login: "Alice", teams: ["ACME/Payments-Eng"] }))[0]?.principal).toBe("user:alice@acme.example");
  });

  it("accepts a principal that is the requester's own login", () => {
    expect(allowed(evaluate("requests/gcp/prod/a.yaml", ["principal: alice", ...prodDb], alice))[0]?.principalName).toBe("alice");
  });
});

describe("rule payments-prod-sre", () => {
  it("lets an SRE take an admin role with two approvals from SRE or security", () => {
    const result = evaluate("requests/gcp/prod/bob.yaml", ['reason: "CHG-12: resize the payments database"', "ticket: CHG-12", "duration: 2h", "grants:", ...grant("gcp", "projects/payments-prod", "roles/cloudsql.admin")], bob);
    expect(result.status === "allowed" && result.approvals).toEqual([{ rule: "payments-prod-sre", users: [], teams: ["acme/sre", "acme/security"], min: 2 }]);
  });

  it("refuses a payments engineer, naming who the rule is open to", () => {
    const result = evaluate("requests/gcp/prod/alice.yaml", ['reason: "CHG-12: resize the payments database"', "ticket: CHG-12", "duration: 2h", "grants:", ...grant("gcp", "projects/payments-prod", "roles/cloudsql.admin")], alice);
    expect(refusals(result)).toEqual([
      'requests/gcp/prod/alice.yaml:5:5: grant 1 (gcp roles/cloudsql.admin on projects/payments-prod): alice may not request under rule "payments-prod-sre"; it is open to acme/sre',
    ]);
  });
});

describe("rule payments-dev", () => {
  it("lets a contractor listed by login work on dev for the default 8 hours without a ticket", () => {
    const [planned] = allowed(evaluate("requests/gcp/dev/erin.yaml", ["reason: debugging the export job", "grants:", ...grant("gcp", "projects/payments-dev", "roles/storage.objectAdmin")], erin));
    expect(planned).toMatchObject({ rule: "payments-dev", principal: "user:erin@contractor.example", durationMs: 8 * 3_600_000, approvers: null });
    expect(planned?.window.end).toEqual(new Date("2026-11-24T16:00:00Z"));
  });
});

describe("rule azure-payments-pim", () => {
  it("plans a PIM schedule for the requester's Entra user", () => {
    const [planned] = allowed(evaluate("requests/azure/alice.yaml", ["reason: read the payments storage logs", "grants:", ...grant("azure", `${SUB}/resourceGroups/payments`, "Reader")], alice));
    expect(planned).toMatchObject({ rule: "azure-payments-pim", principal: "00000000-0000-0000-0000-0000000000a1", principalType: "User", azureMode: "pim", privilegedRoleAllowed: false, durationMs: 4 * 3_600_000 });
  });

  it("matches Azure scopes case-insensitively", () => {
    expect(allowed(evaluate("requests/azure/alice.yaml", ["reason: read the payments storage logs", "grants:", ...grant("azure", `${SUB}/resourcegroups/PAYMENTS`, "Reader")], alice))[0]?.rule).toBe("azure-payments-pim");
  });

  it("refuses a contractor without an Entra identity", () => {
    const files = exampleFiles();
    files.set("access-policies/azure.yaml", String(files.get("access-policies/azure.yaml")).replace('requesters: { teams: ["acme/payments-eng", "acme/sre"] }', 'requesters: { users: ["erin"] }'));
    const { config } = loadAccessConfig(files);
    const result = evaluate("requests/azure/erin.yaml", ["reason: read the payments storage logs", "grants:", ...grant("azure", `${SUB}/resourceGroups/payments`, "Reader")], erin, config);
    expect(refusals(result)).toEqual([
      `requests/azure/erin.yaml:3:5: grant 1 (azure Reader on ${SUB}/resourceGroups/payments): "erin" has no azure principal under identities in access-policies/identities.yaml`,
    ]);
  });
});

describe("rule azure-subscription-access-admin", () => {
  const lines = ['reason: "CHG-99: rotate the payments service principal"', "ticket: CHG-99", "duration: 1h", "grants:", ...grant("azure", SUB, "User Access Administrator")];

  it("allows User Access Administrator only because the rule names it, as a plain assignment", () => {
    const [planned] = allowed(evaluate("requests/azure/admin/carol.yaml", lines, carol));
    expect(planned).toMatchObject({ rule: "azure-subscription-access-admin", azureMode: "assignment", privilegedRoleAllowed: true, principal: "00000000-0000-0000-0000-0000000000c0" });
  });

  it("refuses it outside the rule's folder", () => {
    expect(refusals(evaluate("requests/azure/carol.yaml", lines, carol))).toEqual([
      `requests/azure/carol.yaml:5:5: grant 1 (azure User Access Administrator on ${SUB}): this request file must live under requests/azure/admin/** (rule azure-subscription-access-admin); move it there so the right code owners review it`,
    ]);
  });

  it("refuses Azure Owner, which no rule names", () => {
    expect(refusals(evaluate("requests/azure/admin/carol.yaml", [...lines.slice(0, 4), ...grant("azure", SUB, "Owner")], carol))).toEqual([
      `requests/azure/admin/carol.yaml:7:11: grant 1 (azure Owner on ${SUB}): no rule allows role Owner on ${SUB}; roles that can be requested there: User Access Administrator`,
    ]);
  });
});

describe("rule payments-batch-on-behalf", () => {
  const lines = ["reason: nightly export reads the bucket", "ticket: INC-7", "principal: svc-payments-batch", "grants:", ...grant("gcp", "projects/payments-prod", "roles/storage.objectViewer")];

  it("grants the service account, not the requester", () => {
    const [planned] = allowed(evaluate("requests/gcp/service-accounts/batch.yaml", lines, alice));
    expect(planned).toMatchObject({ rule: "payments-batch-on-behalf", principal: "serviceAccount:payments-batch@payments-prod.iam.gserviceaccount.com", principalName: "svc-payments-batch", durationMs: 86_400_000 });
  });

  it("refuses an SRE, who is not among the rule's requesters", () => {
    expect(refusals(evaluate("requests/gcp/service-accounts/batch.yaml", lines, bob))).toEqual([
      'requests/gcp/service-accounts/batch.yaml:5:5: grant 1 (gcp roles/storage.objectViewer on projects/payments-prod): bob may not request under rule "payments-batch-on-behalf"; it is open to acme/payments-eng',
    ]);
  });
});

describe("global refusals", () => {
  it.each(["roles/owner", "roles/editor", "roles/viewer"])("never grants the basic role %s, even when a rule lists it", (role) => {
    const config = exampleConfig();
    const rules = config.rules.map((rule) => (rule.name === "payments-dev" ? { ...rule, roles: [...rule.roles, role] } : rule));
    const result = evaluate("requests/gcp/dev/alice.yaml", ["reason: x", "grants:", ...grant("gcp", "projects/payments-dev", role)], alice, { ...config, rules });
    expect(refusals(result)).toEqual([
      `requests/gcp/dev/alice.yaml:5:11: grant 1 (gcp ${role} on projects/payments-dev): ${role} is a basic role: access-pr never grants basic roles (and IAM allows no expiry condition on them); request a predefined or custom role that covers the task (e.g. roles/cloudsql.client)`,
    ]);
  });

  it.each(["allUsers", "allAuthenticatedUsers"])("never grants to %s, even if an identity maps to it", (member) => {
    const config = exampleConfig();
    const identities = new Map(config.identities);
    identities.set("alice", { name: "alice", gcp: member });
    expect(refusals(evaluate("requests/gcp/prod/alice.yaml", prodDb, alice, { ...config, identities }))).toEqual([
      `requests/gcp/prod/alice.yaml:4:5: grant 1 (gcp roles/cloudsql.client on projects/payments-prod): ${member} means everyone: access-pr never grants to allUsers or allAuthenticatedUsers`,
    ]);
  });
});

describe("requests as a whole", () => {
  it("grants nothing when one grant of several is refused", () => {
    const result = evaluate("requests/gcp/prod/alice.yaml", [...prodDb, ...grant("gcp", "projects/payments-prod", "roles/storage.admin")], alice);
    expect(result.status).toBe("refused");
    expect(refusals(result)).toHaveLength(1);
  });

  it("refuses a request that matches no rule at all", () => {
    expect(refusals(evaluate("requests/gcp/prod/alice.yaml", ["reason: x", "grants:", ...grant("gcp", "folders/123", "roles/browser")], alice))).toEqual([
      "requests/gcp/prod/alice.yaml:4:12: grant 1 (gcp roles/browser on folders/123): no rule allows gcp access to folders/123; ask a platform admin to add a rule in access-policies/",
    ]);
  });

  it("without a requester, checks everything else and leaves the principal open", () => {
    const result = evaluate("requests/gcp/prod/alice.yaml", prodDb, null);
    expect(result).toMatchObject({ status: "allowed", requesterChecked: false });
    expect(allowed(result)[0]?.principal).toBeNull();
  });

  it("reports a request-wide problem once, not once per grant", () => {
    const lines = ["reason: x", "grants:", ...grant("gcp", "projects/payments-prod", "roles/cloudsql.client"), ...grant("gcp", "projects/payments-prod", "roles/cloudsql.viewer")];
    expect(refusals(evaluate("requests/gcp/prod/alice.yaml", lines, alice))).toEqual([
      'requests/gcp/prod/alice.yaml:1:1: rule "payments-prod-db" requires a ticket matching ^(INC|CHG)-[0-9]+$; add a "ticket:" line',
      'requests/gcp/prod/alice.yaml:1:9: reason is 1 character long; rule "payments-prod-db" asks for at least 20 so approvers and auditors understand why',
    ]);
  });
});
