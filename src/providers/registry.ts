/**
 * The providers the app knows, by name. A third provider is one new folder
 * under src/providers/ and one line here; test/providers/registry.test.ts
 * fails when a provider folder is not registered.
 */
import type { ProviderName } from "../core/grant.js";
import type { Provider } from "./provider.js";

export type ProviderRegistry = ReadonlyMap<ProviderName, Provider>;

/** The provider folders under src/providers/, each registered below. */
export const providerModules = {
  gcp: () => import("./gcp/index.js"),
  azure: () => import("./azure/index.js"),
} as const satisfies Record<ProviderName, () => Promise<unknown>>;

export const providerNames = Object.keys(providerModules) as ProviderName[];

export function isProviderName(name: string): name is ProviderName {
  return Object.hasOwn(providerModules, name);
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
