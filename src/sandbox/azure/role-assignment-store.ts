import { ArmError, badRequest } from "./arm-error.js";
import { isGuid, sameScope } from "./arm-scope.js";
import { roleById } from "./built-in-roles.js";

export interface RoleAssignmentRecord {
  name: string;
  scope: string;
  roleDefinitionId: string;
  principalId: string;
  principalType: string;
  description?: string;
  createdOn: Date;
  updatedOn: Date;
  createdBy: string;
}

export interface RoleAssignmentInput {
  roleDefinitionId?: unknown;
  principalId?: unknown;
  principalType?: unknown;
  description?: unknown;
}

export function roleAssignmentId(a: Pick<RoleAssignmentRecord, "scope" | "name">): string {
  return `${a.scope}/providers/Microsoft.Authorization/roleAssignments/${a.name}`;
}

export function roleAssignmentBody(a: RoleAssignmentRecord): unknown {
  return {
    id: roleAssignmentId(a),
    name: a.name,
    type: "Microsoft.Authorization/roleAssignments",
    properties: {
      scope: a.scope,
      roleDefinitionId: a.roleDefinitionId,
      principalId: a.principalId,
      principalType: a.principalType,
      description: a.description ?? null,
      createdOn: a.createdOn.toISOString(),
      updatedOn: a.updatedOn.toISOString(),
      createdBy: a.createdBy,
      updatedBy: a.createdBy,
    },
  };
}

export function sameRole(a: string, b: string): boolean {
  return a.split("/").pop()?.toLowerCase() === b.split("/").pop()?.toLowerCase();
}

/** Plain (permanent) role assignments, keyed by scope and name. */
export class RoleAssignmentStore {
  private readonly records: RoleAssignmentRecord[] = [];

  all(): readonly RoleAssignmentRecord[] {
    return this.records;
  }

  get(scope: string, name: string): RoleAssignmentRecord | undefined {
    return this.records.find((r) => sameScope(r.scope, scope) && r.name.toLowerCase() === name.toLowerCase());
  }

  find(scope: string, principalId: string, roleDefinitionId: string): RoleAssignmentRecord | undefined {
    return this.records.find((r) => sameScope(r.scope, scope) && r.principalId.toLowerCase() === principalId.toLowerCase() && sameRole(r.roleDefinitionId, roleDefinitionId));
  }

  /** PUT semantics: 201 created, 200 when the same assignment already has this name, refusals as ArmError. */
  put(scope: string, name: string, input: RoleAssignmentInput, now: Date, createdBy: string): { status: 200 | 201; record: RoleAssignmentRecord } {
    if (!isGuid(name)) throw badRequest("InvalidRoleAssignmentId", `The role assignment ID '${name}' is not valid. The role assignment ID must be a GUID.`);
    const { roleDefinitionId, principalId } = checkInput(input);
    const principalType = typeof input.principalType === "string" ? input.principalType : "User";
    const description = typeof input.description === "string" ? input.description : undefined;
    const existing = this.get(scope, name);
    if (existing) {
      if (existing.principalId.toLowerCase() !== principalId.toLowerCase() || !sameRole(existing.roleDefinitionId, roleDefinitionId)) {
        throw badRequest("RoleAssignmentUpdateNotPermitted", "Tenant ID, application ID, principal ID, and scope are not allowed to be updated.");
      }
      existing.description = description;
      existing.updatedOn = now;
      return { status: 200, record: existing };
    }
    if (this.find(scope, principalId, roleDefinitionId)) {
      throw new ArmError(409, "RoleAssignmentExists", "The role assignment already exists.");
    }
    const record: RoleAssignmentRecord = { name, scope, roleDefinitionId, principalId, principalType, description, createdOn: now, updatedOn: now, createdBy };
    this.records.push(record);
    return { status: 201, record };
  }

  remove(record: RoleAssignmentRecord): void {
    const index = this.records.indexOf(record);
    if (index >= 0) this.records.splice(index, 1);
  }
}

function checkInput(input: RoleAssignmentInput): { roleDefinitionId: string; principalId: string } {
  const { roleDefinitionId, principalId } = input;
  if (typeof roleDefinitionId !== "string" || typeof principalId !== "string") {
    throw badRequest("InvalidCreateRoleAssignmentRequest", "The request to create role assignment is invalid: properties.roleDefinitionId and properties.principalId are required.");
  }
  if (!roleById(roleDefinitionId)) {
    throw badRequest("RoleDefinitionDoesNotExist", `The specified role definition with ID '${roleDefinitionId.split("/").pop()}' does not exist.`);
  }
  if (!isGuid(principalId)) {
    throw badRequest("InvalidPrincipalId", `A valid principal ID must be provided for role assignment: '${principalId}' is not a GUID.`);
  }
  return { roleDefinitionId, principalId };
}
