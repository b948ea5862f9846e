import { ArmError } from "./arm-error.js";
import type { ArmScope } from "./arm-scope.js";
import { BUILT_IN_ROLES, roleDefinitionId } from "./built-in-roles.js";
import type { BuiltInRole } from "./built-in-roles.js";
import { sameScope, subscriptionOf } from "./arm-scope.js";
import { roleAssignmentBody, sameRole } from "./role-assignment-store.js";
import type { RoleAssignmentInput } from "./role-assignment-store.js";
import { AZURE_ROUTES, inView, matchesPrincipal } from "./route-kit.js";
import type { Route } from "./route-kit.js";

const RA = "Microsoft.Authorization/roleAssignments";
const RBAC_API = "2022-04-01";

export const rbacRoutes: Route[] = [
  {
    template: AZURE_ROUTES.listRoleDefinitions, apiVersion: RBAC_API, operation: "Microsoft.Authorization/roleDefinitions/read", action: "read",
    handle: (_ctx, req) => {
      const roles = BUILT_IN_ROLES.filter((r) => !req.filter.roleName || r.roleName.toLowerCase() === req.filter.roleName.toLowerCase());
      return { status: 200, body: { value: roles.map((r) => roleDefinitionBody(r, req.scope)) } };
    },
  },
  {
    template: AZURE_ROUTES.listRoleAssignments, apiVersion: RBAC_API, operation: `${RA}/read`, action: "read",
    handle: (ctx, req) => {
      // PIM's active assignments are role assignments too, named after their instance (originRoleAssignmentId).
      const made = ctx.pim.activeAssignments(ctx.now).map((s) => ({ ...s, name: s.assignmentName, updatedOn: s.createdOn, createdBy: ctx.directory.appObjectId }));
      const visible = [...ctx.assignments.all(), ...made].filter((a) => inView(ctx, a.scope, req) && matchesPrincipal(a.principalId, req.filter));
      return { status: 200, body: { value: visible.map(roleAssignmentBody) } };
    },
  },
  {
    template: AZURE_ROUTES.getRoleAssignment, apiVersion: RBAC_API, operation: `${RA}/read`, action: "read",
    handle: (ctx, req) => {
      const found = ctx.assignments.get(req.scope.text, req.name ?? "");
      if (!found) throw new ArmError(404, "RoleAssignmentNotFound", `The role assignment '${req.name}' is not found.`);
      return { status: 200, body: roleAssignmentBody(found) };
    },
  },
  {
    template: AZURE_ROUTES.createRoleAssignment, apiVersion: RBAC_API, operation: `${RA}/write`, action: "write",
    handle: (ctx, req) => {
      const properties = (req.body as { properties?: RoleAssignmentInput } | undefined)?.properties ?? {};
      const missing = typeof properties.principalId === "string" ? ctx.directory.principals.refusal(properties.principalId, ctx.now, { principalType: properties.principalType }) : undefined;
      if (missing) throw missing;
      const viaPim = ctx.pim.activeAssignments(ctx.now).find(
        (s) => sameScope(s.scope, req.scope.text) && s.principalId.toLowerCase() === String(properties.principalId).toLowerCase() && sameRole(s.roleDefinitionId, String(properties.roleDefinitionId)),
      );
      if (viaPim && !ctx.assignments.get(req.scope.text, req.name ?? "")) throw new ArmError(409, "RoleAssignmentExists", "The role assignment already exists.");
      const { status, record } = ctx.assignments.put(req.scope.text, req.name ?? "", properties, ctx.now, ctx.directory.appObjectId);
      return { status, body: roleAssignmentBody(record) };
    },
  },
  {
    template: AZURE_ROUTES.deleteRoleAssignment, apiVersion: RBAC_API, operation: `${RA}/delete`, action: "delete",
    handle: (ctx, req) => {
      const found = ctx.assignments.get(req.scope.text, req.name ?? "");
      if (!found) return { status: 204 };
      ctx.assignments.remove(found);
      return { status: 200, body: roleAssignmentBody(found) };
    },
  },
];

function roleDefinitionBody(role: BuiltInRole, scope: ArmScope): unknown {
  return {
    id: roleDefinitionId(role, subscriptionOf(scope)),
    name: role.guid,
    type: "Microsoft.Authorization/roleDefinitions",
    properties: {
      roleName: role.roleName,
      description: role.description,
      type: "BuiltInRole",
      permissions: [{ actions: role.actions, notActions: [], dataActions: role.dataActions, notDataActions: [] }],
      assignableScopes: ["/"],
    },
  };
}

