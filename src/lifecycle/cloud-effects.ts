/** Grants and revocations at the providers, all or nothing per request. */
import type { GrantSpec, HeldGrant, RevokeTarget } from "../core/grant.js";
import { providerDefinitions } from "../providers/definitions.js";
import type { ProviderRegistry } from "../providers/registry.js";

export type GrantOutcome = { ok: true } | { ok: false; index: number; spec: GrantSpec; message: string; rollbackFailures: string[] };

/**
 * Applies every grant of one request; when one fails, revokes those applied
 * before it (invariant 12) and says which failed and why.
 *
 * @example
 *   const outcome = await grantAll(providers, request.specs);
 *   if (!outcome.ok) outcome.message; // "azure grant: …"
 */
export async function grantAll(providers: ProviderRegistry, specs: GrantSpec[]): Promise<GrantOutcome> {
  const applied: GrantSpec[] = [];
  for (const [index, spec] of specs.entries()) {
    try {
      const provider = providers.get(spec.provider);
      if (!provider) throw new Error(`no ${spec.provider} provider is configured in this app`);
      await provider.grant(spec);
      applied.push(spec);
    } catch (error) {
      const rollbackFailures: string[] = [];
      for (const done of applied.reverse()) {
        try {
          await providers.get(done.provider)?.revoke(done);
        } catch (rollback) {
          rollbackFailures.push(`${done.key}: ${(rollback as Error).message}`);
        }
      }
      return { ok: false, index, spec, message: (error as Error).message, rollbackFailures };
    }
  }
  return { ok: true };
}

/** What a provider needs to revoke a grant it reported holding. */
export function revokeTargetOf(held: HeldGrant): RevokeTarget {
  return {
    ...providerDefinitions[held.provider].revokeOptions(held),
    scope: held.scope,
    role: held.role,
    principal: held.principal,
    key: held.key,
    origin: { repo: "", requestPath: "", requester: "", approvers: [], reason: "" },
    ...(held.end ? { endedAt: held.end } : {}),
  };
}

/** A held-grant view of a spec, for sweeps that revoke without listing the cloud first. */
export function assumedHeld(spec: GrantSpec): HeldGrant {
  const handle = providerDefinitions[spec.provider].assumedHandle?.(spec);
  return { provider: spec.provider, scope: spec.scope, role: spec.role, principal: spec.principal, key: spec.key, end: spec.window.end, ...(handle ? { handle } : {}) };
}
