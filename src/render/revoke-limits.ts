/** One line per provider a plan grants on: what ending the access early (a `/revoke`, a deletion) ends at once, and what it cannot. */
import type { ProviderName } from "../core/grant.js";
import { definedProviders, providerDefinitions } from "../providers/definitions.js";

/**
 * @example
 *   revokeLimits(["gcp"]); // "Ending it early (`/revoke`, or deleting the file):\n- GCP: a revoke removes …"
 */
export function revokeLimits(providers: Iterable<ProviderName>): string | undefined {
  const involved = definedProviders.filter((p) => new Set(providers).has(p));
  if (involved.length === 0) return undefined;
  return ["Ending it early (`/revoke`, or deleting the file):", ...involved.map((p) => `- ${providerDefinitions[p].revokeLimit}`)].join("\n");
}
