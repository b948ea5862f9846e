/** azureMode "pim": a PIM active assignment that Azure itself ends at the window's end. */
import type { RoleAssignmentScheduleRequest } from "@azure/arm-authorization";
import type { GrantSpec, HeldGrant } from "../../core/grant.js";
import { ProviderError } from "../provider.js";
import type { AzureContext } from "./azure-context.js";
import { collect } from "./azure-context.js";
import { armCode, azureError } from "./azure-errors.js";
import { sdkScope } from "./azure-scope.js";
import { deterministicGuid } from "./deterministic-guid.js";
import { justification, readMarker } from "./grant-marker.js";
import { guidOf } from "./role-resolver.js";

type RevokeSpec = Pick<GrantSpec, "scope" | "role" | "principal" | "key">;

/** One request name per key and window end: a retry reuses it, an extension gets a new one. */
export function pimRequestName(key: string, end: Date): string {
  return deterministicGuid(`pim|${key}|${end.toISOString()}`);
}

export async function grantPim(ctx: AzureContext, spec: GrantSpec, roleDefinitionId: string): Promise<void> {
  const name = pimRequestName(spec.key, spec.window.end);
  try {
    await assign(ctx, spec, roleDefinitionId, name);
  } catch (error) {
    const code = armCode(error);
    if (code === "RoleAssignmentRequestExists") return confirmOwnRequest(ctx, spec, name, roleDefinitionId);
    if (code === "RoleAssignmentExists") return explainExisting(ctx, spec, roleDefinitionId);
    throw azureError("grant", spec.scope, error);
  }
}

async function assign(ctx: AzureContext, spec: GrantSpec, roleDefinitionId: string, name: string): Promise<void> {
  const now = ctx.clock.now();
  const start = spec.window.start > now ? spec.window.start : now;
  await ctx.client.roleAssignmentScheduleRequests.create(sdkScope(spec.scope), name, {
    roleDefinitionId,
    principalId: spec.principal,
    requestType: "AdminAssign",
    scheduleInfo: { startDateTime: start, expiration: { type: "AfterDateTime", endDateTime: spec.window.end } },
    justification: justification(spec),
    ticketInfo: spec.origin.ticket ? { ticketNumber: spec.origin.ticket, ticketSystem: "access-pr" } : undefined,
  });
  ctx.log.info({ scope: spec.scope, role: spec.role, principal: spec.principal, key: spec.key, end: spec.window.end.toISOString(), name }, "azure PIM assignment requested");
}

/** A request under a fresh name, for when the deterministic one is used up (replaced or removed earlier). */
async function assignAgain(ctx: AzureContext, spec: GrantSpec, roleDefinitionId: string, reason: string): Promise<void> {
  const name = deterministicGuid(`pim|${spec.key}|${spec.window.end.toISOString()}|${reason}|${ctx.clock.now().toISOString()}`);
  try {
    await assign(ctx, spec, roleDefinitionId, name);
  } catch (error) {
    throw azureError("grant", spec.scope, error);
  }
}

/** The same request name exists: a retry of our own request is success; anything else is reported. */
async function confirmOwnRequest(ctx: AzureContext, spec: GrantSpec, name: string, roleDefinitionId: string): Promise<void> {
  let existing: RoleAssignmentScheduleRequest;
  try {
    existing = await ctx.client.roleAssignmentScheduleRequests.get(sdkScope(spec.scope), name);
  } catch (error) {
    throw azureError("grant", spec.scope, error);
  }
  const same =
    existing.requestType === "AdminAssign" &&
    existing.principalId?.toLowerCase() === spec.principal.toLowerCase() &&
    guidOf(existing.roleDefinitionId ?? "") === guidOf(roleDefinitionId) &&
    readMarker(existing.justification) === spec.key;
  if (!same) throw new ProviderError("azure", "grant", `PIM request ${name} on ${spec.scope} exists but is not access-pr's request for ${spec.key}; nothing was granted`);
  // Our own request, but its schedule may since have been removed (drift, or a revoke then a re-grant).
  const live = await ownLiveSchedules(ctx, spec, "grant");
  if (live.some((s) => s.end?.getTime() === spec.window.end.getTime())) return;
  if (live.length > 0) return replaceSchedule(ctx, spec, roleDefinitionId);
  return assignAgain(ctx, spec, roleDefinitionId, "again");
}

/**
 * An extension (or a shorter window) of our own live grant: PIM keeps one
 * active schedule per principal, role and scope, so the old one is removed and
 * the new one requested right after. A crash in between leaves nothing held,
 * and the next reconcile grants again.
 */
