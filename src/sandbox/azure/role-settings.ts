/**
 * PIM role settings (role management policies), one per role and resource
 * scope, as `roleManagementPolicies` and `roleManagementPolicyAssignments`
 * show them (2020-10-01, GetRoleManagementPolicyByName.json and
 * GetRoleManagementPolicyAssignmentByScope.json). Only the rules that govern
 * an administrator's active assignment (caller Admin, level Assignment) are
 * enforced, since that is the request access-pr makes (AdminAssign).
 */
import { createHash } from "node:crypto";
import { sameScope } from "./arm-scope.js";
import { BUILT_IN_ROLES, roleDefinitionId } from "./built-in-roles.js";
import type { BuiltInRole } from "./built-in-roles.js";

export interface RoleSettings {
  /** "Expire active assignments after" (Expiration_Admin_Assignment.maximumDuration). */
  maxActiveMs: number;
  /** "Allow permanent active assignment" off (Expiration_Admin_Assignment.isExpirationRequired). */
  expirationRequired: boolean;
  /** Enablement_Admin_Assignment: Justification. */
  requireJustification: boolean;
  /** Enablement_Admin_Assignment: Ticketing. */
  requireTicket: boolean;
  /** Enablement_Admin_Assignment: MultiFactorAuthentication ("Require Azure MFA on active assignment"). */
  requireMfa: boolean;
}

/** A role's settings where nobody changed them: active assignments may last up to 180 days, nothing else is required. */
export const DEFAULT_ROLE_SETTINGS: RoleSettings = {
  maxActiveMs: 180 * 24 * 60 * 60 * 1000,
  expirationRequired: false,
  requireJustification: false,
  requireTicket: false,
  requireMfa: false,
};

/** What a schedule request offers the policy: its window, its words, and whether its caller did MFA. */
export interface PolicyInput {
  durationMs: number;
  justification?: string;
  ticketNumber?: string;
  /** The caller completed MFA. A service principal (access-pr's identity) never has. */
  mfa: boolean;
}

export class RoleSettingsStore {
  defaults: RoleSettings = { ...DEFAULT_ROLE_SETTINGS };
  private readonly entries: { scope: string; roleGuid: string; settings: RoleSettings }[] = [];

  set(scope: string, roleGuid: string, settings: Partial<RoleSettings>): void {
    const existing = this.entries.find((e) => sameScope(e.scope, scope) && e.roleGuid === roleGuid.toLowerCase());
    if (existing) Object.assign(existing.settings, settings);
    else this.entries.push({ scope, roleGuid: roleGuid.toLowerCase(), settings: { ...this.defaults, ...settings } });
  }

  /** PIM role settings are per role and per resource: the scope's own, else the defaults. */
  get(scope: string, roleDefinition: string): RoleSettings {
    const guid = roleDefinition.split("/").pop()?.toLowerCase();
    return this.entries.find((e) => sameScope(e.scope, scope) && e.roleGuid === guid)?.settings ?? this.defaults;
  }

  /** The names PIM gives the failing rules, in the order of the documented errors ("The following policy rules failed: [...]"). */
  failedRules(scope: string, roleDefinition: string, input: PolicyInput): string[] {
    const s = this.get(scope, roleDefinition);
    const failed: string[] = [];
    if (input.durationMs > s.maxActiveMs || (s.expirationRequired && input.durationMs === Infinity)) failed.push("ExpirationRule");
    if (s.requireJustification && !input.justification?.trim()) failed.push("JustificationRule");
    if (s.requireTicket && !input.ticketNumber?.trim()) failed.push("TicketingRule");
    if (s.requireMfa && !input.mfa) failed.push("MfaRule");
    return failed;
  }
}

/** A stable policy name per scope and role, GUID-shaped as ARM's are. */
export function policyName(scope: string, role: BuiltInRole): string {
  const hex = createHash("sha256").update(`${scope.toLowerCase()}|${role.guid}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function policyRoles(): readonly BuiltInRole[] {
  return BUILT_IN_ROLES;
}

export function roleOfPolicy(scope: string, name: string): BuiltInRole | undefined {
  return BUILT_IN_ROLES.find((r) => policyName(scope, r) === name.toLowerCase());
}

function isoDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes % (24 * 60) === 0) return `P${minutes / (24 * 60)}D`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `PT${h > 0 ? `${h}H` : ""}${m > 0 || h === 0 ? `${m}M` : ""}`;
}

const target = (caller: "Admin" | "EndUser", level: "Assignment" | "Eligibility") => ({
  caller, operations: ["All"], level, targetObjects: null, inheritableSettings: null, enforcedSettings: null,
});

/** The rules as ARM lists them; activation (EndUser) and eligibility rules are shown at their defaults. */
export function policyRules(s: RoleSettings): unknown[] {
  const enabled = [s.requireMfa && "MultiFactorAuthentication", s.requireJustification && "Justification", s.requireTicket && "Ticketing"].filter((r): r is string => typeof r === "string");
  return [
    { id: "Expiration_Admin_Eligibility", ruleType: "RoleManagementPolicyExpirationRule", isExpirationRequired: true, maximumDuration: "P365D", target: target("Admin", "Eligibility") },
    { id: "Enablement_Admin_Assignment", ruleType: "RoleManagementPolicyEnablementRule", enabledRules: enabled, target: target("Admin", "Assignment") },
    { id: "Expiration_Admin_Assignment", ruleType: "RoleManagementPolicyExpirationRule", isExpirationRequired: s.expirationRequired, maximumDuration: isoDuration(s.maxActiveMs), target: target("Admin", "Assignment") },
    { id: "Enablement_EndUser_Assignment", ruleType: "RoleManagementPolicyEnablementRule", enabledRules: ["MultiFactorAuthentication", "Justification"], target: target("EndUser", "Assignment") },
    { id: "Expiration_EndUser_Assignment", ruleType: "RoleManagementPolicyExpirationRule", isExpirationRequired: true, maximumDuration: "PT8H", target: target("EndUser", "Assignment") },
  ];
}

export function policyBody(scope: string, role: BuiltInRole, s: RoleSettings): unknown {
  const name = policyName(scope, role);
  const rules = policyRules(s);
  return {
    id: `${scope}/providers/Microsoft.Authorization/roleManagementPolicies/${name}`,
    name,
    type: "Microsoft.Authorization/RoleManagementPolicies",
    properties: { scope, displayName: null, description: null, isOrganizationDefault: false, rules, effectiveRules: rules, policyProperties: { scope: { id: scope, displayName: null, type: null } } },
  };
}

export function policyAssignmentBody(scope: string, role: BuiltInRole, s: RoleSettings, subscription: string | undefined): unknown {
  const name = `${policyName(scope, role)}_${role.guid}`;
  const policyId = `${scope}/providers/Microsoft.Authorization/roleManagementPolicies/${policyName(scope, role)}`;
  const roleId = roleDefinitionId(role, subscription);
  return {
    // The spec's example spells this resource type in the singular in the id.
    id: `${scope}/providers/Microsoft.Authorization/roleManagementPolicyAssignment/${name}`,
    name,
    type: "Microsoft.Authorization/RoleManagementPolicyAssignment",
    properties: {
      scope,
      roleDefinitionId: roleId,
      policyId,
      effectiveRules: policyRules(s),
      policyAssignmentProperties: { scope: { id: scope, displayName: null, type: null }, roleDefinition: { id: roleId, displayName: role.roleName, type: "BuiltInRole" }, policy: { id: policyId } },
    },
  };
}
