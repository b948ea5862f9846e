/** azureMode "pim": a PIM active assignment that Azure itself ends at the window's end. */
import type { RoleAssignmentScheduleRequest } from "@azure/arm-authorization";
import type { GrantSpec, HeldGrant } from "../../core/grant.js";
import { ProviderError } from "../provider.js";
import type { AzureContext } from "./azure-context.js";
import { collect } from "./azure-context.js";
import { armCode, armStatus, azureError } from "./azure-errors.js";
import { sdkScope } from "./azure-scope.js";
import { deterministicGuid } from "./deterministic-guid.js";
import { describeHolder, heldElsewhere } from "./existing-holder.js";
import { justification, markerRepo, readMarker } from "./grant-marker.js";
import { isPendingRequest, lastSegment, ownPim } from "./pim-own.js";
import { explainPolicyRefusal } from "./pim-policy-refusal.js";
import { retryUntilPrincipalFound } from "./principal-retry.js";
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
    throw await refusal(ctx, spec, roleDefinitionId, error);
  }
}

/** A refusal of an AdminAssign, in words that name what to change. */
async function refusal(ctx: AzureContext, spec: GrantSpec, roleDefinitionId: string, error: unknown): Promise<ProviderError> {
  const code = armCode(error);
  if (code === "ActiveDurationTooShort") return tooShort(spec, error);
  if (code === "RoleAssignmentRequestPolicyValidationFailed") return explainPolicyRefusal(ctx, spec, roleDefinitionId, error);
  return azureError("grant", spec.scope, error);
}

async function assign(ctx: AzureContext, spec: GrantSpec, roleDefinitionId: string, name: string): Promise<void> {
  const now = ctx.clock.now();
  const start = spec.window.start > now ? spec.window.start : now;
  // Justification (request, PR, approvers, reason) and the ticket always go along: role settings may require them.
  await retryUntilPrincipalFound(ctx, spec, () =>
    ctx.client.roleAssignmentScheduleRequests.create(sdkScope(spec.scope), name, {
      roleDefinitionId,
      principalId: spec.principal,
      requestType: "AdminAssign",
      scheduleInfo: { startDateTime: start, expiration: { type: "AfterDateTime", endDateTime: spec.window.end } },
      justification: justification(spec),
      ticketInfo: spec.origin.ticket ? { ticketNumber: spec.origin.ticket, ticketSystem: "access-pr" } : undefined,
    }),
  );
  ctx.log.info({ scope: spec.scope, role: spec.role, principal: spec.principal, key: spec.key, end: spec.window.end.toISOString(), name }, "azure PIM assignment requested");
}

function tooShort(spec: GrantSpec, error: unknown): ProviderError {
  return new ProviderError(
    "azure",
    "grant",
    `Azure PIM refuses an active assignment shorter than 5 minutes (ActiveDurationTooShort); the window ending ${spec.window.end.toISOString()} has less than that left, so nothing was granted`,
    error,
  );
}

/** A request under a fresh name, for when the deterministic one is used up (replaced or removed earlier). */
async function assignAgain(ctx: AzureContext, spec: GrantSpec, roleDefinitionId: string, reason: string): Promise<void> {
  const name = deterministicGuid(`pim|${spec.key}|${spec.window.end.toISOString()}|${reason}|${ctx.clock.now().toISOString()}`);
  try {
    await assign(ctx, spec, roleDefinitionId, name);
  } catch (error) {
    throw await refusal(ctx, spec, roleDefinitionId, error);
  }
}

/** The same request name exists: a retry of our own request is success (even while PIM still provisions it); anything else is reported. */
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
  if (isPendingRequest(existing)) {
    ctx.log.info({ scope: spec.scope, key: spec.key, name, status: existing.status }, "azure PIM request still provisioning");
    return;
  }
  // Our own request, but its schedule may since have been removed (drift, or a revoke then a re-grant).
  return settleOwn(ctx, spec, roleDefinitionId, () => assignAgain(ctx, spec, roleDefinitionId, "again"));
}

/**
 * An extension (or a shorter window) of our own grant: PIM keeps one active
 * schedule per principal, role and scope, so the old one is removed (or its
 * request cancelled while still provisioning) and the new one requested right
 * after. A crash in between leaves nothing held, and the next reconcile grants again.
 */
