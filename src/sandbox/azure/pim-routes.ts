import { ArmError } from "./arm-error.js";
import { isActiveAt, requestId, scheduleId } from "./pim-store.js";
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
      return { status: 201, body: requestBody(record) };
    },
  },
  {
    template: AZURE_ROUTES.getScheduleRequest, apiVersion: PIM_API, operation: "Microsoft.Authorization/roleAssignmentScheduleRequests/read", action: "read",
    handle: (ctx, req) => {
      const found = ctx.pim.getRequest(req.scope.text, req.name ?? "");
      if (!found) throw new ArmError(404, "RoleAssignmentScheduleRequestNotFound", `The role assignment schedule request '${req.name}' is not found.`);
      return { status: 200, body: requestBody(found) };
    },
  },
  {
    template: AZURE_ROUTES.listScheduleRequests, apiVersion: PIM_API, operation: "Microsoft.Authorization/roleAssignmentScheduleRequests/read", action: "read",
    handle: (ctx, req) => {
      const visible = ctx.pim.requests.filter((r) => inView(ctx, r.scope, req) && matchesPrincipal(r.principalId, req.filter));
      return { status: 200, body: { value: visible.map(requestBody) } };
    },
  },
  {
    template: AZURE_ROUTES.listSchedules, apiVersion: PIM_API, operation: "Microsoft.Authorization/roleAssignmentSchedules/read", action: "read",
    handle: (ctx, req) => {
      const visible = ctx.pim.schedules.filter((s) => s.removedAt === undefined && (s.end === undefined || s.end > ctx.now) && inView(ctx, s.scope, req) && matchesPrincipal(s.principalId, req.filter));
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

function requestBody(r: ScheduleRequestRecord): unknown {
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
      status: r.status,
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
  const id = kind === "roleAssignmentSchedules" ? scheduleId(s) : `${s.scope}/providers/Microsoft.Authorization/roleAssignmentScheduleInstances/${s.name}`;
  return {
    id,
    name: s.name,
    type: `Microsoft.Authorization/${kind}`,
    properties: {
      scope: s.scope,
      roleDefinitionId: s.roleDefinitionId,
      principalId: s.principalId,
      principalType: s.principalType,
      ...(kind === "roleAssignmentSchedules" ? { roleAssignmentScheduleRequestId: s.requestId } : { roleAssignmentScheduleId: scheduleId(s) }),
      status: "Provisioned",
      startDateTime: s.start.toISOString(),
      endDateTime: s.end?.toISOString() ?? null,
      assignmentType: "Assigned",
      memberType: "Direct",
      createdOn: s.createdOn.toISOString(),
    },
  };
}
