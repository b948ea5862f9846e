/** The checks one rule makes of a request: who asks, for whom, how long, and with what justification. */
import { formatDuration, formatDurationShort } from "../core/duration.js";
import { providerDefinitions } from "../providers/definitions.js";
import { compileLinearPattern } from "./linear-pattern.js";
import type { EvaluationInput } from "./evaluate.js";
import type { Identity, RequestedGrant, RequestField, Rule } from "./types.js";

/** A requested start later than this after "now" is almost certainly a typo. */
export const MAX_START_AHEAD_MS = 30 * 24 * 60 * 60 * 1000;

export interface Failure {
  path: (string | number)[];
  message: string;
  /** True when the failure is about the grant rather than the whole request. */
  perGrant: boolean;
}

export function checkRule(input: EvaluationInput, rule: Rule, index: number): Failure[] {
  const { request, requester } = input;
  const failures: Failure[] = [];
  const named = `rule "${rule.name}"`;

  if (requester) {
    const login = requester.login.toLowerCase();
    const teams = requester.teams === null ? null : new Set(requester.teams.map((team) => team.toLowerCase()));
    const byTeam = teams === null ? rule.requesters.teams.length > 0 : rule.requesters.teams.some((team) => teams.has(team.toLowerCase()));
    const eligible = rule.requesters.users.some((user) => user.toLowerCase() === login) || byTeam;
    if (!eligible) {
      const who = [...rule.requesters.users, ...rule.requesters.teams].join(", ");
      failures.push({ path: ["grants", index], perGrant: true, message: `${requester.login} may not request under ${named}; it is open to ${who}` });
    }
  }

  const refused: ReadonlySet<RequestField> = request.refused?.fields ?? new Set();
  // A refused duration is reported where it is written; the rule's bounds cannot be checked against it.
  const durationMs = refused.has("duration") ? undefined : (request.durationMs ?? rule.defaultDurationMs);
  if (durationMs === undefined && !refused.has("duration")) {
    failures.push({ path: [], perGrant: false, message: `duration is missing and ${named} has no default_duration; add e.g. "duration: ${formatDurationShort(Math.min(rule.maxDurationMs, 2 * 3_600_000))}"` });
  } else if (durationMs !== undefined && durationMs > rule.maxDurationMs) {
    failures.push({
      path: ["duration"],
      perGrant: false,
      message: `duration ${formatDuration(durationMs)} is longer than ${named} allows (at most ${formatDuration(rule.maxDurationMs)}); ask for ${formatDurationShort(rule.maxDurationMs)} or less`,
    });
  }

  if (rule.ticketPattern !== undefined && !refused.has("ticket")) {
    if (request.ticket === undefined) {
      failures.push({ path: [], perGrant: false, message: `${named} requires a ticket matching ${rule.ticketPattern}; add a "ticket:" line` });
    } else if (!ticketMatches(rule.ticketPattern, request.ticket)) {
      failures.push({ path: ["ticket"], perGrant: false, message: `ticket "${request.ticket}" does not match ${rule.ticketPattern}, which ${named} requires` });
    }
  }

  if (!refused.has("reason") && request.reason.trim().length < rule.reasonMinLength) {
    const length = request.reason.trim().length;
    failures.push({ path: ["reason"], perGrant: false, message: `reason is ${length} character${length === 1 ? "" : "s"} long; ${named} asks for at least ${rule.reasonMinLength} so approvers and auditors understand why` });
  }

  if (request.start) {
    const ahead = request.start.getTime() - input.now.getTime();
    if (ahead > MAX_START_AHEAD_MS) {
      failures.push({ path: ["start"], perGrant: false, message: `start is more than 30 days ahead; open the request closer to when you need access` });
    } else if (durationMs !== undefined && request.start.getTime() + durationMs <= input.now.getTime()) {
      failures.push({ path: ["start"], perGrant: false, message: `start ${request.start.toISOString()} plus the duration is already in the past; remove start or move it forward` });
    }
  }
  return failures;
}

/** A pattern that does not compile matches nothing (the policy load reports it at file:line). */
function ticketMatches(pattern: string, ticket: string): boolean {
  const compiled = compileLinearPattern(pattern);
  return compiled.ok && compiled.pattern.test(ticket);
}

export type ResolvedPrincipal = { member: string; name: string; identity: Identity } | { path: (string | number)[]; message: string } | null;

/** The principal a grant is for: the requester's own identity unless the rule allows on-behalf requests (invariant 7). */
export function resolvePrincipal(input: EvaluationInput, rule: Rule, grant: RequestedGrant, index: number): ResolvedPrincipal {
  const { request, requester, config } = input;
  const named = `rule "${rule.name}"`;
  // Whose principal it is cannot be known from a refused principal field.
  if (request.refused?.fields.has("principal")) return null;
  const onBehalf = request.principal !== undefined && request.principal.toLowerCase() !== requester?.login.toLowerCase();
  let name: string;
  let path: (string | number)[];
  if (onBehalf) {
    const principal = request.principal as string;
    path = ["principal"];
    if (!rule.onBehalfOf) return { path, message: `${named} does not allow requesting on behalf of "${principal}"; remove principal to request for yourself` };
    if (rule.principals && !rule.principals.some((p) => p.toLowerCase() === principal.toLowerCase())) {
      return { path, message: `${named} allows requesting on behalf of ${rule.principals.join(", ")} only, not "${principal}"` };
    }
    name = principal;
  } else if (requester) {
    name = requester.login;
    path = ["grants", index];
  } else {
    return null;
  }

  // A login never resolves to a service identity, nor a requested principal to a person's login: separate namespaces.
  const section = onBehalf ? "service_identities" : "identities";
  const identity = (onBehalf ? config.serviceIdentities : config.identities).get(name.toLowerCase());
  if (!identity) return { path, message: `"${name}" has no entry under ${section} in access-policies/identities.yaml; ask a platform admin to add one` };
  const principal = providerDefinitions[grant.provider].principalOf(identity);
  if (!principal) return { path, message: `"${name}" has no ${grant.provider} principal under ${section} in access-policies/identities.yaml` };
  if (principal.refusal) return { path, message: principal.refusal };
  return { member: principal.member, name: identity.name, identity };
}
