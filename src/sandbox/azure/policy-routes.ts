import { ArmError } from "./arm-error.js";
import { subscriptionOf } from "./arm-scope.js";
import { AZURE_ROUTES } from "./route-kit.js";
import type { Route } from "./route-kit.js";
import { policyAssignmentBody, policyBody, policyRoles, roleOfPolicy } from "./role-settings.js";

const PIM_API = "2020-10-01";
const READ_POLICIES = "Microsoft.Authorization/roleManagementPolicies/read";
const READ_POLICY_ASSIGNMENTS = "Microsoft.Authorization/roleManagementPolicyAssignments/read";

/** Read-only role settings: every role has a policy at every scope, at its defaults until changed (GetRoleManagementPolicyByScope.json). */
export const policyRoutes: Route[] = [
  {
    template: AZURE_ROUTES.listRoleManagementPolicies, apiVersion: PIM_API, operation: READ_POLICIES, action: "read",
    handle: (ctx, req) => ({ status: 200, body: { value: policyRoles().map((role) => policyBody(req.scope.text, role, ctx.settings.get(req.scope.text, role.guid))) } }),
  },
  {
    template: AZURE_ROUTES.getRoleManagementPolicy, apiVersion: PIM_API, operation: READ_POLICIES, action: "read",
    handle: (ctx, req) => {
      const role = roleOfPolicy(req.scope.text, req.name ?? "");
      if (!role) throw new ArmError(404, "RoleManagementPolicyNotFound", `The role management policy '${req.name}' is not found at scope '${req.scope.text}'.`);
      return { status: 200, body: policyBody(req.scope.text, role, ctx.settings.get(req.scope.text, role.guid)) };
    },
  },
  {
    template: AZURE_ROUTES.listRoleManagementPolicyAssignments, apiVersion: PIM_API, operation: READ_POLICY_ASSIGNMENTS, action: "read",
    handle: (ctx, req) => {
      const sub = subscriptionOf(req.scope);
      return { status: 200, body: { value: policyRoles().map((role) => policyAssignmentBody(req.scope.text, role, ctx.settings.get(req.scope.text, role.guid), sub)) } };
    },
  },
];
