import { randomUUID } from "node:crypto";
import { badRequest } from "./arm-error.js";
import { isGuid, sameScope } from "./arm-scope.js";
import { roleById } from "./built-in-roles.js";
import { sameRole } from "./role-assignment-store.js";
import type { RoleAssignmentStore } from "./role-assignment-store.js";

export interface ScheduleRecord {
  name: string;
  scope: string;
  roleDefinitionId: string;
  principalId: string;
  principalType: string;
  requestId: string;
  start: Date;
  end?: Date;
  /** When an AdminRemove ended it early. */
  removedAt?: Date;
  createdOn: Date;
}

export interface ScheduleRequestRecord {
  name: string;
  scope: string;
  roleDefinitionId: string;
  principalId: string;
  principalType: string;
  requestType: "AdminAssign" | "AdminRemove";
  status: string;
  start?: Date;
  end?: Date;
  justification?: string;
  ticketInfo?: { ticketNumber?: string; ticketSystem?: string };
  targetScheduleId?: string;
  createdOn: Date;
  requestorId: string;
}

/** A default PIM policy lets an active assignment last at most six months. */
export const DEFAULT_PIM_MAX_DURATION_MS = 180 * 24 * 60 * 60 * 1000;

export function scheduleId(s: Pick<ScheduleRecord, "scope" | "name">): string {
  return `${s.scope}/providers/Microsoft.Authorization/roleAssignmentSchedules/${s.name}`;
}

export function requestId(r: Pick<ScheduleRequestRecord, "scope" | "name">): string {
  return `${r.scope}/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/${r.name}`;
}

export function isActiveAt(s: ScheduleRecord, at: Date): boolean {
  const t = at.getTime();
  return s.start.getTime() <= t && (s.end === undefined || t < s.end.getTime()) && (s.removedAt === undefined || t < s.removedAt.getTime());
}

/** Not yet over: active now or starting later. */
function isLive(s: ScheduleRecord, now: Date): boolean {
  return s.removedAt === undefined && (s.end === undefined || now.getTime() < s.end.getTime());
}

export interface ScheduleRequestInput {
  roleDefinitionId?: unknown;
  principalId?: unknown;
  requestType?: unknown;
  scheduleInfo?: { startDateTime?: unknown; expiration?: { type?: unknown; endDateTime?: unknown; duration?: unknown } };
  justification?: unknown;
  ticketInfo?: { ticketNumber?: unknown; ticketSystem?: unknown };
}

/** PIM role assignment schedule requests and the schedules they create or end. */
export class PimStore {
  readonly requests: ScheduleRequestRecord[] = [];
  readonly schedules: ScheduleRecord[] = [];
  maxDurationMs = DEFAULT_PIM_MAX_DURATION_MS;

  constructor(private readonly assignments: RoleAssignmentStore) {}

  getRequest(scope: string, name: string): ScheduleRequestRecord | undefined {
    return this.requests.find((r) => sameScope(r.scope, scope) && r.name.toLowerCase() === name.toLowerCase());
  }

  create(scope: string, name: string, input: ScheduleRequestInput, now: Date, requestorId: string): ScheduleRequestRecord {
    if (!isGuid(name)) throw badRequest("InvalidRoleAssignmentScheduleRequestName", `The role assignment schedule request name '${name}' must be a GUID.`);
    if (this.getRequest(scope, name)) throw badRequest("RoleAssignmentRequestExists", `A role assignment request with Id: ${name} already exists.`);
    const { roleDefinitionId, principalId } = input;
    if (typeof roleDefinitionId !== "string" || !roleById(roleDefinitionId)) {
      throw badRequest("RoleDefinitionDoesNotExist", `The specified role definition with ID '${String(roleDefinitionId).split("/").pop()}' does not exist.`);
    }
    if (!isGuid(principalId)) throw badRequest("InvalidPrincipalId", `A valid principal ID must be provided: '${String(principalId)}' is not a GUID.`);
    const base = {
      name, scope, roleDefinitionId, principalId, principalType: "User", createdOn: now, requestorId,
      justification: typeof input.justification === "string" ? input.justification : undefined,
      ticketInfo: input.ticketInfo ? { ticketNumber: str(input.ticketInfo.ticketNumber), ticketSystem: str(input.ticketInfo.ticketSystem) } : undefined,
    };
    if (input.requestType === "AdminAssign") return this.assign(base, input, now);
    if (input.requestType === "AdminRemove") return this.remove(base, now);
    throw badRequest("InvalidRequestType", `The request type '${String(input.requestType)}' is not supported by this emulator; use AdminAssign or AdminRemove.`);
  }

