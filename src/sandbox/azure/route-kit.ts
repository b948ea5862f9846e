import type { ArmScope } from "./arm-scope.js";
import type { ArmAction, AzureDirectory } from "./azure-directory.js";
import type { ArmFilter } from "./odata-filter.js";
import type { PimStore } from "./pim-store.js";
import type { RoleAssignmentStore } from "./role-assignment-store.js";
import type { RoleSettingsStore } from "./role-settings.js";

const P = "/{scope}/providers/Microsoft.Authorization";

/** Route templates, as used for fault injection and call counting. */
export const AZURE_ROUTES = {
  listRoleDefinitions: `GET ${P}/roleDefinitions`,
  listRoleAssignments: `GET ${P}/roleAssignments`,
  getRoleAssignment: `GET ${P}/roleAssignments/{roleAssignmentName}`,
  createRoleAssignment: `PUT ${P}/roleAssignments/{roleAssignmentName}`,
  deleteRoleAssignment: `DELETE ${P}/roleAssignments/{roleAssignmentName}`,
  listScheduleRequests: `GET ${P}/roleAssignmentScheduleRequests`,
  getScheduleRequest: `GET ${P}/roleAssignmentScheduleRequests/{roleAssignmentScheduleRequestName}`,
  createScheduleRequest: `PUT ${P}/roleAssignmentScheduleRequests/{roleAssignmentScheduleRequestName}`,
  cancelScheduleRequest: `POST ${P}/roleAssignmentScheduleRequests/{roleAssignmentScheduleRequestName}/cancel`,
  listSchedules: `GET ${P}/roleAssignmentSchedules`,
  listScheduleInstances: `GET ${P}/roleAssignmentScheduleInstances`,
  listRoleManagementPolicies: `GET ${P}/roleManagementPolicies`,
  getRoleManagementPolicy: `GET ${P}/roleManagementPolicies/{roleManagementPolicyName}`,
  listRoleManagementPolicyAssignments: `GET ${P}/roleManagementPolicyAssignments`,
} as const;

export interface RouteContext {
  directory: AzureDirectory;
  assignments: RoleAssignmentStore;
  pim: PimStore;
  settings: RoleSettingsStore;
  now: Date;
}

export interface ArmRequest {
  scope: ArmScope;
  name?: string;
  filter: ArmFilter;
  body: unknown;
}

export interface ArmResponse {
  status: number;
  body?: unknown;
}

export interface Route {
  template: string;
  apiVersion: string;
  /** The ARM operation checked against the app's permissions. */
  operation: string;
  action: ArmAction;
  handle(ctx: RouteContext, req: ArmRequest): ArmResponse;
}

/** Which records a list at `req.scope` shows: at, above and below it; with atScope(), at and above only. */
export function inView(ctx: RouteContext, recordScope: string, req: ArmRequest): boolean {
  if (ctx.directory.contains(recordScope, req.scope.text)) return true;
  return !req.filter.atScope && ctx.directory.contains(req.scope.text, recordScope);
}

export function matchesPrincipal(principalId: string, filter: ArmFilter): boolean {
  return filter.principalId === undefined || filter.principalId.toLowerCase() === principalId.toLowerCase();
}

