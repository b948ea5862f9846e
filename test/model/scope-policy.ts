// A one-rule policy and alice's identity as file contents, for scope tests that vary the rule's scopes.
import { loadAccessConfig } from "../../src/model/access-config.js";
import type { LoadedAccessConfig } from "../../src/model/access-config.js";
import { evaluateRequest } from "../../src/model/evaluate.js";
import type { Evaluation } from "../../src/model/evaluate.js";
import { parseRequest } from "../../src/model/request-file.js";
import type { ParsedRequest } from "../../src/model/request-file.js";

export const SUB = "00000000-0000-0000-0000-000000000001";
export const NOW = new Date("2026-11-24T08:00:00Z");

const IDENTITIES = [
  "version: 1",
  "identities:",
  "  alice:",
  "    gcp: user:alice@acme.example",
  "    azure: { object_id: 00000000-0000-0000-0000-0000000000a1, type: User }",
  "",
].join("\n");

export interface RuleShape {
  provider: "gcp" | "azure";
  scopes: string[];
  roles?: string[];
  maxDuration?: string;
  azureMode?: "pim" | "assignment";
}

export function policyWith(rule: RuleShape): LoadedAccessConfig {
  const policy = [
    "version: 1",
    "rules:",
    "  - name: under-test",
    '    paths: ["requests/**"]',
    `    provider: ${rule.provider}`,
    `    scopes: ${JSON.stringify(rule.scopes)}`,
    `    roles: ${JSON.stringify(rule.roles ?? ["Reader", "roles/cloudsql.client"].filter((r) => (rule.provider === "gcp") === r.startsWith("roles/")))}`,
    "    requesters: { users: [alice] }",
    `    max_duration: ${rule.maxDuration ?? "8h"}`,
    "    default_duration: 10m",
    ...(rule.azureMode ? [`    azure_mode: ${rule.azureMode}`] : []),
    "",
  ].join("\n");
  return loadAccessConfig(new Map([["access-policies/rules.yaml", policy], ["access-policies/identities.yaml", IDENTITIES]]));
}

export function requestFor(provider: "gcp" | "azure", scope: string, role: string, extra: string[] = []): ParsedRequest {
  const text = ['reason: "INC-1: a scope test"', ...extra, "grants:", `  - provider: ${provider}`, `    scope: ${JSON.stringify(scope)}`, `    role: ${JSON.stringify(role)}`, ""].join("\n");
  return parseRequest("requests/scope-test.yaml", text);
}

/** Parse, then evaluate against the policy: what the PR flow decides, without GitHub. */
export function decide(loaded: LoadedAccessConfig, parsed: ParsedRequest): Evaluation | { status: "unparsed"; problems: string[] } {
  if (!parsed.ok) return { status: "unparsed", problems: parsed.problems.map((p) => `${p.line}:${p.column}: ${p.message}`) };
  return evaluateRequest({ request: parsed.request, requester: { login: "alice", teams: [] }, config: loaded.config, now: NOW });
}
