/**
 * Counts what the providers do, without the lifecycle knowing about metrics:
 * each provider in the registry is wrapped, and its grants, revocations and
 * failures are counted; a revocation after the window's end records the lag.
 *
 * @example
 *   const providers = instrumentProviders(built.providers, metrics, clock);
 */
import type { Clock } from "../core/clock.js";
import type { GrantSpec, ProviderName } from "../core/grant.js";
import type { Provider } from "../providers/provider.js";
import type { Metrics } from "./metrics.js";

type RevokeTarget = Parameters<Provider["revoke"]>[0];

/** The end a revoked grant was made for: from a whole GrantSpec's window, or the end the run knew the grant by. */
function windowEndOf(target: RevokeTarget | GrantSpec): Date | undefined {
  return "window" in target ? target.window.end : target.endedAt;
}

function instrument(provider: Provider, metrics: Metrics, clock: Clock): Provider {
  const provider_ = provider.name;
  // The end of each grant the cloud reported, so a revocation of a listed grant knows how late it is.
  const listedEnds = new Map<string, Date>();
  const counted = async <T>(operation: string, call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      metrics.failures.inc({ provider: provider_, operation });
      throw error;
    }
  };
  const wrapped: Provider = {
    name: provider.name,
    validate: (spec) => provider.validate(spec),
    grant: async (spec) => {
      await counted("grant", () => provider.grant(spec));
      metrics.grants.inc({ provider: provider_ });
    },
    revoke: async (target) => {
      await counted("revoke", () => provider.revoke(target));
      metrics.revokes.inc({ provider: provider_ });
      const end = windowEndOf(target) ?? listedEnds.get(target.key);
      const lateMs = end ? clock.now().getTime() - end.getTime() : -1;
      if (lateMs >= 0) metrics.revertLag.observe({ provider: provider_ }, lateMs / 1000);
    },
    list: async (scope) => {
      const held = await counted("list", () => provider.list(scope));
      for (const grant of held) if (grant.end) listedEnds.set(grant.key, grant.end);
      return held;
    },
  };
  // Optional methods only one provider has pass through untouched.
  return { ...provider, ...wrapped };
}

/** The same registry with every provider counted. */
export function instrumentProviders(providers: ReadonlyMap<ProviderName, Provider>, metrics: Metrics, clock: Clock): Map<ProviderName, Provider> {
  return new Map([...providers].map(([name, provider]) => [name, instrument(provider, metrics, clock)]));
}
