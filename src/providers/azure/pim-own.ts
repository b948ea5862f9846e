/**
 * Finding access-pr's own PIM work for a grant key: the schedules its
 * AdminAssign requests made, and the requests PIM accepted but has not yet
 * provisioned (PIM provisions asynchronously, minutes after the 201).
 *
 * Ids are joined on their last segment: in the 2020-10-01 examples a request's
 * targetRoleAssignmentScheduleId is a bare GUID while a schedule's
 * roleAssignmentScheduleRequestId is a full ARM id with capitalised types.
 */
import type { RoleAssignmentScheduleRequest } from "@azure/arm-authorization";
import type { GrantSpec } from "../../core/grant.js";
import type { AzureContext } from "./azure-context.js";
import { collect } from "./azure-context.js";
import { azureError } from "./azure-errors.js";
import { sdkScope } from "./azure-scope.js";
import { readMarker } from "./grant-marker.js";

type OwnSpec = Pick<GrantSpec, "scope" | "principal" | "key">;

/** Statuses of a request PIM accepted and may still act on (RequestStatus in the 2020-10-01 spec). */
const PENDING = new Set(
  ["Accepted", "PendingEvaluation", "Granted", "PendingProvisioning", "PendingApprovalProvisioning", "PendingApproval", "PendingAdminDecision", "AdminApproved", "ProvisioningStarted", "PendingScheduleCreation", "PendingExternalProvisioning"].map((s) => s.toLowerCase()),
);

export interface OwnSchedule {
  name: string;
  end?: Date;
}

export interface OwnPending {
  /** The request's name, for cancelling it. */
  name: string;
  end?: Date;
}

export interface OwnPim {
  live: OwnSchedule[];
  pending: OwnPending[];
}

/** The last segment of an ARM id (or the id itself when it is a bare GUID), lower-cased for comparing. */
export function lastSegment(id: string | undefined | null): string {
  return (id ?? "").split("/").pop()?.toLowerCase() ?? "";
}

export function isPendingRequest(request: Pick<RoleAssignmentScheduleRequest, "status">): boolean {
  return PENDING.has((request.status ?? "").toLowerCase());
}

export function isOwnAssign(request: RoleAssignmentScheduleRequest, key: string): boolean {
  return request.requestType === "AdminAssign" && readMarker(request.justification) === key;
}

/** Our schedules on exactly spec.scope that have not ended, and our requests still being provisioned. */
export async function ownPim(ctx: AzureContext, spec: OwnSpec, operation: string): Promise<OwnPim> {
  const scope = sdkScope(spec.scope);
  const filter = `principalId eq '${spec.principal}'`;
  const atScope = (s: string | undefined) => s?.toLowerCase() === spec.scope.toLowerCase();
  try {
    const requests = (await collect(ctx.client.roleAssignmentScheduleRequests.listForScope(scope, { filter }))).filter((r) => isOwnAssign(r, spec.key) && atScope(r.scope));
    const ourRequests = new Set(requests.map((r) => lastSegment(r.name ?? r.id)));
    const schedules = await collect(ctx.client.roleAssignmentSchedules.listForScope(scope, { filter }));
    const live = schedules.filter((s) => ourRequests.has(lastSegment(s.roleAssignmentScheduleRequestId)) && atScope(s.scope)).map((s) => ({ name: s.name ?? "", end: s.endDateTime }));
    const pending = requests.filter(isPendingRequest).map((r) => ({ name: r.name ?? lastSegment(r.id), end: r.scheduleInfo?.expiration?.endDateTime }));
    return { live, pending };
  } catch (error) {
    throw azureError(operation, spec.scope, error);
  }
}
