/**
 * Azure keeps one assignment per principal, role and scope, whichever way it
 * was made: a plain PUT conflicts with a PIM-made active assignment (409
 * RoleAssignmentExists) and a PIM AdminAssign with any live assignment (400
 * RoleAssignmentExists). When access-pr's grant meets one, this says whose it
 * is — another access-pr request (in the same or the other mode) or someone
 * else's — so the refusal on the pull request can say what happens next.
 */
import type { GrantSpec } from "../../core/grant.js";
import { ProviderError } from "../provider.js";
import type { AzureContext } from "./azure-context.js";
import { collect } from "./azure-context.js";
import { sdkScope } from "./azure-scope.js";
import { MARKER, readMarker } from "./grant-marker.js";
import { lastSegment } from "./pim-own.js";
import { guidOf } from "./role-resolver.js";

export interface Holder {
  /** How it is held, in words. */
  through: string;
  /** Made by access-pr for another request. */
  ours: boolean;
}

/** "requests/azure/alice.yaml (PR #12)" from a description or justification access-pr wrote. */
function requestOf(text: string | null | undefined): string {
  const [, , path, pr, number] = (text ?? "").slice(MARKER.length).split(" ");
  return `${path ?? "another request"}${pr === "PR" && number ? ` (PR ${number})` : ""}`;
}

/** Who holds `spec.role` for `spec.principal` on exactly `spec.scope`, other than `spec.key`'s own grant. */
export async function describeHolder(ctx: AzureContext, spec: GrantSpec, roleDefinitionId: string): Promise<Holder> {
  const scope = sdkScope(spec.scope);
  const filter = `principalId eq '${spec.principal}'`;
  const same = (s: { scope?: string; roleDefinitionId?: string }) => s.scope?.toLowerCase() === spec.scope.toLowerCase() && guidOf(s.roleDefinitionId ?? "") === guidOf(roleDefinitionId);
  try {
    const instance = (await collect(ctx.client.roleAssignmentScheduleInstances.listForScope(scope, { filter }))).find(same);
    if (instance) {
      const ending = instance.endDateTime ? `ending ${instance.endDateTime.toISOString()}` : "permanent";
      const requests = await collect(ctx.client.roleAssignmentScheduleRequests.listForScope(scope, { filter }));
      const made = requests.find((r) => r.requestType === "AdminAssign" && lastSegment(r.targetRoleAssignmentScheduleId) === lastSegment(instance.roleAssignmentScheduleId));
      if (made && readMarker(made.justification) && readMarker(made.justification) !== spec.key) {
        return { ours: true, through: `access-pr's PIM assignment for ${requestOf(made.justification)}, ${ending}` };
      }
      return { ours: false, through: `a PIM active assignment access-pr did not make (schedule ${lastSegment(instance.roleAssignmentScheduleId)}, ${ending})` };
    }
    const plain = (await collect(ctx.client.roleAssignments.listForScope(scope, { filter }))).find(same);
    const key = readMarker(plain?.description);
    if (plain && key && key !== spec.key) return { ours: true, through: `access-pr's plain role assignment for ${requestOf(plain.description)}` };
    return { ours: false, through: `role assignment ${plain?.name ?? "(not listed)"} that access-pr did not make` };
  } catch {
    // The refusal itself is what matters; who holds it is a courtesy.
    return { ours: false, through: "an assignment access-pr could not identify" };
  }
}

/** The refusal: nothing granted, nothing taken over, and what happens next. */
export function heldElsewhere(spec: GrantSpec, holder: Holder): ProviderError {
  const next = holder.ours
    ? "That request keeps it until its own window ends or it is revoked, and revoking one request never removes the other's access; access-pr grants this request at the first reconcile after that, if its window is still open. To avoid the overlap, ask for this role once, or use one azure_mode for this role and scope."
    : "Remove that standing assignment (Access control (IAM) > Role assignments, or PIM > Azure resources > Assignments) if access should be just-in-time.";
  return new ProviderError(
    "azure",
    "grant",
    `${spec.principal} already holds ${spec.role} on ${spec.scope} through ${holder.through}; Azure keeps one assignment per principal, role and scope, so access-pr left it untouched and granted nothing for this request. ${next}`,
  );
}
