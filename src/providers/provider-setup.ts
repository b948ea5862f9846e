/**
 * How the server builds a provider from its settings, and how it checks the
 * cloud is reachable: one `ProviderSetup` per provider folder, found through
 * `providerSetups` in registry.ts, so the server never names a provider.
 */
import type { Clock } from "../core/clock.js";
import type { ReadinessProbe } from "../observe/readiness.js";
import type { Settings } from "../settings.js";
import type { Provider } from "./provider.js";

/** Structured log lines, as pino writes them. */
export interface ProviderLog {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

/** What the providers log through: Probot's pino logger, or anything with the same child(). */
export interface ProviderLogger {
  child(bindings: Record<string, unknown>): ProviderLog;
}

export interface ProviderSetupInput {
  settings: Settings;
  clock: Clock;
  /** Already a child logger named after the provider. */
  log: ProviderLog;
}

/** A constructed provider and how to release its sockets at shutdown. */
export interface BuiltProvider {
  provider: Provider;
  close?(): Promise<void>;
}

/**
 * @example
 *   const { provider } = gcpSetup.build({ settings, clock, log });
 *   readyHandler([gcpSetup.readiness(settings)]);
 */
export interface ProviderSetup {
  /** The real cloud by default; an emulator when the settings point this provider's endpoint at this machine (it takes any token). */
  build(input: ProviderSetupInput): BuiltProvider;
  /** The /readyz probe: the cloud's API answers and, for a real cloud, a credential can be had. */
  readiness(settings: Settings): ReadinessProbe;
}

/** Emulators run on this machine and take any token; a real endpoint override keeps real credentials. */
export function isLoopback(url: URL): boolean {
  return ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
}

export { LOOPBACK_EMULATOR_TOKEN as EMULATOR_TOKEN } from "./loopback-token.js";
