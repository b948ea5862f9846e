/**
 * Policy evaluation as a pure function: a parsed request, who asks, the
 * base branch's policies and identities, and "now" in; the grants a merge
 * would make (each with the rule that allowed it) or every reason it must not.
 */
import { addMilliseconds, max as latest } from "date-fns";
import type { ProviderOptions, Window } from "../core/grant.js";
import type { GrantField } from "../providers/definition.js";
import { providerDefinitions } from "../providers/definitions.js";
import { matchGlob } from "./glob.js";
import type { Problem } from "./problem.js";
import { uniqueProblems } from "./problem.js";
import { checkRule, resolvePrincipal } from "./rule-checks.js";
import type { AccessConfig, AccessRequest, ApproverRequirement, Identity, RequestedGrant, Rule } from "./types.js";

export { MAX_START_AHEAD_MS } from "./rule-checks.js";

export interface Requester {
  login: string;
  /**
   * The requester's active team memberships as "org/team"; null when unknown
   * (the offline CLI without --teams): team-based eligibility is then not
   * checked. The app always knows them.
   */
  teams: string[] | null;
}

export interface EvaluationInput {
  request: AccessRequest;
  /** null when unknown (offline CLI without --requester): requester and identity checks are skipped. */
  requester: Requester | null;
  config: AccessConfig;
  /** The evaluation time (PR event or merge time); windows start no earlier. */
  now: Date;
}

/** A grant a merge would make, with its provider's options (e.g. `{ provider: "azure", azureMode: "pim" }`). */
export type PlannedGrant = PlannedFields & ProviderOptions;

export interface PlannedFields {
  /** Index of the grant within the request file. */
  index: number;
  rule: string;
  scope: string;
  role: string;
  /** gcp IAM member or azure object id; null only when no requester was given. */
  principal: string | null;
  /** The identities.yaml name the principal came from. */
  principalName: string | null;
  /** True for a role the provider grants only when the rule names it (Azure Owner, …), and the matching rule does. */
  privilegedRoleAllowed: boolean;
  window: Window;
  durationMs: number;
  /** The rule's max_duration: no sequence of extensions ends later than the first start plus this. */
  maxDurationMs: number;
  approvers: ApproverRequirement | null;
}

export type Evaluation =
  | { status: "allowed"; grants: PlannedGrant[]; approvals: ApproverRequirement[]; requesterChecked: boolean }
  | { status: "refused"; problems: Problem[]; requesterChecked: boolean };

/**
 * @example
 *   const result = evaluateRequest({ request, requester: { login: "alice", teams: ["acme/payments-eng"] }, config, now });
 *   if (result.status === "allowed") result.grants[0].rule; // "payments-prod-db"
 *   else result.problems.map(formatProblem);
 */
export function evaluateRequest(input: EvaluationInput): Evaluation {
  const requesterChecked = input.requester !== null;
  const problems: Problem[] = [];
  const grants: PlannedGrant[] = [];
  input.request.grants.forEach((grant, index) => {
    if (input.request.refused?.grants.has(index)) return;
    const outcome = evaluateGrant(input, grant, index);
    if ("problems" in outcome) problems.push(...outcome.problems);
    else grants.push(outcome.grant);
  });
  const unique = uniqueProblems(problems);
  if (unique.length > 0) return { status: "refused", problems: unique, requesterChecked };
  const approvals = [...new Map(grants.flatMap((g) => (g.approvers ? [[g.rule, g.approvers] as const] : []))).values()];
  return { status: "allowed", grants, approvals, requesterChecked };
}

/** The rules of the grant's provider that cover its scope, and of those the ones that offer its role. */
function rulesFor(config: AccessConfig, grant: RequestedGrant): { forScope: Rule[]; candidates: Rule[] } {
  const definition = providerDefinitions[grant.provider];
  const forScope = config.rules.filter((rule) => rule.provider === grant.provider && rule.scopes.some((glob) => definition.matchScope(glob, grant.scope)));
  return { forScope, candidates: forScope.filter((rule) => rule.roles.includes(grant.role)) };
}

function placedAt(rules: Rule[], path: string): Rule[] {
  return rules.filter((rule) => rule.paths.some((glob) => matchGlob(glob, path)));
}

/**
 * Every rule that can decide this grant of the request file at `path` (its provider, scope, role and
 * the file's place); no other rule's requesters or approvers can matter to it.
 *
 * @example
 *   rulesPlacing(config, "requests/gcp/prod/alice.yaml", { provider: "gcp", scope: "projects/payments-prod", role: "roles/cloudsql.client" });
 *   // [the payments-prod-db rule]
 */
