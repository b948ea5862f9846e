/**
 * The Probot application: reads the app's identity from GitHub once, then
 * wires the event handlers and the lifecycle scheduler to their
 * dependencies. Everything with a side effect on the outside world (clock,
 * clouds, settings) is injected, so the tests and the sandbox run this same
 * function against emulators.
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
import { readAppIdentity } from "./github/app-identity.js";
import { registerPullFlow } from "./handlers/register-pull-flow.js";
import { registerLifecycle } from "./handlers/register-lifecycle.js";
import { registerMembershipEvents } from "./handlers/membership-events.js";
import { attachSharedReads, ConditionalCache, MembershipCache } from "./github/read-memo.js";
import type { Metrics } from "./observe/metrics.js";
import { attachOwnWrites, OwnWrites } from "./github/own-writes.js";
import { metricsHandler } from "./observe/metrics.js";
import type { ReadinessProbe } from "./observe/readiness.js";
import { githubAppProbe, readyHandler } from "./observe/readiness.js";

export interface AppDeps {
  clock: Clock;
  providers: ReadonlyMap<ProviderName, Provider>;
  settings: Settings;
  /** Served at GET /metrics and fed by the handlers and the lifecycle; no /metrics without it. */
  metrics?: Metrics;
  /** What /readyz checks besides GitHub, e.g. that each configured cloud answers. */
  readiness?: ReadinessProbe[];
}

/** GET /healthz answers 200 while the process serves webhooks (liveness); /readyz says whether it can work. */
export function healthHandler(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== "GET" || req.url !== "/healthz") return false;
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify({ status: "ok" }));
  return true;
}

/**
 * Fails (and so the server does not start) when GitHub cannot say who the
 * app is: without that it could not tell its own pull requests and comments
 * from anyone else's.
 */
export function createAccessPrApp(deps: AppDeps): ApplicationFunction {
  return async (app, { addHandler }) => {
    const identity = await readAppIdentity(app);
    const { accessRepos } = deps.settings;
    if (accessRepos.length === 0) {
      app.log.warn("ACCESS_PR_REPOS is not set: the app grants nowhere and ignores every repository; set it to the access repo, e.g. ACCESS_PR_REPOS=acme/access");
    } else {
      app.log.info({ accessRepos, app: identity.slug, appId: identity.appId }, "serving these access repos only");
    }
    addHandler(healthHandler);
    addHandler(readyHandler(() => [githubAppProbe(app), ...(deps.readiness ?? [])]));
    if (deps.metrics) addHandler(metricsHandler(deps.metrics));
    const memberships = new MembershipCache(deps.clock);
    attachSharedReads(app, { memberships, conditional: new ConditionalCache() });
    attachOwnWrites(app, new OwnWrites());
    registerMembershipEvents(app, memberships);
    registerPullFlow(app, deps, identity);
    registerLifecycle(app, deps, identity);
  };
}
