/**
 * What GCP says about a grant beyond its shape: IAM conditions enforce both
 * ends of the window, members are case-sensitive, identities name a member.
 *
 * @example
 *   gcpGrantFacts.describeEffect(spec, now); // ["IAM condition ", { code: 'request.time < timestamp("…")' }]
 */
import type { ProviderDefinition } from "../definition.js";
import { bindingCondition } from "./gcp-binding.js";

type GrantFacts = Pick<ProviderDefinition<"gcp">, "enforcesStart" | "endsItself" | "describeEffect" | "principalOf" | "grantOptions" | "optionsOf" | "revokeOptions" | "principalKey">;

export function gcpGrantFacts(principalProblem: (principal: string) => string | undefined): GrantFacts {
  return {
    enforcesStart: () => true,
    // The binding's condition expires with the window.
    endsItself: () => true,
    describeEffect: (spec, now) => ["IAM condition ", { code: bindingCondition(spec, now).expression }],
    principalOf(identity) {
      if (!identity.gcp) return undefined;
      const refusal = principalProblem(identity.gcp);
      return { member: identity.gcp, ...(refusal ? { refusal } : {}) };
    },
    grantOptions: () => ({ provider: "gcp" }),
    optionsOf: () => ({ provider: "gcp" }),
    revokeOptions: () => ({ provider: "gcp" }),
    principalKey: (principal) => principal,
  };
}
