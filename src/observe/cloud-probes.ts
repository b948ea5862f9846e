/**
 * The /readyz probes for the clouds a server is configured for: each
 * registered provider's API answers, and (for the real clouds) a credential
 * can be had. Each provider folder says how.
 *
 * @example
 *   createAccessPrApp({ …, readiness: cloudProbes(readSettings()) });
 */
import { providerReadiness } from "../providers/registry.js";
import type { Settings } from "../settings.js";
import type { ReadinessProbe } from "./readiness.js";

export function cloudProbes(settings: Settings): ReadinessProbe[] {
  return providerReadiness(settings);
}
