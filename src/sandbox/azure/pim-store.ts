import { randomUUID } from "node:crypto";
import { ArmError, badRequest } from "./arm-error.js";
import { isGuid, sameScope } from "./arm-scope.js";
import { roleById } from "./built-in-roles.js";
import { sameRole } from "./role-assignment-store.js";
import type { RoleAssignmentStore } from "./role-assignment-store.js";
import type { EntraPrincipals } from "./entra-principals.js";
import type { RoleSettingsStore } from "./role-settings.js";

export interface ScheduleRecord {
  name: string;
  scope: string;
  roleDefinitionId: string;
  principalId: string;
  principalType: string;
  requestId: string;
  /** The name of the role assignment PIM makes while the schedule is active (the instance's originRoleAssignmentId). */
  assignmentName: string;
  start: Date;
  end?: Date;
  /** PIM provisions asynchronously: before this the schedule and its instance do not exist. */
  provisionAt: Date;
  /** When its request was cancelled before provisioning; it never comes to exist. */
  canceledAt?: Date;
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
  /** The schedule an AdminAssign made (pending until provisioned). */
  schedule?: ScheduleRecord;
  createdOn: Date;
  requestorId: string;
}

/** PIM refuses an active assignment shorter than five minutes (ActiveDurationTooShort). */
export const MIN_ACTIVE_DURATION_MS = 5 * 60 * 1000;
/** How long a request waits before its schedule exists; reported as 5 to 15 minutes in practice. */
export const DEFAULT_PROVISIONING_DELAY_MS = 3 * 60 * 1000;

// The ids as the 2020-10-01 examples spell them: capitalised resource types, and
// targetRoleAssignmentScheduleId as a bare GUID (PutRoleAssignmentScheduleRequest.json).
export function scheduleId(s: Pick<ScheduleRecord, "scope" | "name">): string {
  return `${s.scope}/providers/Microsoft.Authorization/RoleAssignmentSchedules/${s.name}`;
}

export function requestId(r: Pick<ScheduleRequestRecord, "scope" | "name">): string {
  return `${r.scope}/providers/Microsoft.Authorization/RoleAssignmentScheduleRequests/${r.name}`;
}

/** Provisioned and not cancelled: the schedule exists. */
export function isProvisioned(s: ScheduleRecord, at: Date): boolean {
  return s.canceledAt === undefined && s.provisionAt.getTime() <= at.getTime();
}

export function isActiveAt(s: ScheduleRecord, at: Date): boolean {
  const t = at.getTime();
  return isProvisioned(s, at) && s.start.getTime() <= t && (s.end === undefined || t < s.end.getTime()) && (s.removedAt === undefined || t < s.removedAt.getTime());
}

/** Not yet over: active now, starting later, or still being provisioned. */
function isLive(s: ScheduleRecord, now: Date): boolean {
  return s.canceledAt === undefined && s.removedAt === undefined && (s.end === undefined || now.getTime() < s.end.getTime());
}

