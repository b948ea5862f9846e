/**
 * What Azure says about a grant beyond its shape: a PIM schedule enforces the
 * window, a plain assignment does not; ids compare case-insensitively; an
 * identity names an Entra object and its type.
 *
 * @example
 *   azureGrantFacts.enforcesStart({ provider: "azure", azureMode: "assignment", … }); // false: granted at the start
 */
import type { ProviderDefinition } from "../definition.js";
import type { ProviderOptions } from "../provider-options.js";
import type { AzureMode } from "./azure-options.js";

type GrantFacts = Pick<
  ProviderDefinition<"azure">,
  "enforcesStart" | "endsItself" | "describeEffect" | "describeMode" | "principalOf" | "grantOptions" | "optionsOf" | "revokeOptions" | "assumedHandle" | "principalKey"
>;

/** The mode a grant is made in; absent means PIM. */
export function azureModeOf(options: ProviderOptions): AzureMode | undefined {
  return options.provider === "azure" ? options.azureMode : undefined;
}

export const azureGrantFacts: GrantFacts = {
  enforcesStart: (spec) => azureModeOf(spec) !== "assignment",
  // A PIM schedule ends itself; a plain assignment lasts until the app removes it.
  endsItself: (spec) => azureModeOf(spec) !== "assignment",
  describeEffect(spec) {
    if (azureModeOf(spec) === "assignment") return ["role assignment, removed by access-pr at ", { time: spec.window.end }];
    return ["PIM schedule (AdminAssign) from ", { time: spec.window.start }, " to ", { time: spec.window.end }, ", ended by Azure"];
  },
  describeMode(options) {
    const mode = azureModeOf(options);
    return mode ? ` via ${mode === "pim" ? "Azure PIM" : "role assignment"}` : "";
  },
  principalOf: (identity) => (identity.azure ? { member: identity.azure.objectId } : undefined),
  grantOptions: (rule, identity) => ({
    provider: "azure",
    ...(identity?.azure?.type ? { principalType: identity.azure.type } : {}),
    ...(rule.azureMode ? { azureMode: rule.azureMode } : {}),
  }),
  optionsOf(source) {
    if (source.provider !== "azure") return { provider: "azure" };
    return { provider: "azure", ...(source.principalType ? { principalType: source.principalType } : {}), ...(source.azureMode ? { azureMode: source.azureMode } : {}) };
  },
  // Azure lists a plain assignment by its roleAssignments id and a PIM grant by its schedule id.
  revokeOptions: (held) => ({ provider: "azure", azureMode: held.handle?.toLowerCase().includes("/roleassignments/") ? "assignment" : "pim" }),
  assumedHandle: (spec) => (azureModeOf(spec) === "assignment" ? "/roleAssignments/" : undefined),
  principalKey: (principal) => principal.toLowerCase(),
};
