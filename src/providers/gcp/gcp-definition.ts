/**
 * What access-pr knows about GCP IAM without calling it. Resource names are
 * case-sensitive and project ids are lower-case by definition, so scopes
 * compare exactly. Rules name their projects, folders and organizations one
 * by one: IAM policies are read per resource, so the reconciler must know
 * every resource a rule could have let the app grant on to revoke there.
 *
 * @example
 *   gcpDefinition.roleRefusal("roles/owner"); // "roles/owner is a basic role …"
 *   gcpDefinition.globProblem("projects/payments-*"); // "… name each project …"
 */
import { formatDuration } from "../../core/duration.js";
import { hasWildcard } from "../../model/glob.js";
import type { FieldProblem, GrantDraft, ProviderDefinition } from "../definition.js";
import { gcpGrantFacts } from "./gcp-grant-facts.js";
import { GCP_REVOKE_LIMIT } from "./revoke-limit.js";
import { nonCanonicalMemberProblem } from "./gcp-member.js";

const BASIC_ROLES = ["roles/owner", "roles/editor", "roles/viewer"];
const PUBLIC_MEMBERS = ["allUsers", "allAuthenticatedUsers"];
// Project ids: 6 to 30 lower-case letters, digits and hyphens, starting with a letter, not ending with a hyphen.
const SCOPE = /^(projects\/[a-z][a-z0-9-]{4,28}[a-z0-9]|folders\/[0-9]{1,20}|organizations\/[0-9]{1,20})$/;
const ROLE = /^(roles\/[A-Za-z0-9_.]+|(projects\/[a-z][a-z0-9-]{4,28}[a-z0-9]|organizations\/[0-9]{1,20})\/roles\/[A-Za-z0-9_.]+)$/;
const EMAIL = /^[^@\s:]+@[^@\s:]+\.[^@\s:]+$/;
const DOMAIN = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i;
/** Longer windows are almost always a typo (days for hours) and would leave access far past the incident. */
export const GCP_MAX_WINDOW_MS = 31 * 24 * 60 * 60 * 1000;
const SCOPE_EXAMPLE = "projects/PROJECT_ID (the id, not the number or name), folders/NUMBER or organizations/NUMBER";

export const gcpDefinition: ProviderDefinition<"gcp"> = {
  ...gcpGrantFacts((principal) => gcpDefinition.principalProblem(principal)),
  name: "gcp",
  maxWindowMs: GCP_MAX_WINDOW_MS,
  revokeLimit: GCP_REVOKE_LIMIT,
  accessFix:
    "give the server's service account roles/resourcemanager.projectIamAdmin on it (folderIamAdmin / organizationAdmin for folders and organizations), or a custom role with getIamPolicy and setIamPolicy",

  scopeProblem: (scope) => (SCOPE.test(scope) ? undefined : `scope ${JSON.stringify(scope)} is not a GCP resource: write ${SCOPE_EXAMPLE}`),

  globProblem(glob) {
    if (!hasWildcard(glob)) return gcpDefinition.scopeProblem(glob);
    return `scope ${JSON.stringify(glob)} has a wildcard: name each project, folder or organization (e.g. projects/payments-prod); access-pr reads IAM policies resource by resource, so it could not find and revoke what a wildcard let it grant`;
  },

  matchScope: (glob, scope) => glob === scope,
  scopeKey: (scope) => scope,
  roleRefusal(role) {
    if (!BASIC_ROLES.includes(role)) return undefined;
    return `${role} is a basic role: access-pr never grants basic roles (and IAM allows no expiry condition on them); request a predefined or custom role that covers the task (e.g. roles/cloudsql.client)`;
  },
  namedOnly: () => false,
  principalSpellingProblem: nonCanonicalMemberProblem,

  principalProblem(principal) {
    const bare = principal.replace(/^[a-zA-Z]+:/, "");
    if (PUBLIC_MEMBERS.includes(principal) || PUBLIC_MEMBERS.includes(bare)) {
      return `${principal} means everyone: access-pr never grants to allUsers or allAuthenticatedUsers`;
    }
    const [kind, ...rest] = principal.split(":");
    const value = rest.join(":");
    const ok =
      ((kind === "user" || kind === "group" || kind === "serviceAccount") && EMAIL.test(value)) ||
      (kind === "domain" && DOMAIN.test(value)) ||
      principal.startsWith("principal://") ||
      principal.startsWith("principalSet://");
    if (ok) return undefined;
    return `principal "${principal}" is not a GCP IAM member: write user:EMAIL, group:EMAIL, serviceAccount:EMAIL, domain:DOMAIN or a principal:// identifier`;
  },

  checkGrant(draft: GrantDraft, now: Date): FieldProblem[] {
    const problems: FieldProblem[] = [];
    const scope = gcpDefinition.scopeProblem(draft.scope);
    if (scope) problems.push({ field: "scope", message: scope });
    const refusal = gcpDefinition.roleRefusal(draft.role);
    if (refusal) problems.push({ field: "role", message: refusal });
    else if (!ROLE.test(draft.role)) problems.push({ field: "role", message: `role "${draft.role}" is not a GCP role name: write roles/NAME, projects/ID/roles/NAME or organizations/N/roles/NAME` });
    if (draft.principal !== null) {
      const principal = gcpDefinition.principalProblem(draft.principal);
      if (principal) problems.push({ field: "principal", message: principal });
    }
    problems.push(...windowProblems(draft, now).map((message) => ({ field: "window" as const, message })));
    return problems;
  },

  listingScopes: (glob) => [glob],
};

function windowProblems(draft: GrantDraft, now: Date): string[] {
  const start = draft.window.start.getTime();
  const end = draft.window.end.getTime();
  if (Number.isNaN(start) || Number.isNaN(end)) return ["the window has an invalid start or end time"];
  if (end <= start) return [`the window ends (${draft.window.end.toISOString()}) before it starts (${draft.window.start.toISOString()})`];
  const problems: string[] = [];
  if (end <= now.getTime()) problems.push(`the window already ended at ${draft.window.end.toISOString()}; nothing would be granted`);
  if (end - start > GCP_MAX_WINDOW_MS) {
    problems.push(`the window lasts ${formatDuration(end - start)}, longer than access-pr grants on GCP at once (${formatDuration(GCP_MAX_WINDOW_MS)})`);
  }
  return problems;
}
