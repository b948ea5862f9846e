/**
 * What GCP IAM (or access-pr's own rules for GCP) would refuse about a grant,
 * found without calling GCP. Pure.
 *
 * @example
 *   validateGcpGrant(spec, clock.now());
 *   // [{ message: "roles/owner is a basic role: access-pr never grants basic roles; request a predefined or custom role" }]
 */
import type { GrantSpec } from "../../core/grant.js";
import type { GrantProblem } from "../provider.js";
import { MAX_KEY } from "./gcp-binding.js";

const BASIC_ROLES = new Set(["roles/owner", "roles/editor", "roles/viewer"]);
const SCOPE = /^(projects\/[a-z][a-z0-9-]{4,28}[a-z0-9]|folders\/[0-9]{1,20}|organizations\/[0-9]{1,20})$/;
const ROLE = /^(roles\/[A-Za-z0-9_.]+|(projects\/[a-z][a-z0-9-]{4,28}[a-z0-9]|organizations\/[0-9]{1,20})\/roles\/[A-Za-z0-9_.]+)$/;
const EMAIL = /^[^@\s:]+@[^@\s:]+\.[^@\s:]+$/;
const DOMAIN = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i;
/** Longer windows are almost always a typo (days for hours) and would leave access far past the incident. */
export const DEFAULT_MAX_WINDOW_MS = 31 * 24 * 60 * 60 * 1000;

export function validateGcpGrant(spec: GrantSpec, now: Date, maxWindowMs = DEFAULT_MAX_WINDOW_MS): GrantProblem[] {
  const problems: string[] = [];
  if (spec.provider !== "gcp") problems.push(`provider is "${spec.provider}", not "gcp"`);
  if (!SCOPE.test(spec.scope)) {
    problems.push(`scope "${spec.scope}" is not a GCP resource: write projects/PROJECT_ID (the id, not the number or name), folders/NUMBER or organizations/NUMBER`);
  }
  if (BASIC_ROLES.has(spec.role)) {
    problems.push(`${spec.role} is a basic role: access-pr never grants basic roles (and IAM allows no expiry condition on them); request a predefined or custom role`);
  } else if (!ROLE.test(spec.role)) {
    problems.push(`role "${spec.role}" is not a GCP role name: write roles/NAME, projects/ID/roles/NAME or organizations/N/roles/NAME`);
  }
  problems.push(...principalProblems(spec.principal));
  problems.push(...windowProblems(spec, now, maxWindowMs));
  if (spec.key.length === 0 || spec.key.length > MAX_KEY || !/^[A-Za-z0-9._:/-]+$/.test(spec.key)) {
    problems.push(`grant key "${spec.key}" must be 1 to ${MAX_KEY} characters of letters, digits and . _ : / - so it fits the IAM condition title`);
  }
  return problems.map((message) => ({ message }));
}

function principalProblems(principal: string): string[] {
  if (principal === "allUsers" || principal === "allAuthenticatedUsers") {
    return [`${principal} means everyone: access-pr never grants to allUsers or allAuthenticatedUsers`];
  }
  const [kind, ...rest] = principal.split(":");
  const value = rest.join(":");
  const ok =
    ((kind === "user" || kind === "group" || kind === "serviceAccount") && EMAIL.test(value)) ||
    (kind === "domain" && DOMAIN.test(value)) ||
    principal.startsWith("principal://") ||
    principal.startsWith("principalSet://");
  if (ok) return [];
  return [`principal "${principal}" is not a GCP IAM member: write user:EMAIL, group:EMAIL, serviceAccount:EMAIL, domain:DOMAIN or a principal:// identifier`];
}

function windowProblems(spec: GrantSpec, now: Date, maxWindowMs: number): string[] {
  const start = spec.window.start.getTime();
  const end = spec.window.end.getTime();
  if (Number.isNaN(start) || Number.isNaN(end)) return ["the window has an invalid start or end time"];
  if (end <= start) return [`the window ends (${spec.window.end.toISOString()}) before it starts (${spec.window.start.toISOString()})`];
  const problems: string[] = [];
  if (end <= now.getTime()) problems.push(`the window already ended at ${spec.window.end.toISOString()}; nothing would be granted`);
  if (end - start > maxWindowMs) {
    problems.push(`the window lasts ${Math.round((end - start) / 3_600_000)} hours, more than the ${Math.round(maxWindowMs / 3_600_000)} hours access-pr grants on GCP at once`);
  }
  return problems;
}
