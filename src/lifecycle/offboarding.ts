/**
 * Offboarding: a grant was made to the principal an identities.yaml entry
 * named at merge time. When that entry is gone from the default branch (or
 * names another principal now), the person is offboarded and their active
 * grants end at once. Team changes after a merge do not revoke: the decision
 * recorded then stands. Pure.
 */
import type { LoadedAccessConfig } from "../model/access-config.js";
import type { Identity } from "../model/types.js";
import { providerDefinitions } from "../providers/definitions.js";
import type { RecordedGrant } from "./decision-record.js";
import type { ActiveRequest } from "./types.js";

/**
 * @example
 *   const requests = markOffboarded(read, configFrom(await readConfigAt(gh, repo, "main")), "main");
 *   requests.filter((r) => r.status === "backed" && r.offboarded); // end now, revert, tell the story
 */
export function markOffboarded(requests: ActiveRequest[], loaded: LoadedAccessConfig, defaultBranch: string): ActiveRequest[] {
  // A broken identities file is no evidence that anyone left: keep everyone until it is fixed.
  if (loaded.problems.some((p) => p.file.endsWith("identities.yaml"))) return requests;
  return requests.map((request) => {
    if (request.status !== "backed") return request;
    const gone = [...new Set(request.decision.grants.filter((g) => !stillNamed(loaded.config.identities, g) && !stillNamed(loaded.config.serviceIdentities, g)).map((g) => g.principalName ?? g.spec.principal))];
    if (gone.length === 0) return request;
    return { ...request, offboarded: `${gone.join(", ")} ${gone.length === 1 ? "was" : "were"} removed from access-policies/identities.yaml on ${defaultBranch} (offboarding)` };
  });
}

/** Still listed with the same principal, as a GitHub login or as a service identity (the principal must match, so a namesake in the other section keeps nothing). */
function stillNamed(identities: ReadonlyMap<string, Identity>, grant: RecordedGrant): boolean {
  if (grant.principalName === null) return true;
  const identity = identities.get(grant.principalName.toLowerCase());
  if (!identity) return false;
  const { provider, principal } = grant.spec;
  const now = providerDefinitions[provider].principalOf(identity);
  return now !== undefined && now.member.toLowerCase() === principal.toLowerCase();
}
