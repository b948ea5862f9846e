/**
 * What no rule can lift (invariant 13): GCP basic roles and public members
 * are never granted; Azure's two roles that hand out access itself only when
 * the matching rule names them.
 */
import type { ProviderName } from "../core/grant.js";

export const GCP_BASIC_ROLES: readonly string[] = ["roles/owner", "roles/editor", "roles/viewer"];
export const GCP_PUBLIC_MEMBERS: readonly string[] = ["allUsers", "allAuthenticatedUsers"];
export const AZURE_PRIVILEGED_ROLES: readonly string[] = ["Owner", "User Access Administrator"];

/** Why a role can never be granted, or undefined when it may be (subject to rules). */
export function refusedRole(provider: ProviderName, role: string): string | undefined {
  if (provider === "gcp" && GCP_BASIC_ROLES.includes(role)) {
    return `${role} is a basic role and is never granted; ask for a predefined role that covers the task (e.g. roles/cloudsql.client)`;
  }
  return undefined;
}

/** Why a GCP member can never receive a grant, or undefined. */
export function refusedMember(member: string): string | undefined {
  const bare = member.replace(/^[a-zA-Z]+:/, "");
  if (GCP_PUBLIC_MEMBERS.includes(member) || GCP_PUBLIC_MEMBERS.includes(bare)) {
    return `${member} means everyone; access-pr never grants to public members`;
  }
  return undefined;
}

export function isAzurePrivilegedRole(provider: ProviderName, role: string): boolean {
  return provider === "azure" && AZURE_PRIVILEGED_ROLES.includes(role);
}

/** Azure PIM refuses an active assignment shorter than 5 minutes (ActiveDurationTooShort). */
export const AZURE_PIM_MIN_ACTIVE_MS = 5 * 60 * 1000;

/** Why the cloud would refuse a window this short, or undefined. */
export function refusedDuration(provider: ProviderName, azureMode: string | undefined, durationMs: number): string | undefined {
  if (provider !== "azure" || azureMode === "assignment" || durationMs >= AZURE_PIM_MIN_ACTIVE_MS) return undefined;
  return `Azure PIM refuses an active assignment shorter than 5 minutes (ActiveDurationTooShort), and this grant would last ${Math.round(durationMs / 1000)} seconds; ask for a duration of at least 5m`;
}
