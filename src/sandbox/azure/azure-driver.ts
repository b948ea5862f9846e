import { randomUUID } from "node:crypto";
import type { Clock } from "../../core/clock.js";
import { parseArmScope } from "./arm-scope.js";
import type { ArmAction, AzureDirectory } from "./azure-directory.js";
import { roleById, roleByName, roleDefinitionId } from "./built-in-roles.js";
import { isActiveAt } from "./pim-store.js";
import type { PimStore } from "./pim-store.js";
import type { RoleAssignmentRecord, RoleAssignmentStore } from "./role-assignment-store.js";
import type { RoleSettings, RoleSettingsStore } from "./role-settings.js";

export interface SeedAssignment {
  scope: string;
  principalId: string;
  roleName: string;
  /** Default: a random GUID, as when someone assigned it in the portal. */
  name?: string;
  description?: string;
  principalType?: string;
}

/** What tests and the sandbox use to shape the emulated tenant and to look at it from the outside. */
export class AzureDriver {
  constructor(
    private readonly directory: AzureDirectory,
    private readonly assignments: RoleAssignmentStore,
    private readonly pim: PimStore,
    private readonly settings: RoleSettingsStore,
    private readonly clock: Clock,
  ) {}

  /** Returns the scope, e.g. "/providers/Microsoft.Management/managementGroups/platform". */
  createManagementGroup(name: string, options: { parent?: string } = {}): string {
    return this.directory.createManagementGroup(name, options.parent);
  }

  /** Returns the scope "/subscriptions/<id>". */
  createSubscription(id: string, options: { managementGroup?: string } = {}): string {
    return this.directory.createSubscription(id, options.managementGroup);
  }

  /** Returns the scope "/subscriptions/<id>/resourceGroups/<name>". */
  createResourceGroup(subscriptionId: string, name: string): string {
    return this.directory.createResourceGroup(subscriptionId, name);
  }

  /** The app's identity may not do `actions` (default all) on `scope` and below: ARM answers 403 AuthorizationFailed. */
  denyFor(scope: string, actions?: ArmAction[]): void {
    this.directory.denyFor(scope, actions);
  }

  /** The longest active assignment of every role's default PIM settings; longer requests fail RoleAssignmentRequestPolicyValidationFailed. */
  setPimMaxDuration(ms: number): void {
    this.settings.defaults.maxActiveMs = ms;
  }

  /** One role's PIM settings on one scope (Entra ID > PIM > Azure resources > the resource > Settings > the role). */
  setRoleSettings(scope: string, roleName: string, settings: Partial<RoleSettings>): void {
    const role = roleByName(roleName);
    if (!role) throw new Error(`setRoleSettings: unknown role ${roleName}`);
    this.settings.set(this.directory.resolve(scope).text, role.guid, settings);
  }

  /** A principal created now in Entra ID: ARM answers PrincipalNotFound for it until replicated (principalReplicationDelayMs). */
  createPrincipal(id: string): void {
    this.directory.principals.create(id, this.clock.now());
  }

  /** How long a principal made with createPrincipal stays PrincipalNotFound to ARM, on the shared clock. */
  setPrincipalReplicationDelay(ms: number): void {
    this.directory.principals.replicationDelayMs = ms;
  }

  /** A principal deleted from Entra ID now: PrincipalNotFound for good. */
  deletePrincipal(id: string): void {
    this.directory.principals.delete(id, this.clock.now());
  }

  /** An assignment someone else made (not through the app). */
  seedAssignment(seed: SeedAssignment): RoleAssignmentRecord {
    const role = roleByName(seed.roleName);
    if (!role) throw new Error(`seedAssignment: unknown role ${seed.roleName}`);
    const scope = this.directory.resolve(seed.scope);
    const sub = scope.kind === "managementGroup" ? undefined : scope.subscription;
    const input = { roleDefinitionId: roleDefinitionId(role, sub), principalId: seed.principalId, principalType: seed.principalType ?? "User", description: seed.description };
    return this.assignments.put(seed.scope, seed.name ?? randomUUID(), input, this.clock.now(), "00000000-0000-0000-0000-00000000ad01").record;
  }

  /** Plain role assignments, as stored. */
  roleAssignments(): readonly RoleAssignmentRecord[] {
    return this.assignments.all();
  }

  /**
   * Does `principalId` hold `roleName` on `scope` at `at` (default now), through a plain
   * assignment or an active PIM schedule, on the scope or one it inherits from?
   */
  holds(scope: string, principalId: string, roleName: string, at: Date = this.clock.now()): boolean {
    const parsed = parseArmScope(scope);
    if (!parsed) throw new Error(`holds: '${scope}' is not an ARM scope`);
    const chain = this.directory.ancestorsOrSelf(parsed).map((s) => s.toLowerCase());
    const matches = (r: { scope: string; principalId: string; roleDefinitionId: string }) =>
      chain.includes(r.scope.toLowerCase()) && r.principalId.toLowerCase() === principalId.toLowerCase() && roleById(r.roleDefinitionId)?.roleName.toLowerCase() === roleName.toLowerCase();
    return this.assignments.all().some(matches) || this.pim.schedules.some((s) => matches(s) && isActiveAt(s, at));
  }
}