  private assign(base: Omit<ScheduleRequestRecord, "requestType" | "status">, input: ScheduleRequestInput, now: Date): ScheduleRequestRecord {
    const { start, end } = scheduleWindow(input, now);
    if (end !== undefined && end.getTime() <= start.getTime()) {
      throw badRequest("InvalidScheduleInfo", "The expiration of the schedule must be after its start.");
    }
    const duration = end === undefined ? Infinity : end.getTime() - start.getTime();
    if (duration > this.maxDurationMs) {
      throw badRequest("RoleAssignmentRequestPolicyValidationFailed", 'The following policy rules failed: ["ExpirationRule"]');
    }
    const taken =
      this.schedules.some((s) => sameScope(s.scope, base.scope) && s.principalId.toLowerCase() === base.principalId.toLowerCase() && sameRole(s.roleDefinitionId, base.roleDefinitionId) && isLive(s, now)) ||
      this.assignments.find(base.scope, base.principalId, base.roleDefinitionId) !== undefined;
    if (taken) throw badRequest("RoleAssignmentExists", "The Role assignment already exists.");
    const schedule: ScheduleRecord = { ...base, name: randomUUID(), requestId: requestId(base), start, end, createdOn: now };
    this.schedules.push(schedule);
    const request: ScheduleRequestRecord = {
      ...base, requestType: "AdminAssign", start, end, targetScheduleId: scheduleId(schedule),
      status: start.getTime() <= now.getTime() ? "Provisioned" : "ScheduleCreated",
    };
    this.requests.push(request);
    return request;
  }

  private remove(base: Omit<ScheduleRequestRecord, "requestType" | "status">, now: Date): ScheduleRequestRecord {
    const matches = (s: { scope: string; principalId: string; roleDefinitionId: string }) =>
      sameScope(s.scope, base.scope) && s.principalId.toLowerCase() === base.principalId.toLowerCase() && sameRole(s.roleDefinitionId, base.roleDefinitionId);
    const schedule = this.schedules.find((s) => matches(s) && isLive(s, now));
    // PIM shows permanent assignments as active ones too, and AdminRemove ends them alike.
    const plain = this.assignments.find(base.scope, base.principalId, base.roleDefinitionId);
    if (!schedule && !plain) throw badRequest("RoleAssignmentDoesNotExist", "The Role assignment does not exist.");
    if (schedule) schedule.removedAt = now;
    if (plain) this.assignments.remove(plain);
    const request: ScheduleRequestRecord = { ...base, requestType: "AdminRemove", status: "Revoked", targetScheduleId: schedule ? scheduleId(schedule) : undefined };
    this.requests.push(request);
    return request;
  }
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function scheduleWindow(input: ScheduleRequestInput, now: Date): { start: Date; end?: Date } {
  const info = input.scheduleInfo ?? {};
  const start = typeof info.startDateTime === "string" ? new Date(info.startDateTime) : now;
  if (Number.isNaN(start.getTime())) throw badRequest("InvalidScheduleInfo", `The start time '${String(info.startDateTime)}' is not a valid date.`);
  const expiration = info.expiration ?? { type: "NoExpiration" };
  if (expiration.type === "NoExpiration") return { start };
  if (expiration.type === "AfterDateTime") {
    const end = typeof expiration.endDateTime === "string" ? new Date(expiration.endDateTime) : new Date(NaN);
    if (Number.isNaN(end.getTime())) throw badRequest("InvalidScheduleInfo", "Expiration type AfterDateTime needs a valid endDateTime.");
    return { start, end };
  }
  if (expiration.type === "AfterDuration") {
    const ms = parseIsoDuration(expiration.duration);
    if (ms === undefined) throw badRequest("InvalidScheduleInfo", `The duration '${String(expiration.duration)}' is not an ISO 8601 duration such as PT8H.`);
    return { start, end: new Date(start.getTime() + ms) };
  }
  throw badRequest("InvalidScheduleInfo", `The expiration type '${String(expiration.type)}' is not one of AfterDateTime, AfterDuration, NoExpiration.`);
}

function parseIsoDuration(value: unknown): number | undefined {
  const m = typeof value === "string" ? /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(value) : null;
  if (!m || value === "P" || value === "PT") return undefined;
  const [d, h, min, s] = [m[1], m[2], m[3], m[4]].map((x) => Number(x ?? 0)) as [number, number, number, number];
  return (((d * 24 + h) * 60 + min) * 60 + s) * 1000;
}
