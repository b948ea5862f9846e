/**
 * What access-pr knows about Azure RBAC without calling it. ARM compares
 * scopes case-insensitively, so globs match and keys hash on the lower-cased
 * spelling.
 *
 * @example
 *   azureDefinition.scopeProblem("/subscriptions/5f0c…/resourceGroups/payments/providers/../../.."); // "… has a \".\" or \"..\" segment …"
 *   azureDefinition.listingScopes("/subscriptions/5f0c…/resourceGroups/pay*"); // ["/subscriptions/5f0c…"]
 */
import { MAX_DURATION_MS, formatDuration } from "../../core/duration.js";
import { hasWildcard, literalPrefix, matchGlob } from "../../model/glob.js";
import type { FieldProblem, GrantDraft, ProviderDefinition } from "../definition.js";
import { azureGrantFacts, azureModeOf } from "./azure-grant-facts.js";
import { AZURE_REVOKE_LIMIT } from "./revoke-limit.js";
import { SCOPE_EXAMPLE, azureScopeKind, isGuid, spellingProblem } from "./azure-scope.js";

/** Roles that can hand out access themselves: granted only under a rule that names them. */
const NAMED_ONLY_ROLES = ["owner", "user access administrator", "role based access control administrator"];
const PRINCIPAL_TYPES = ["User", "Group", "ServicePrincipal"];
/** PIM refuses an active assignment shorter than this (ActiveDurationTooShort). */
export const PIM_MIN_WINDOW_MS = 5 * 60_000;

export const azureDefinition: ProviderDefinition<"azure"> = {
  ...azureGrantFacts,
  name: "azure",
  maxWindowMs: MAX_DURATION_MS,
  revokeLimit: AZURE_REVOKE_LIMIT,
  accessFix: "give the server's identity Role Based Access Control Administrator (constrained to the policies' roles) on it, or User Access Administrator for PIM mode",

  scopeProblem(scope) {
    const spelling = spellingProblem(scope, false);
    if (spelling) return spelling;
    return azureScopeKind(scope) ? undefined : `scope ${JSON.stringify(scope)} is not an Azure scope: write ${SCOPE_EXAMPLE}`;
  },

  globProblem(glob) {
    const spelling = spellingProblem(glob, true);
    if (spelling) return spelling;
    if (/[^A-Za-z0-9_.()*?/-]/.test(glob)) return `scope glob ${JSON.stringify(glob)} contains a character no Azure scope has; use letters, digits and _ . ( ) - with * or ? as wildcards`;
    if (listingRoot(glob) === undefined) {
      return `scope glob ${JSON.stringify(glob)} must name its subscription (or management group) without wildcards, e.g. /subscriptions/<id>/resourceGroups/payments-*: access-pr lists role assignments under it to revoke whatever the rule let it grant`;
    }
    if (!hasWildcard(glob) && !azureScopeKind(glob)) return `scope ${JSON.stringify(glob)} is not an Azure scope: write ${SCOPE_EXAMPLE}`;
    return undefined;
  },

  matchScope: (glob, scope) => matchGlob(glob.toLowerCase(), scope.toLowerCase()),
  scopeKey: (scope) => scope.toLowerCase(),
  roleRefusal: () => undefined,
  namedOnly: (role) => NAMED_ONLY_ROLES.includes(role.trim().toLowerCase()),

  principalProblem(principal) {
    if (isGuid(principal)) return undefined;
    return `principal "${principal}" is not an Entra object id: write the user's, group's or service principal's object id (a GUID such as 3f2504e0-4f89-41d3-9a0c-0305e82c3301) in identities.yaml`;
  },

  checkGrant(draft: GrantDraft): FieldProblem[] {
    const problems: FieldProblem[] = [];
    const scope = azureDefinition.scopeProblem(draft.scope);
    if (scope) problems.push({ field: "scope", message: scope });
    if (draft.role.trim() === "") problems.push({ field: "role", message: "role is empty: write an Azure role name such as Reader" });
    else if (azureDefinition.namedOnly(draft.role) && !draft.privilegedRoleAllowed) {
      problems.push({ field: "role", message: `role "${draft.role}" can change who has access: access-pr grants it only when the matching rule names it explicitly` });
    }
    if (draft.principal !== null) {
      const principal = azureDefinition.principalProblem(draft.principal);
      if (principal) problems.push({ field: "principal", message: principal });
    }
    const principalType = draft.provider === "azure" ? draft.principalType : undefined;
    if (principalType !== undefined && !PRINCIPAL_TYPES.includes(principalType)) {
      problems.push({ field: "principal", message: `principal type "${String(principalType)}" is not one Azure assigns roles to: write User, Group or ServicePrincipal` });
    }
    const mode = azureModeOf(draft);
    if (mode !== undefined && mode !== "pim" && mode !== "assignment") {
      problems.push({ field: "window", message: `azure mode "${String(mode)}" is neither "pim" nor "assignment"` });
    }
    problems.push(...windowProblems(draft).map((message) => ({ field: "window" as const, message })));
    return problems;
  },

  /**
   * ARM lists the role assignments (and PIM schedules) at, above and below the
   * scope asked about, so the glob's deepest literal scope covers every scope
   * the glob can match.
   */
  listingScopes(glob) {
    if (!hasWildcard(glob)) return [glob];
    const root = listingRoot(glob);
    return root === undefined ? [] : [root];
  },
};

/** The deepest scope above every scope the glob can match: its literal prefix, shortened until it is a scope. */
function listingRoot(glob: string): string | undefined {
  const segments = literalPrefix(glob).split("/");
  for (let n = segments.length; n > 1; n--) {
    const candidate = segments.slice(0, n).join("/");
    if (azureScopeKind(candidate)) return candidate;
  }
  return undefined;
}

function windowProblems(draft: GrantDraft): string[] {
  const start = draft.window.start.getTime();
  const end = draft.window.end.getTime();
  if (Number.isNaN(start) || Number.isNaN(end)) return ["the window has an invalid start or end time"];
  if (end <= start) return [`the window ends (${draft.window.end.toISOString()}) before it starts (${draft.window.start.toISOString()})`];
  if (end - start > MAX_DURATION_MS) return [`the window lasts ${formatDuration(end - start)}, longer than access-pr grants on Azure at once (${formatDuration(MAX_DURATION_MS)})`];
  if (azureModeOf(draft) !== "assignment" && end - start < PIM_MIN_WINDOW_MS) {
    return [`the window lasts ${formatDuration(end - start)}; Azure PIM refuses active assignments shorter than ${formatDuration(PIM_MIN_WINDOW_MS)} (ActiveDurationTooShort): ask for at least 5m`];
  }
  return [];
}