/** The request's status as PIM reports it at `now`. */
export function requestStatus(r: ScheduleRequestRecord, now: Date): string {
  const schedule = r.schedule;
  if (r.requestType !== "AdminAssign" || !schedule) return r.status;
  if (schedule.canceledAt) return "Canceled";
  if (!isProvisioned(schedule, now)) return "PendingProvisioning";
  return schedule.start.getTime() <= now.getTime() ? "Provisioned" : "ScheduleCreated";
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
  provisioningDelayMs = DEFAULT_PROVISIONING_DELAY_MS;

  constructor(
    private readonly assignments: RoleAssignmentStore,
    private readonly settings: RoleSettingsStore,
    private readonly principals: EntraPrincipals,
  ) {}

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
    if (input.requestType === "AdminAssign") {
      const missing = this.principals.refusal(principalId, now);
      if (missing) throw missing;
      return this.assign(base, input, now);
    }
    if (input.requestType === "AdminRemove") return this.remove(base, now);
    throw badRequest("InvalidRequestType", `The request type '${String(input.requestType)}' is not supported by this emulator; use AdminAssign or AdminRemove.`);
  }

  private assign(base: Omit<ScheduleRequestRecord, "requestType" | "status">, input: ScheduleRequestInput, now: Date): ScheduleRequestRecord {
    const { start, end } = scheduleWindow(input, now);
    if (end !== undefined && end.getTime() <= start.getTime()) {
      throw badRequest("InvalidScheduleInfo", "The expiration of the schedule must be after its start.");
    }
    const duration = end === undefined ? Infinity : end.getTime() - start.getTime();
    if (end !== undefined && end.getTime() - Math.max(start.getTime(), now.getTime()) < MIN_ACTIVE_DURATION_MS) {
      throw badRequest("ActiveDurationTooShort", "The role assignment's active duration is too short: it must last at least 5 minutes.");
    }
    // The app's identity is a service principal, which cannot complete MFA (Learn, "privileged role common errors": MfaRule).
    const failed = this.settings.failedRules(base.scope, base.roleDefinitionId, { durationMs: duration, justification: base.justification, ticketNumber: base.ticketInfo?.ticketNumber, mfa: false });
    if (failed.length > 0) throw badRequest("RoleAssignmentRequestPolicyValidationFailed", `The following policy rules failed: ${JSON.stringify(failed)}`);
    const taken =
      this.schedules.some((s) => sameScope(s.scope, base.scope) && s.principalId.toLowerCase() === base.principalId.toLowerCase() && sameRole(s.roleDefinitionId, base.roleDefinitionId) && isLive(s, now)) ||
      this.assignments.find(base.scope, base.principalId, base.roleDefinitionId) !== undefined;
    if (taken) throw badRequest("RoleAssignmentExists", "The Role assignment already exists.");
    const provisionAt = new Date(now.getTime() + this.provisioningDelayMs);
    const schedule: ScheduleRecord = { ...base, name: randomUUID(), assignmentName: randomUUID(), requestId: requestId(base), start, end, provisionAt, createdOn: now };
    this.schedules.push(schedule);
    const request: ScheduleRequestRecord = { ...base, requestType: "AdminAssign", start, end, targetScheduleId: schedule.name, schedule, status: "Accepted" };
    this.requests.push(request);
    return request;
  }

  private remove(base: Omit<ScheduleRequestRecord, "requestType" | "status">, now: Date): ScheduleRequestRecord {
    const matches = (s: { scope: string; principalId: string; roleDefinitionId: string }) =>
      sameScope(s.scope, base.scope) && s.principalId.toLowerCase() === base.principalId.toLowerCase() && sameRole(s.roleDefinitionId, base.roleDefinitionId);
    // A schedule still being provisioned does not exist yet: only cancelling its request stops it.
    const schedule = this.schedules.find((s) => matches(s) && isLive(s, now) && isProvisioned(s, now));
    // PIM shows permanent assignments as active ones too, and AdminRemove ends them alike.
    const plain = this.assignments.find(base.scope, base.principalId, base.roleDefinitionId);
    if (!schedule && !plain) throw badRequest("RoleAssignmentDoesNotExist", "The Role assignment does not exist.");
    if (schedule) schedule.removedAt = now;
    if (plain) this.assignments.remove(plain);
    const request: ScheduleRequestRecord = { ...base, requestType: "AdminRemove", status: "Revoked", targetScheduleId: schedule?.name };
    this.requests.push(request);
    return request;
  }

  /** POST …/cancel: only a request still pending can be cancelled; its schedule then never comes to exist. */
  cancel(scope: string, name: string, now: Date): void {
    const request = this.getRequest(scope, name);
    if (!request) throw new ArmError(404, "RoleAssignmentScheduleRequestNotFound", `The role assignment schedule request '${name}' is not found.`);
    const status = requestStatus(request, now);
    if (status !== "PendingProvisioning" || !request.schedule) {
      throw badRequest("InvalidRequestState", `The role assignment schedule request '${name}' is ${status}; only a pending request can be cancelled.`);
    }
    request.schedule.canceledAt = now;
  }

  /** PIM-made role assignments: one per active schedule, listed among role assignments. */
  activeAssignments(now: Date): ScheduleRecord[] {
    return this.schedules.filter((s) => isActiveAt(s, now));
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
