/**
 * Policy evaluation as a pure function: a parsed request, who asks, the
 * base branch's policies and identities, and "now" in; the grants a merge
 * would make (each with the rule that allowed it) or every reason it must not.
 */
import { addMilliseconds, max as latest } from "date-fns";
import type { ProviderName, Window } from "../core/grant.js";
import { isAzurePrivilegedRole, refusedDuration, refusedRole } from "./global-refusals.js";
import { matchGlob } from "./glob.js";
import type { Problem } from "./problem.js";
import { compareProblems } from "./problem.js";
import { checkRule, resolvePrincipal } from "./rule-checks.js";
import type { AccessConfig, AccessRequest, ApproverRequirement, AzureMode, AzurePrincipalType, RequestedGrant, Rule } from "./types.js";

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

export interface PlannedGrant {
  /** Index of the grant within the request file. */
  index: number;
  rule: string;
  provider: ProviderName;
  scope: string;
  role: string;
  /** gcp IAM member or azure object id; null only when no requester was given. */
  principal: string | null;
  /** The identities.yaml name the principal came from. */
  principalName: string | null;
  principalType?: AzurePrincipalType;
  azureMode?: AzureMode;
  /** True for Azure Owner / User Access Administrator, which the matching rule names explicitly. */
  privilegedRoleAllowed: boolean;
  window: Window;
  durationMs: number;
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
    const outcome = evaluateGrant(input, grant, index);
    if ("problems" in outcome) problems.push(...outcome.problems);
    else grants.push(outcome.grant);
  });
  const unique = dedupe(problems);
  if (unique.length > 0) return { status: "refused", problems: unique, requesterChecked };
  const approvals = [...new Map(grants.flatMap((g) => (g.approvers ? [[g.rule, g.approvers] as const] : []))).values()];
  return { status: "allowed", grants, approvals, requesterChecked };
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

  const refusal = refusedRole(grant.provider, grant.role);
  if (refusal) return { problems: [at(["grants", index, "role"], `${label}: ${refusal}`)] };

  const sameProvider = config.rules.filter((rule) => rule.provider === grant.provider);
  const forScope = sameProvider.filter((rule) => rule.scopes.some((glob) => matchScope(grant.provider, glob, grant.scope)));
  const candidates = forScope.filter((rule) => rule.roles.includes(grant.role));
  if (candidates.length === 0) {
    if (forScope.length > 0) {
      const roles = [...new Set(forScope.flatMap((rule) => rule.roles))].join(", ");
      return { problems: [at(["grants", index, "role"], `${label}: no rule allows role ${grant.role} on ${grant.scope}; roles that can be requested there: ${roles}`)] };
    }
    return { problems: [at(["grants", index, "scope"], `${label}: no rule allows ${grant.provider} access to ${grant.scope}; ask a platform admin to add a rule in access-policies/`)] };
  }

  const placed = candidates.filter((rule) => rule.paths.some((glob) => matchGlob(glob, request.path)));
  if (placed.length === 0) {
    const where = candidates.map((rule) => `${rule.paths.join(" or ")} (rule ${rule.name})`).join("; ");
    return { problems: [at(["grants", index], `${label}: this request file must live under ${where}; move it there so the right code owners review it`)] };
  }

  let best: Problem[] | undefined;
  for (const rule of placed) {
    const failures = checkRule(input, rule, index).map((failure) => at(failure.path, failure.perGrant ? `${label}: ${failure.message}` : failure.message, rule.name));
    const principal = failures.length === 0 ? resolvePrincipal(input, rule, grant, index) : undefined;
    if (principal && "message" in principal) failures.push(at(principal.path, `${label}: ${principal.message}`, rule.name));
    if (failures.length === 0) {
      const planned = plan(input, rule, grant, index, principal && !("message" in principal) ? principal : null);
      const tooShort = refusedDuration(grant.provider, planned.azureMode, planned.durationMs);
      if (!tooShort) return { grant: planned };
      failures.push(at(input.request.durationMs === undefined ? ["grants", index] : ["duration"], `${label}: ${tooShort}`, rule.name));
    }
    if (!best || failures.length < best.length) best = failures;
  }
  return { problems: best ?? [] };
}

function plan(
  input: EvaluationInput,
  rule: Rule,
  grant: RequestedGrant,
  index: number,
  principal: { member: string; name: string; type?: AzurePrincipalType } | null,
): PlannedGrant {
  const durationMs = input.request.durationMs ?? rule.defaultDurationMs ?? rule.maxDurationMs;
  const start = input.request.start ? latest([input.request.start, input.now]) : input.now;
  return {
    index,
    rule: rule.name,
    provider: grant.provider,
    scope: grant.scope,
    role: grant.role,
    principal: principal?.member ?? null,
    principalName: principal?.name ?? null,
    ...(principal?.type ? { principalType: principal.type } : {}),
    ...(rule.azureMode ? { azureMode: rule.azureMode } : {}),
    privilegedRoleAllowed: isAzurePrivilegedRole(grant.provider, grant.role) && rule.roles.includes(grant.role),
    window: { start, end: addMilliseconds(start, durationMs) },
    durationMs,
    approvers: rule.approvers,
  };
}

function matchScope(provider: ProviderName, glob: string, scope: string): boolean {
  // Azure resource ids are case-insensitive; GCP resource names are not.
  return provider === "azure" ? matchGlob(glob.toLowerCase(), scope.toLowerCase()) : matchGlob(glob, scope);
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.sort(compareProblems).filter((problem) => {
    const key = `${problem.line}:${problem.column}:${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

