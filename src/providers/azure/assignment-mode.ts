/** azureMode "assignment": a plain role assignment named after the grant key, deleted on revoke. */
import type { GrantSpec, HeldGrant } from "../../core/grant.js";
import { ProviderError } from "../provider.js";
import type { AzureContext } from "./azure-context.js";
import { collect } from "./azure-context.js";
import { armCode, azureError } from "./azure-errors.js";
import { sdkScope } from "./azure-scope.js";
import { deterministicGuid } from "./deterministic-guid.js";
import { describeHolder, heldElsewhere } from "./existing-holder.js";
import { describeAssignment, markerRepo, readMarker } from "./grant-marker.js";
import { retryUntilPrincipalFound } from "./principal-retry.js";
import { guidOf } from "./role-resolver.js";

type RevokeSpec = Pick<GrantSpec, "scope" | "role" | "principal" | "key">;

export function assignmentName(key: string): string {
  return deterministicGuid(`assignment|${key}`);
}

export async function grantAssignment(ctx: AzureContext, spec: GrantSpec, roleDefinitionId: string): Promise<void> {
  const name = assignmentName(spec.key);
  try {
    await retryUntilPrincipalFound(ctx, spec, () =>
      ctx.client.roleAssignments.create(sdkScope(spec.scope), name, {
        roleDefinitionId,
        principalId: spec.principal,
        principalType: spec.provider === "azure" ? spec.principalType : undefined,
        description: describeAssignment(spec),
      }),
    );
    ctx.log.info({ scope: spec.scope, role: spec.role, principal: spec.principal, key: spec.key, name }, "azure role assignment made");
  } catch (error) {
    if (armCode(error) !== "RoleAssignmentExists") throw azureError("grant", spec.scope, error);
    await explainExisting(ctx, spec, roleDefinitionId);
  }
}

/** Same scope, principal and role under another name: ours (an older naming) is fine; another request's or a foreign one is not claimed. */
async function explainExisting(ctx: AzureContext, spec: GrantSpec, roleDefinitionId: string): Promise<void> {
  let existing;
  try {
    const listed = await collect(ctx.client.roleAssignments.listForScope(sdkScope(spec.scope), { filter: `principalId eq '${spec.principal}'` }));
    existing = listed.find((a) => a.scope?.toLowerCase() === spec.scope.toLowerCase() && guidOf(a.roleDefinitionId ?? "") === guidOf(roleDefinitionId));
  } catch (error) {
    throw azureError("grant", spec.scope, error);
  }
  if (existing && readMarker(existing.description) === spec.key) return;
  throw heldElsewhere(spec, await describeHolder(ctx, spec, roleDefinitionId));
}

export async function revokeAssignment(ctx: AzureContext, spec: RevokeSpec): Promise<void> {
  const name = assignmentName(spec.key);
  const scope = sdkScope(spec.scope);
  try {
    const existing = await ctx.client.roleAssignments.get(scope, name).catch((error: unknown) => {
      if (armCode(error) === "RoleAssignmentNotFound") return undefined;
      throw error;
    });
    if (!existing) return;
    if (readMarker(existing.description) !== spec.key || existing.principalId?.toLowerCase() !== spec.principal.toLowerCase()) {
      throw new ProviderError("azure", "revoke", `assignment ${name} on ${spec.scope} is not access-pr's assignment for ${spec.key}; left untouched`);
    }
    await ctx.client.roleAssignments.delete(scope, name);
    ctx.log.info({ scope: spec.scope, role: spec.role, principal: spec.principal, key: spec.key, name }, "azure role assignment deleted");
  } catch (error) {
    throw azureError("revoke", spec.scope, error);
  }
}

export async function listAssignments(ctx: AzureContext, scope: string): Promise<HeldGrant[]> {
  let listed;
  try {
    listed = await collect(ctx.client.roleAssignments.listForScope(sdkScope(scope)));
  } catch (error) {
    throw azureError("list", scope, error);
  }
  const held: HeldGrant[] = [];
  for (const a of listed) {
    const key = readMarker(a.description);
    if (!key || !a.scope || !a.principalId || !a.roleDefinitionId) continue;
    held.push({ provider: "azure", scope: a.scope, role: await ctx.roles.name(scope, a.roleDefinitionId), principal: a.principalId, key, ...markerRepo(a.description), handle: a.id });
  }
  return held;
}
