/** Turns an evaluated grant into what a provider is asked to do. */
import type { GrantOrigin, GrantSpec } from "../core/grant.js";
import { grantKey } from "../core/grant-key.js";
import { providerDefinitions } from "../providers/definitions.js";
import type { PlannedGrant } from "./evaluate.js";

/**
 * @example
 *   const specs = result.grants.map((g) => toGrantSpec(g, { repo: "acme/access", requestPath, requester: "alice", approvers: ["bob"], reason, pr: 12 }));
 */
export function toGrantSpec(planned: PlannedGrant, origin: GrantOrigin): GrantSpec {
  if (planned.principal === null) {
    throw new Error(`toGrantSpec: grant ${planned.index + 1} of ${origin.requestPath} has no principal; evaluate with a requester before granting`);
  }
  const target = { provider: planned.provider, scope: planned.scope, role: planned.role, principal: planned.principal };
  return {
    ...target,
    ...providerDefinitions[planned.provider].optionsOf(planned),
    ...(planned.privilegedRoleAllowed ? { privilegedRoleAllowed: true } : {}),
    window: { start: planned.window.start, end: planned.window.end },
    key: grantKey(origin.repo, origin.requestPath, target),
    origin,
  };
}
