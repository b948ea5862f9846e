/**
 * What GCP IAM (or access-pr's own rules for GCP) would refuse about a grant,
 * found without calling GCP. Pure: the same checks the PR flow runs through
 * the provider definition, plus the grant key's fit in the condition title.
 *
 * @example
 *   validateGcpGrant(spec, clock.now());
 *   // [{ field: "role", message: "roles/owner is a basic role: access-pr never grants basic roles …" }]
 */
import type { GrantSpec } from "../../core/grant.js";
import type { GrantProblem } from "../provider.js";
import { MAX_KEY } from "./gcp-binding.js";
import { gcpDefinition } from "./gcp-definition.js";

export function validateGcpGrant(spec: GrantSpec, now: Date): GrantProblem[] {
  const problems: GrantProblem[] = [];
  if (spec.provider !== "gcp") problems.push({ message: `provider is "${spec.provider}", not "gcp"` });
  problems.push(...gcpDefinition.checkGrant(spec, now));
  if (spec.key.length === 0 || spec.key.length > MAX_KEY || !/^[A-Za-z0-9._:/-]+$/.test(spec.key)) {
    problems.push({ message: `grant key "${spec.key}" must be 1 to ${MAX_KEY} characters of letters, digits and . _ : / - so it fits the IAM condition title` });
  }
  return problems;
}
