/** One line per provider a plan grants on: what ending the access early (a `/revoke`, a deletion) ends at once, and what it cannot. */
import type { ProviderName } from "../core/grant.js";
import { AZURE_REVOKE_LIMIT } from "../providers/azure/revoke-limit.js";
import { GCP_REVOKE_LIMIT } from "../providers/gcp/revoke-limit.js";

const LIMITS: Readonly<Record<ProviderName, string>> = { gcp: GCP_REVOKE_LIMIT, azure: AZURE_REVOKE_LIMIT };

/**
 * @example
 *   revokeLimits(["gcp"]); // "Ending it early (`/revoke`, or deleting the file):\n- GCP: a revoke removes …"
 */
export function revokeLimits(providers: Iterable<ProviderName>): string | undefined {
  const involved = (Object.keys(LIMITS) as ProviderName[]).filter((p) => new Set(providers).has(p));
  if (involved.length === 0) return undefined;
  return ["Ending it early (`/revoke`, or deleting the file):", ...involved.map((p) => `- ${LIMITS[p]}`)].join("\n");
}
