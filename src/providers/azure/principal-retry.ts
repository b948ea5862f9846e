/**
 * Entra ID replicates a new principal to ARM within seconds to minutes, and
 * until then ARM answers 400 PrincipalNotFound ("Troubleshoot Azure RBAC",
 * Microsoft Learn). So the first refusals are waited out with backoff, on the
 * injected wait (the shared clock in tests and the sandbox); only when they
 * persist is the principal taken to be missing.
 */
import type { GrantSpec } from "../../core/grant.js";
import { formatDuration } from "../../core/duration.js";
import { ProviderError } from "../provider.js";
import type { AzureContext } from "./azure-context.js";
import { armCode } from "./azure-errors.js";

/** 10 s, 20 s, 40 s, 80 s: two and a half minutes in all, within the reported replication delays. */
export const PRINCIPAL_RETRY_DELAYS_MS = [10_000, 20_000, 40_000, 80_000] as const;

/**
 * Runs `attempt` until ARM finds the principal or the delays are used up.
 *
 * @example
 *   await retryUntilPrincipalFound(ctx, spec, () => client.roleAssignments.create(…));
 */
export async function retryUntilPrincipalFound<T>(ctx: AzureContext, spec: Pick<GrantSpec, "principal" | "scope" | "role" | "key" | "origin">, attempt: () => Promise<T>): Promise<T> {
  for (const [tries, delayMs] of [...PRINCIPAL_RETRY_DELAYS_MS, undefined].entries()) {
    try {
      return await attempt();
    } catch (error) {
      if (armCode(error) !== "PrincipalNotFound") throw error;
      if (delayMs === undefined) throw principalMissing(spec, error);
      ctx.log.warn({ principal: spec.principal, scope: spec.scope, key: spec.key, tries: tries + 1, retryInMs: delayMs }, "azure does not find the principal yet (replication); retrying");
      await ctx.wait(delayMs);
    }
  }
  throw new Error("unreachable: the last attempt either returns or throws");
}

function principalMissing(spec: Pick<GrantSpec, "principal" | "origin">, error: unknown): ProviderError {
  const waited = formatDuration(PRINCIPAL_RETRY_DELAYS_MS.reduce((a, b) => a + b, 0));
  return new ProviderError(
    "azure",
    "grant",
    `Entra ID has no principal ${spec.principal} (PrincipalNotFound), still after ${waited} of retries; a principal created moments ago can take a few minutes to appear, but this one did not. Check the object id listed for ${spec.origin.requester} in identities.yaml against Entra ID (Users, Groups or Enterprise applications > Object ID) in the tenant of access-pr's identity; if the principal was just created, nothing needs changing`,
    error,
  );
}
