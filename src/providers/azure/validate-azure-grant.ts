/**
 * What Azure (or access-pr's own rules for Azure) would refuse about a grant,
 * found without calling Azure. Pure.
 *
 * @example
 *   validateAzureGrant({ ...spec, role: "Owner" });
 *   // [{ message: "role \"Owner\" can change who has access: access-pr grants it only when the matching rule names it explicitly" }]
 */
import type { GrantSpec } from "../../core/grant.js";
import type { GrantProblem } from "../provider.js";
import { azureScopeKind, isGuid } from "./azure-scope.js";
import { MAX_KEY } from "./grant-marker.js";

/** Azure PIM refuses an active assignment shorter than this (ActiveDurationTooShort). */
export const PIM_MIN_ACTIVE_MS = 5 * 60 * 1000;

/** Roles that can hand out access themselves. */
const PRIVILEGED_ROLES = ["owner", "user access administrator", "role based access control administrator"];

export function validateAzureGrant(spec: GrantSpec): GrantProblem[] {
  const problems: string[] = [];
  if (spec.provider !== "azure") problems.push(`provider is "${spec.provider}", not "azure"`);
  problems.push(...scopeProblems(spec.scope));
  if (spec.role.trim() === "") problems.push("role is empty: write an Azure role name such as Reader");
  else if (PRIVILEGED_ROLES.includes(spec.role.toLowerCase()) && !spec.privilegedRoleAllowed) {
    problems.push(`role "${spec.role}" can change who has access: access-pr grants it only when the matching rule names it explicitly`);
  }
  if (!isGuid(spec.principal)) {
    problems.push(`principal "${spec.principal}" is not an Entra object id: write the user's, group's or service principal's object id (a GUID such as 3f2504e0-4f89-41d3-9a0c-0305e82c3301) in identities.yaml`);
  }
  if (spec.azureMode !== undefined && spec.azureMode !== "pim" && spec.azureMode !== "assignment") {
    problems.push(`azure mode "${String(spec.azureMode)}" is neither "pim" nor "assignment"`);
  }
  problems.push(...windowProblems(spec));
  if (spec.key.length === 0 || spec.key.length > MAX_KEY || /\s/.test(spec.key)) {
    problems.push(`grant key "${spec.key}" must be 1 to ${MAX_KEY} characters without spaces so it fits the assignment description`);
  }
  return problems.map((message) => ({ message }));
}

function scopeProblems(scope: string): string[] {
  if (scope.startsWith("//")) return [`scope "${scope}" starts with "//": write it with a single leading "/"`];
  if (!scope.startsWith("/")) return [`scope "${scope}" must start with "/", e.g. /subscriptions/<subscription id>`];
  if (azureScopeKind(scope)) return [];
  return [
    `scope "${scope}" is not an Azure scope: write /subscriptions/<subscription id>, /subscriptions/<id>/resourceGroups/<name>, a resource id under a resource group, or /providers/Microsoft.Management/managementGroups/<name>`,
  ];
}

function windowProblems(spec: GrantSpec): string[] {
  const start = spec.window.start.getTime();
  const end = spec.window.end.getTime();
  if (Number.isNaN(start) || Number.isNaN(end)) return ["the window has an invalid start or end time"];
  if (end <= start) return [`the window ends (${spec.window.end.toISOString()}) before it starts (${spec.window.start.toISOString()})`];
  if (spec.azureMode !== "assignment" && end - start < PIM_MIN_ACTIVE_MS) {
    return [`the window lasts ${Math.round((end - start) / 1000)} seconds, and Azure PIM refuses an active assignment shorter than 5 minutes (ActiveDurationTooShort): ask for at least 5m`];
  }
  return [];
}

/** Why PIM would refuse what is left of the window at `now`, or undefined: after an outage the tail may be too short to grant. */
export function pimTailProblem(spec: GrantSpec, now: Date): string | undefined {
  if (spec.azureMode === "assignment") return undefined;
  const left = spec.window.end.getTime() - Math.max(spec.window.start.getTime(), now.getTime());
  if (left >= PIM_MIN_ACTIVE_MS) return undefined;
  return `only ${Math.max(0, Math.round(left / 1000))} seconds of the window are left, and Azure PIM refuses an active assignment shorter than 5 minutes (ActiveDurationTooShort); nothing was granted for the rest of the window`;
}
