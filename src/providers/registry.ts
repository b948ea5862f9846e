/**
 * The providers the app knows, by name, and the one place the server builds
 * them from. A third provider is one new folder under src/providers/ (its
 * options type, definition and setup) and one line in each Record below;
 * the Record types make the compiler insist, and
 * test/providers/registry.test.ts fails when a folder is not registered or
 * code outside src/providers/ reaches into a provider folder.
 *
 * @example
 *   const { providers, close } = buildRegistry({ settings, clock, log: app.log });
 *   providers.get("gcp")?.grant(spec);
 */
import type { Clock } from "../core/clock.js";
import type { ProviderName } from "../core/grant.js";
import type { ReadinessProbe } from "../observe/readiness.js";
import type { Settings } from "../settings.js";
import { azureSetup } from "./azure/azure-setup.js";
import { gcpSetup } from "./gcp/gcp-setup.js";
import type { Provider } from "./provider.js";
import type { BuiltProvider, ProviderLogger, ProviderSetup } from "./provider-setup.js";

export type { ProviderLogger } from "./provider-setup.js";

export type ProviderRegistry = ReadonlyMap<ProviderName, Provider>;

/** How each provider folder is built from the server's settings. */
export const providerSetups: { readonly [P in ProviderName]: ProviderSetup } = {
  gcp: gcpSetup,
  azure: azureSetup,
};

export const providerNames = Object.keys(providerSetups) as ProviderName[];

export function isProviderName(name: string): name is ProviderName {
  return Object.hasOwn(providerSetups, name);
}

/** Builds a registry from constructed providers, refusing a provider filed under the wrong name. */
export function providerRegistry(providers: Provider[]): ProviderRegistry {
  const map = new Map<ProviderName, Provider>();
  for (const provider of providers) {
    if (map.has(provider.name)) throw new Error(`provider ${provider.name} is registered twice`);
    map.set(provider.name, provider);
  }
  return map;
}

/** The providers the app grants with, and how to release their sockets at shutdown. */
export interface BuiltProviders {
  providers: ProviderRegistry;
  close(): Promise<void>;
}

/** Every registered provider, built from the settings, each logging as a child named after it. */
export function buildRegistry(input: { settings: Settings; clock: Clock; log: ProviderLogger }): BuiltProviders {
  const built: BuiltProvider[] = providerNames.map((name) => {
    const one = providerSetups[name].build({ settings: input.settings, clock: input.clock, log: input.log.child({ name }) });
    if (one.provider.name !== name) throw new Error(`the ${name} setup built a provider named ${one.provider.name}`);
    return one;
  });
  return {
    providers: providerRegistry(built.map((b) => b.provider)),
    close: async () => {
      await Promise.all(built.map((b) => b.close?.()));
    },
  };
}

/** The /readyz probes of every registered provider. */
export function providerReadiness(settings: Settings): ReadinessProbe[] {
  return providerNames.map((name) => providerSetups[name].readiness(settings));
}
