// GitHub logins and service identities live in separate namespaces; logins compare case-insensitively everywhere.
import { describe, expect, it } from "vitest";
import { loadAccessConfig } from "../../src/model/access-config.js";
import { evaluateRequest } from "../../src/model/evaluate.js";
import type { Requester } from "../../src/model/evaluate.js";
import { formatProblem } from "../../src/model/problem.js";
import { parseRequest } from "../../src/model/request-file.js";
import { exampleFiles, NOW } from "./example-config.js";

const IDS = "access-policies/identities.yaml";
const BATCH = ['reason: "INC-4711: rerun the payments batch export"', "ticket: INC-4711", "duration: 1d", "principal: svc-payments-batch", "grants:", "  - provider: gcp", "    scope: projects/payments-prod", "    role: roles/storage.objectViewer", ""];
const OWN = ['reason: "INC-4711: payments export failing, read the DB"', "ticket: INC-4711", "duration: 1h", "grants:", "  - provider: gcp", "    scope: projects/payments-prod", "    role: roles/cloudsql.client", ""];

function evaluate(lines: string[], requester: Requester, identities?: string, path = "requests/gcp/prod/x.yaml", overrides: Record<string, string> = {}) {
  const files = exampleFiles();
  if (identities !== undefined) files.set(IDS, identities);
  for (const [name, text] of Object.entries(overrides)) files.set(name, text);
  const { config, problems } = loadAccessConfig(files);
  expect(problems.map(formatProblem)).toEqual([]);
  const parsed = parseRequest(path, lines.join("\n"));
  if (!parsed.ok) throw new Error(parsed.problems.map(formatProblem).join("\n"));
  const result = evaluateRequest({ request: parsed.request, requester, config, now: NOW });
  return result.status === "allowed" ? result.grants.map((g) => g.principal) : result.problems.map((p) => p.message);
}

describe("identity namespaces", () => {
  it("a GitHub user whose login equals a service identity's key gets nothing from it", () => {
    const attacker = { login: "svc-payments-batch", teams: ["acme/payments-eng"] };
    expect(evaluate(OWN, attacker)).toEqual([
      'grant 1 (gcp roles/cloudsql.client on projects/payments-prod): "svc-payments-batch" has no entry under identities in access-policies/identities.yaml; ask a platform admin to add one',
    ]);
  });

  it("the same login with another case gets nothing either", () => {
    expect(evaluate(OWN, { login: "SVC-Payments-Batch", teams: ["acme/sre"] })[0]).toContain('"SVC-Payments-Batch" has no entry under identities');
  });

  it("a rule with on_behalf_of lets an SRE request for the service identity", () => {
    expect(evaluate(BATCH, { login: "alice", teams: ["acme/payments-eng"] }, undefined, "requests/gcp/service-accounts/batch.yaml")).toEqual(["serviceAccount:payments-batch@payments-prod.iam.gserviceaccount.com"]);
  });

  it("on_behalf_of never resolves to a person's login", () => {
    const policy = String(exampleFiles().get("access-policies/service-accounts.yaml")).replace('principals: ["svc-payments-batch"]', 'principals: ["svc-payments-batch", "bob"]');
    expect(policy).toContain('"bob"]');
    const result = evaluate(BATCH.map((l) => l.replace("principal: svc-payments-batch", "principal: bob")), { login: "alice", teams: ["acme/payments-eng"] }, undefined, "requests/gcp/service-accounts/batch.yaml", { "access-policies/service-accounts.yaml": policy });
    expect(result).toEqual(['"bob" has no entry under service_identities in access-policies/identities.yaml; ask a platform admin to add one'].map((m) => `grant 1 (gcp roles/storage.objectViewer on projects/payments-prod): ${m}`));
  });

  it.each([
    ["the identities entry is Alice, the login alice", "alice", "Alice"],
    ["the identities entry is alice, the login ALICE", "ALICE", "alice"],
  ])("%s: resolves", (_name, login, key) => {
    const text = String(exampleFiles().get(IDS)).replace(/^ {2}alice:$/m, `  ${key}:`);
    expect(evaluate(OWN, { login, teams: ["acme/payments-eng"] }, text)).toEqual(["user:alice@acme.example"]);
  });

  it("a service identity listed twice with different case is refused at file:line", () => {
    const text = `version: 1\nidentities:\n  alice: { gcp: "user:alice@acme.example" }\nservice_identities:\n  svc-a: { gcp: "serviceAccount:a@p.iam.gserviceaccount.com" }\n  SVC-A: { gcp: "serviceAccount:b@p.iam.gserviceaccount.com" }\n`;
    const files = exampleFiles();
    files.set(IDS, text);
    expect(loadAccessConfig(files).problems.map(formatProblem)).toContain(`${IDS}:6:3: service_identities entry "SVC-A" is listed twice (names are case-insensitive, like GitHub logins)`);
  });
});
