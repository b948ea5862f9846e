/**
 * The Probot application: wires the event handlers and the lifecycle
 * scheduler to their dependencies. Everything with a side effect on the
 * outside world (clock, clouds, settings) is injected, so the tests and the
 * sandbox run this same function against emulators.
 *
 * @example
 *   const appFn = createAccessPrApp({ clock: systemClock, providers, settings: readSettings() });
 *   await run(appFn); // probot's server
 */
import type { ApplicationFunction } from "probot";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Clock } from "./core/clock.js";
import type { Provider } from "./providers/provider.js";
import type { ProviderName } from "./core/grant.js";
import type { Settings } from "./settings.js";
import { registerPullFlow } from "./handlers/register-pull-flow.js";
import { registerLifecycle } from "./handlers/register-lifecycle.js";

export interface AppDeps {
  clock: Clock;
  providers: ReadonlyMap<ProviderName, Provider>;
  settings: Settings;
}

/** GET /healthz answers 200 while the process serves webhooks. */
export function healthHandler(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== "GET" || req.url !== "/healthz") return false;
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify({ status: "ok" }));
  return true;
}

export function createAccessPrApp(deps: AppDeps): ApplicationFunction {
  return (app, { addHandler }) => {
    addHandler(healthHandler);
    registerPullFlow(app, deps);
    registerLifecycle(app, deps);
  };
}