export function rulesPlacing(config: AccessConfig, path: string, grant: RequestedGrant): Rule[] {
  return placedAt(rulesFor(config, grant).candidates, path);
}

function evaluateGrant(input: EvaluationInput, grant: RequestedGrant, index: number): { grant: PlannedGrant } | { problems: Problem[] } {
  const { request, config } = input;
  const at = (path: (string | number)[], message: string, rule?: string): Problem => ({
    file: request.path,
    ...request.locate(path),
    message,
    grant: index,
    ...(rule === undefined ? {} : { rule }),
  });
  const label = `grant ${index + 1} (${grant.provider} ${grant.role} on ${grant.scope})`;

  const definition = providerDefinitions[grant.provider];
  const refusal = definition.roleRefusal(grant.role);
  if (refusal) return { problems: [at(["grants", index, "role"], `${label}: ${refusal}`)] };

  const { forScope, candidates } = rulesFor(config, grant);
  if (candidates.length === 0) {
    if (forScope.length > 0) {
      const roles = [...new Set(forScope.flatMap((rule) => rule.roles))].join(", ");
      return { problems: [at(["grants", index, "role"], `${label}: no rule allows role ${grant.role} on ${grant.scope}; roles that can be requested there: ${roles}`)] };
    }
    return { problems: [at(["grants", index, "scope"], `${label}: no rule allows ${grant.provider} access to ${grant.scope}; ask a platform admin to add a rule in access-policies/`)] };
  }

  const placed = placedAt(candidates, request.path);
  if (placed.length === 0) {
    const where = candidates.map((rule) => `${rule.paths.join(" or ")} (rule ${rule.name})`).join("; ");
    return { problems: [at(["grants", index], `${label}: this request file must live under ${where}; move it there so the right code owners review it`)] };
  }

  let best: Problem[] | undefined;
  for (const rule of placed) {
    const failures = checkRule(input, rule, index).map((failure) => at(failure.path, failure.perGrant ? `${label}: ${failure.message}` : failure.message, rule.name));
    // Who gets the grant and what the provider accepts do not depend on the rule's other checks: report them together.
    const principal = resolvePrincipal(input, rule, grant, index);
    if (principal && "message" in principal) failures.push(at(principal.path, `${label}: ${principal.message}`, rule.name));
    const planned = plan(input, rule, grant, index, principal && !("message" in principal) ? principal : null);
    // The provider's own checks: what passes here is what the provider will accept at merge.
    const refusals = definition
      .checkGrant(planned, input.now)
      .filter((p) => !refusedInput(input, p.field))
      .map((p) => at(fieldPath(input, p.field, index), `${label}: ${p.message}`, rule.name));
    failures.push(...refusals);
    if (failures.length === 0) return { grant: planned };
    if (!best || failures.length < best.length) best = failures;
  }
  return { problems: best ?? [] };
}

function plan(
  input: EvaluationInput,
  rule: Rule,
  grant: RequestedGrant,
  index: number,
  principal: { member: string; name: string; identity: Identity } | null,
): PlannedGrant {
  const durationMs = input.request.durationMs ?? rule.defaultDurationMs ?? rule.maxDurationMs;
  const start = input.request.start ? latest([input.request.start, input.now]) : input.now;
  return {
    ...providerDefinitions[grant.provider].grantOptions(rule, principal?.identity ?? null),
    index,
    rule: rule.name,
    scope: grant.scope,
    role: grant.role,
    principal: principal?.member ?? null,
    principalName: principal?.name ?? null,
    privilegedRoleAllowed: providerDefinitions[grant.provider].namedOnly(grant.role) && rule.roles.includes(grant.role),
    window: { start, end: addMilliseconds(start, durationMs) },
    durationMs,
    maxDurationMs: rule.maxDurationMs,
    approvers: rule.approvers,
  };
}

/** Where a person fixes what the provider refused: the grant's own field, or the request line that set it. */
function fieldPath(input: EvaluationInput, field: GrantField, index: number): (string | number)[] {
  if (field === "scope" || field === "role") return ["grants", index, field];
  if (field === "principal") return input.request.principal === undefined ? ["grants", index] : ["principal"];
  if (input.request.durationMs !== undefined) return ["duration"];
  return input.request.start === undefined ? ["grants", index] : ["start"];
}

/** A provider's objection to a field the request file already got a problem for says nothing new. */
function refusedInput(input: EvaluationInput, field: GrantField): boolean {
  const refused = input.request.refused?.fields;
  if (!refused) return false;
  if (field === "window") return refused.has("duration") || refused.has("start");
  return field === "principal" && refused.has("principal");
}

