/** One policy file: YAML, then schema, then the meaning of each rule. */
import { formatDuration, formatDurationShort, parseDuration } from "../core/duration.js";
import type { ProviderName } from "../core/grant.js";
import { providerDefinitions } from "../providers/definitions.js";
import { compileLinearPattern } from "./linear-pattern.js";
import type { Problem } from "./problem.js";
import { checkSchema } from "./schema-check.js";
import type { AzureMode, Rule } from "./types.js";
import type { Locate, PathSegment } from "./yaml-source.js";
import { readYaml } from "./yaml-source.js";

interface RawPeople {
  users?: string[];
  teams?: string[];
}
interface RawRule {
  name: string;
  description?: string;
  paths: string[];
  provider: ProviderName;
  scopes: string[];
  roles: string[];
  requesters: RawPeople;
  approvers?: RawPeople & { min: number };
  max_duration: string;
  default_duration?: string;
  require?: { ticket?: string; reason_min_length?: number };
  on_behalf_of?: boolean;
  principals?: string[];
  azure_mode?: AzureMode;
}

export interface PolicyFile {
  rules: Rule[];
  problems: Problem[];
}

/**
 * @example
 *   const { rules, problems } = parsePolicyFile("access-policies/gcp.yaml", text);
 */
export function parsePolicyFile(file: string, content: string | Uint8Array): PolicyFile {
  const source = readYaml(file, content);
  if (!source.ok) return { rules: [], problems: source.problems };
  const schemaProblems = checkSchema("policy", file, source.value, source.locate);
  if (schemaProblems.length > 0) return { rules: [], problems: schemaProblems };

  const raw = source.value as { rules: RawRule[] };
  const problems: Problem[] = [];
  const rules = raw.rules.map((rule, index) => normaliseRule(file, rule, index, source.locate, problems));
  return { rules: problems.length > 0 ? [] : rules, problems };
}

function normaliseRule(file: string, raw: RawRule, index: number, locate: Locate, problems: Problem[]): Rule {
  const at = (path: PathSegment[], message: string, part: "key" | "value" = "value"): void => {
    problems.push({ file, ...locate(["rules", index, ...path], part), message, rule: raw.name });
  };
  const prefix = `rule "${raw.name}"`;

  const definition = providerDefinitions[raw.provider];
  const max = parseDuration(raw.max_duration);
  if (!max.ok) at(["max_duration"], `max_duration: ${max.message}`);
  else if (max.ms > definition.maxWindowMs) {
    at(["max_duration"], `${prefix}: max_duration ${raw.max_duration} is longer than access-pr grants on ${raw.provider} at once (${formatDuration(definition.maxWindowMs)}); write ${formatDurationShort(definition.maxWindowMs)} or less`);
  }
  let defaultDurationMs: number | undefined;
  if (raw.default_duration !== undefined) {
    const parsed = parseDuration(raw.default_duration);
    if (!parsed.ok) at(["default_duration"], `default_duration: ${parsed.message}`);
    else if (max.ok && parsed.ms > max.ms) at(["default_duration"], `${prefix}: default_duration ${raw.default_duration} is longer than max_duration ${raw.max_duration}`);
    else defaultDurationMs = parsed.ms;
  }

  const ticket = raw.require?.ticket;
  if (ticket !== undefined) {
    const compiled = compileLinearPattern(ticket);
    if (!compiled.ok) at(["require", "ticket"], `${prefix}: require.ticket is not a pattern access-pr can use: ${compiled.message}`);
  }

  const requesters = { users: raw.requesters.users ?? [], teams: raw.requesters.teams ?? [] };
  if (requesters.users.length + requesters.teams.length === 0) {
    at(["requesters"], `${prefix}: requesters names nobody; list at least one user or team`);
  }

  let approvers: Rule["approvers"] = null;
  if (raw.approvers) {
    const users = raw.approvers.users ?? [];
    const teams = raw.approvers.teams ?? [];
    if (users.length + teams.length === 0) at(["approvers"], `${prefix}: approvers names nobody; list users or teams, or remove approvers to rely on CODEOWNERS alone`);
    else if (teams.length === 0 && raw.approvers.min > users.length) {
      at(["approvers", "min"], `${prefix}: approvers.min is ${raw.approvers.min} but only ${users.length} approver${users.length === 1 ? " is" : "s are"} listed, so no request could ever be approved`);
    }
    approvers = { rule: raw.name, users, teams, min: raw.approvers.min };
  }

  raw.roles.forEach((role, i) => {
    const refusal = definition.roleRefusal(role);
    if (refusal) at(["roles", i], `${prefix}: ${refusal}`);
  });
  raw.scopes.forEach((scope, i) => {
    const problem = definition.globProblem(scope);
    if (problem) at(["scopes", i], `${prefix}: ${raw.provider} ${problem}`);
  });
  if (raw.principals && raw.on_behalf_of !== true) at(["principals"], `${prefix}: principals only applies with on_behalf_of: true`, "key");
  if (raw.azure_mode && raw.provider !== "azure") at(["azure_mode"], `${prefix}: azure_mode only applies to provider azure`, "key");

  const position = locate(["rules", index, "name"]);
  return {
    name: raw.name,
    ...(raw.description === undefined ? {} : { description: raw.description }),
    file,
    line: position.line,
    column: position.column,
    paths: raw.paths,
    provider: raw.provider,
    scopes: raw.scopes,
    roles: raw.roles,
    requesters,
    approvers,
    maxDurationMs: max.ok ? max.ms : 0,
    ...(defaultDurationMs === undefined ? {} : { defaultDurationMs }),
    ...(ticket === undefined ? {} : { ticketPattern: ticket }),
    reasonMinLength: raw.require?.reason_min_length ?? 1,
    onBehalfOf: raw.on_behalf_of === true,
    ...(raw.principals ? { principals: raw.principals } : {}),
    ...(raw.provider === "azure" ? { azureMode: raw.azure_mode ?? "pim" } : {}),
  };
}
