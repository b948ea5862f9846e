/**
 * What each provider adds to a grant, as one union discriminated by
 * `provider`. A new provider adds its options type here; `ProviderName`, the
 * definitions Record and the registry then make the compiler name every
 * place it must fill.
 *
 * @example
 *   const spec: GrantSpec = { provider: "azure", azureMode: "assignment", scope, role, principal, window, key, origin };
 */
import type { AzureGrantOptions } from "./azure/azure-options.js";
import type { GcpGrantOptions } from "./gcp/gcp-options.js";

export type { AzureMode, AzurePrincipalType } from "./azure/azure-options.js";

export type ProviderOptions = GcpGrantOptions | AzureGrantOptions;

/** The options of one provider. */
export type OptionsOf<P extends ProviderOptions["provider"]> = Extract<ProviderOptions, { provider: P }>;
