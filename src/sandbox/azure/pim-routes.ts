import { ArmError } from "./arm-error.js";
import { isActiveAt, isProvisioned, requestId, requestStatus, scheduleId } from "./pim-store.js";
import type { ScheduleRecord, ScheduleRequestInput, ScheduleRequestRecord } from "./pim-store.js";
import { AZURE_ROUTES, inView, matchesPrincipal } from "./route-kit.js";
import type { Route } from "./route-kit.js";

const PIM_API = "2020-10-01";
const RA = "Microsoft.Authorization/roleAssignments";

export const pimRoutes: Route[] = [
  {
    template: AZURE_ROUTES.createScheduleRequest, apiVersion: PIM_API, operation: `${RA}/write`, action: "write",
    handle: (ctx, req) => {
      const properties = (req.body as { properties?: ScheduleRequestInput } | undefined)?.properties ?? {};
      const record = ctx.pim.create(req.scope.text, req.name ?? "", properties, ctx.now, ctx.directory.appObjectId);
      // The SDK accepts only 201 for this PUT, whatever the outcome.
      return { status: 201, body: requestBody(record, ctx.now) };
    },
  },
  {
    template: AZURE_ROUTES.getScheduleRequest, apiVersion: PIM_API, operation: "Microsoft.Authorization/roleAssignmentScheduleRequests/read", action: "read",
    handle: (ctx, req) => {
      const found = ctx.pim.getRequest(req.scope.text, req.name ?? "");
      if (!found) throw new ArmError(404, "RoleAssignmentScheduleRequestNotFound", `The role assignment schedule request '${req.name}' is not found.`);
      return { status: 200, body: requestBody(found, ctx.now) };
    },
  },
  {
    template: AZURE_ROUTES.listScheduleRequests, apiVersion: PIM_API, operation: "Microsoft.Authorization/roleAssignmentScheduleRequests/read", action: "read",
    handle: (ctx, req) => {
      const visible = ctx.pim.requests.filter((r) => inView(ctx, r.scope, req) && matchesPrincipal(r.principalId, req.filter));
      return { status: 200, body: { value: visible.map((r) => requestBody(r, ctx.now)) } };
    },
  },
  {
    // 2020-10-01 CancelRoleAssignmentScheduleRequestByName.json: 200 with no body.
    template: AZURE_ROUTES.cancelScheduleRequest, apiVersion: PIM_API, operation: "Microsoft.Authorization/roleAssignmentScheduleRequests/cancel/action", action: "write",
    handle: (ctx, req) => {
      ctx.pim.cancel(req.scope.text, req.name ?? "", ctx.now);
      return { status: 200 };
    },
  },
  {
    template: AZURE_ROUTES.listSchedules, apiVersion: PIM_API, operation: "Microsoft.Authorization/roleAssignmentSchedules/read", action: "read",
    handle: (ctx, req) => {
      const visible = ctx.pim.schedules.filter((s) => isProvisioned(s, ctx.now) && s.removedAt === undefined && (s.end === undefined || s.end > ctx.now) && inView(ctx, s.scope, req) && matchesPrincipal(s.principalId, req.filter));
      return { status: 200, body: { value: visible.map((s) => scheduleBody(s, "roleAssignmentSchedules")) } };
    },
  },
  {
    template: AZURE_ROUTES.listScheduleInstances, apiVersion: PIM_API, operation: "Microsoft.Authorization/roleAssignmentScheduleInstances/read", action: "read",
    handle: (ctx, req) => {
      const active = ctx.pim.schedules.filter((s) => isActiveAt(s, ctx.now) && inView(ctx, s.scope, req) && matchesPrincipal(s.principalId, req.filter));
      return { status: 200, body: { value: active.map((s) => scheduleBody(s, "roleAssignmentScheduleInstances")) } };
    },
  },
];

function requestBody(r: ScheduleRequestRecord, now: Date): unknown {
  return {
    id: requestId(r),
    name: r.name,
    type: "Microsoft.Authorization/RoleAssignmentScheduleRequests",
    properties: {
      scope: r.scope,
      roleDefinitionId: r.roleDefinitionId,
      principalId: r.principalId,
      principalType: r.principalType,
      requestType: r.requestType,
      status: requestStatus(r, now),
      targetRoleAssignmentScheduleId: r.targetScheduleId ?? null,
      scheduleInfo: r.requestType === "AdminAssign"
        ? { startDateTime: r.start?.toISOString(), expiration: r.end ? { type: "AfterDateTime", endDateTime: r.end.toISOString(), duration: null } : { type: "NoExpiration" } }
        : null,
      justification: r.justification ?? null,
      ticketInfo: r.ticketInfo ?? null,
      createdOn: r.createdOn.toISOString(),
      requestorId: r.requestorId,
    },
  };
}

function scheduleBody(s: ScheduleRecord, kind: "roleAssignmentSchedules" | "roleAssignmentScheduleInstances"): unknown {
  // GetRoleAssignmentScheduleInstancesByScope.json: an instance is named after the role assignment PIM made (originRoleAssignmentId).
  const instance = kind === "roleAssignmentScheduleInstances";
  return {
    id: instance ? `${s.scope}/providers/Microsoft.Authorization/RoleAssignmentScheduleInstances/${s.assignmentName}` : scheduleId(s),
    name: instance ? s.assignmentName : s.name,
    type: `Microsoft.Authorization/${kind}`,
    properties: {
      scope: s.scope,
      roleDefinitionId: s.roleDefinitionId,
      principalId: s.principalId,
      principalType: s.principalType,
      ...(instance
        ? { roleAssignmentScheduleId: scheduleId(s), originRoleAssignmentId: `${s.scope}/providers/Microsoft.Authorization/roleAssignments/${s.assignmentName}` }
        : { roleAssignmentScheduleRequestId: s.requestId }),
      status: "Provisioned",
      startDateTime: s.start.toISOString(),
      endDateTime: s.end?.toISOString() ?? null,
      assignmentType: "Assigned",
      memberType: "Direct",
      createdOn: s.createdOn.toISOString(),
    },
  };
}