async function replaceSchedule(ctx: AzureContext, spec: GrantSpec, roleDefinitionId: string): Promise<void> {
  await revokePim(ctx, spec, async () => roleDefinitionId);
  await assignAgain(ctx, spec, roleDefinitionId, "replace");
}

/** What to do when PIM already knows our work for this key: nothing if it has this window, replace it if not, `otherwise` when there is none. */
async function settleOwn(ctx: AzureContext, spec: GrantSpec, roleDefinitionId: string, otherwise: () => Promise<void>): Promise<void> {
  const { live, pending } = await ownPim(ctx, spec, "grant");
  const ours = [...live, ...pending];
  if (ours.some((s) => s.end?.getTime() === spec.window.end.getTime())) return;
  if (ours.length > 0) return replaceSchedule(ctx, spec, roleDefinitionId);
  return otherwise();
}

/** PIM already shows this role for this principal here: ours (provisioned or still provisioning) is fine; otherwise do not claim it. */
async function explainExisting(ctx: AzureContext, spec: GrantSpec, roleDefinitionId: string): Promise<void> {
  return settleOwn(ctx, spec, roleDefinitionId, () => foreignAssignment(ctx, spec, roleDefinitionId));
}

/** Someone else's assignment, or another request's: say whose, and what happens next. */
async function foreignAssignment(ctx: AzureContext, spec: GrantSpec, roleDefinitionId: string): Promise<never> {
  throw heldElsewhere(spec, await describeHolder(ctx, spec, roleDefinitionId));
}

/** Cancel our requests still provisioning, then remove our provisioned schedules. */
export async function revokePim(ctx: AzureContext, spec: RevokeSpec, roleDefinitionId: () => Promise<string>): Promise<void> {
  const first = await ownPim(ctx, spec, "revoke");
  for (const request of first.pending) {
    try {
      await ctx.client.roleAssignmentScheduleRequests.cancel(sdkScope(spec.scope), request.name);
      ctx.log.info({ scope: spec.scope, role: spec.role, principal: spec.principal, key: spec.key, name: request.name }, "azure PIM request cancelled while provisioning");
    } catch (error) {
      // Provisioned in the meantime: it is removed below like any schedule.
      if (armStatus(error) !== 400) throw azureError("revoke", spec.scope, error);
    }
  }
  const { live } = first.pending.length > 0 ? await ownPim(ctx, spec, "revoke") : first;
  for (const schedule of live) {
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

/** Our active PIM assignments, and our requests PIM is still provisioning (held as pending, so the reconciler waits for them). */
export async function listPim(ctx: AzureContext, scope: string): Promise<HeldGrant[]> {
  let requests, instances;
  try {
    requests = await collect(ctx.client.roleAssignmentScheduleRequests.listForScope(sdkScope(scope)));
    instances = await collect(ctx.client.roleAssignmentScheduleInstances.listForScope(sdkScope(scope)));
  } catch (error) {
    throw azureError("list", scope, error);
  }
  const keyBySchedule = new Map<string, string>();
  const repoBySchedule = new Map<string, ReturnType<typeof markerRepo>>();
  const held: HeldGrant[] = [];
  for (const r of requests) {
    const key = readMarker(r.justification);
    if (r.requestType !== "AdminAssign" || !key) continue;
    if (r.targetRoleAssignmentScheduleId) keyBySchedule.set(lastSegment(r.targetRoleAssignmentScheduleId), key);
    if (r.targetRoleAssignmentScheduleId) repoBySchedule.set(lastSegment(r.targetRoleAssignmentScheduleId), markerRepo(r.justification));
    if (isPendingRequest(r) && r.scope && r.principalId && r.roleDefinitionId) {
      const end = r.scheduleInfo?.expiration?.endDateTime;
      held.push({ provider: "azure", scope: r.scope, role: await ctx.roles.name(scope, r.roleDefinitionId), principal: r.principalId, key, ...markerRepo(r.justification), ...(end ? { end } : {}), handle: r.id, pending: true });
    }
  }
  for (const i of instances) {
    const key = keyBySchedule.get(lastSegment(i.roleAssignmentScheduleId));
    if (!key || !i.scope || !i.principalId || !i.roleDefinitionId) continue;
    held.push({ provider: "azure", scope: i.scope, role: await ctx.roles.name(scope, i.roleDefinitionId), principal: i.principalId, key, ...repoBySchedule.get(lastSegment(i.roleAssignmentScheduleId)), end: i.endDateTime, handle: i.roleAssignmentScheduleId });
  }
  return held;
}
