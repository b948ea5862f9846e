import type { AuthorizationManagementClient } from "@azure/arm-authorization";
import type { Clock } from "../../core/clock.js";
import type { RoleResolver } from "./role-resolver.js";

export interface AzureLogger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

/** What each mode needs: one client, the role cache, the clock, a way to wait and a logger. */
export interface AzureContext {
  client: AuthorizationManagementClient;
  roles: RoleResolver;
  clock: Clock;
  /** Waits `ms` on the clock the app runs on (real timers in production, the shared clock in tests). */
  wait(ms: number): Promise<void>;
  log: AzureLogger;
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
