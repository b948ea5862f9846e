/**
 * What Azure (or access-pr's own rules for Azure) would refuse about a grant,
 * found without calling Azure. Pure: the same checks the PR flow runs through
 * the provider definition, plus the grant key's fit in the assignment description.
 *
 * @example
 *   validateAzureGrant({ ...spec, role: "Owner" });
 *   // [{ field: "role", message: "role \"Owner\" can change who has access: access-pr grants it only when the matching rule names it explicitly" }]
 */
import type { GrantSpec } from "../../core/grant.js";
import type { GrantProblem } from "../provider.js";
import { PIM_MIN_WINDOW_MS, azureDefinition } from "./azure-definition.js";
import { azureModeOf } from "./azure-grant-facts.js";
import { MAX_KEY } from "./grant-marker.js";

export function validateAzureGrant(spec: GrantSpec): GrantProblem[] {
  const problems: GrantProblem[] = [];
  if (spec.provider !== "azure") problems.push({ message: `provider is "${spec.provider}", not "azure"` });
  problems.push(...azureDefinition.checkGrant(spec, new Date(0)));
  if (spec.key.length === 0 || spec.key.length > MAX_KEY || /\s/.test(spec.key)) {
    problems.push({ message: `grant key "${spec.key}" must be 1 to ${MAX_KEY} characters without spaces so it fits the assignment description` });
  }
  return problems;
}

/** Why PIM would refuse what is left of the window at `now`, or undefined: after an outage the tail may be too short to grant. */
export function pimTailProblem(spec: GrantSpec, now: Date): string | undefined {
  if (azureModeOf(spec) === "assignment") return undefined;
  const left = spec.window.end.getTime() - Math.max(spec.window.start.getTime(), now.getTime());
  if (left >= PIM_MIN_WINDOW_MS) return undefined;
  return `only ${Math.max(0, Math.round(left / 1000))} seconds of the window are left, and Azure PIM refuses an active assignment shorter than 5 minutes (ActiveDurationTooShort); nothing was granted for the rest of the window`;
}
