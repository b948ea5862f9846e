/** Plain-words renderings of evaluation results, shared by the CLI and the app's comments. */
import { formatDuration } from "../core/duration.js";
import { providerDefinitions } from "../providers/definitions.js";
import type { PlannedGrant } from "./evaluate.js";
import type { ApproverRequirement } from "./types.js";

/**
 * @example
 *   describeGrant(planned);
 *   // "gcp roles/cloudsql.client on projects/payments-prod for alice (user:alice@acme.example), 2 hours, rule payments-prod-db"
 */
export function describeGrant(grant: PlannedGrant): string {
  const who = grant.principal === null ? "the requester" : `${grant.principalName} (${grant.principal})`;
  const mode = providerDefinitions[grant.provider].describeMode?.(grant) ?? "";
  return `${grant.provider} ${grant.role} on ${grant.scope} for ${who}, ${formatDuration(grant.durationMs)}${mode}, rule ${grant.rule}`;
}

/**
 * @example
 *   describeApprovers({ rule: "payments-prod-db", users: [], teams: ["acme/sre"], min: 1 });
 *   // "1 approval from acme/sre (rule payments-prod-db), on top of CODEOWNERS"
 */
export function describeApprovers(requirement: ApproverRequirement): string {
  const from = [...requirement.users, ...requirement.teams].join(", ");
  return `${requirement.min} approval${requirement.min === 1 ? "" : "s"} from ${from} (rule ${requirement.rule}), on top of CODEOWNERS`;
}
