/**
 * Every provider's pure definition, by name: what the PR flow, the CLI and
 * the reconciler ask before (or instead of) calling a cloud. Imports no SDK,
 * so the offline CLI can use it. A new provider adds its definition here;
 * the Record type makes the compiler insist.
 *
 * @example
 *   providerDefinitions[grant.provider].scopeProblem(grant.scope);
 */
import type { ProviderName } from "../core/grant.js";
import { azureDefinition } from "./azure/azure-definition.js";
import type { ProviderDefinition } from "./definition.js";
import { gcpDefinition } from "./gcp/gcp-definition.js";

export const providerDefinitions: { readonly [P in ProviderName]: ProviderDefinition<P> } = {
  gcp: gcpDefinition,
  azure: azureDefinition,
};

/** Every provider name, in the order above (the order people read them in). */
export const definedProviders = Object.keys(providerDefinitions) as ProviderName[];