async function replaceSchedule(ctx: AzureContext, spec: GrantSpec, roleDefinitionId: string): Promise<void> {
  await revokePim(ctx, spec, async () => roleDefinitionId);
  await assignAgain(ctx, spec, roleDefinitionId, "replace");
}

/** PIM already shows this role for this principal here: ours for this window is fine; otherwise do not claim it. */
async function explainExisting(ctx: AzureContext, spec: GrantSpec, roleDefinitionId: string): Promise<void> {
  const ours = await ownLiveSchedules(ctx, spec, "grant");
  if (ours.some((s) => s.end?.getTime() === spec.window.end.getTime())) return;
  if (ours.length > 0) return replaceSchedule(ctx, spec, roleDefinitionId);
  throw new ProviderError(
    "azure",
    "grant",
    `${spec.principal} already holds ${spec.role} on ${spec.scope} through an assignment access-pr did not make; access-pr left it untouched and granted nothing. Remove that standing assignment if access should be just-in-time.`,
  );
}

interface OwnSchedule {
  name: string;
  end?: Date;
}

/** Schedules on exactly spec.scope that not yet ended and came from our AdminAssign requests for spec.key. */
async function ownLiveSchedules(ctx: AzureContext, spec: RevokeSpec, operation: string): Promise<OwnSchedule[]> {
  const scope = sdkScope(spec.scope);
  const filter = `principalId eq '${spec.principal}'`;
  try {
    const requests = await collect(ctx.client.roleAssignmentScheduleRequests.listForScope(scope, { filter }));
    const ourRequestIds = new Set(
      requests
        .filter((r) => r.requestType === "AdminAssign" && readMarker(r.justification) === spec.key && r.scope?.toLowerCase() === spec.scope.toLowerCase())
        .map((r) => r.id?.toLowerCase()),
    );
    const schedules = await collect(ctx.client.roleAssignmentSchedules.listForScope(scope, { filter }));
    return schedules
      .filter((s) => ourRequestIds.has(s.roleAssignmentScheduleRequestId?.toLowerCase()) && s.scope?.toLowerCase() === spec.scope.toLowerCase())
      .map((s) => ({ name: s.name ?? "", end: s.endDateTime }));
  } catch (error) {
    throw azureError(operation, spec.scope, error);
  }
}

export async function revokePim(ctx: AzureContext, spec: RevokeSpec, roleDefinitionId: () => Promise<string>): Promise<void> {
  const ours = await ownLiveSchedules(ctx, spec, "revoke");
  for (const schedule of ours) {
    const name = deterministicGuid(`pim-remove|${spec.key}|${schedule.name}`);
    try {
      await ctx.client.roleAssignmentScheduleRequests.create(sdkScope(spec.scope), name, {
        roleDefinitionId: await roleDefinitionId(),
        principalId: spec.principal,
        requestType: "AdminRemove",
        justification: `access-pr:${spec.key} window over or revoked`,
      });
      ctx.log.info({ scope: spec.scope, role: spec.role, principal: spec.principal, key: spec.key, name }, "azure PIM assignment removed");
    } catch (error) {
      // Already ended (by Azure at the window's end, or by an earlier attempt of this revoke).
      const code = armCode(error);
      if (code === "RoleAssignmentDoesNotExist" || code === "RoleAssignmentRequestExists") continue;
      throw azureError("revoke", spec.scope, error);
    }
  }
}

export async function listPim(ctx: AzureContext, scope: string): Promise<HeldGrant[]> {
  let requests, instances;
  try {
    requests = await collect(ctx.client.roleAssignmentScheduleRequests.listForScope(sdkScope(scope)));
    instances = await collect(ctx.client.roleAssignmentScheduleInstances.listForScope(sdkScope(scope)));
  } catch (error) {
    throw azureError("list", scope, error);
  }
  const keyBySchedule = new Map<string, string>();
  for (const r of requests) {
    const key = readMarker(r.justification);
    if (r.requestType === "AdminAssign" && key && r.targetRoleAssignmentScheduleId) keyBySchedule.set(r.targetRoleAssignmentScheduleId.toLowerCase(), key);
  }
  const held: HeldGrant[] = [];
  for (const i of instances) {
    const key = keyBySchedule.get(i.roleAssignmentScheduleId?.toLowerCase() ?? "");
    if (!key || !i.scope || !i.principalId || !i.roleDefinitionId) continue;
    held.push({ provider: "azure", scope: i.scope, role: await ctx.roles.name(scope, i.roleDefinitionId), principal: i.principalId, key, end: i.endDateTime, handle: i.roleAssignmentScheduleId });
  }
  return held;
}
