/**
 * Installation tokens expire an hour after GitHub makes them
 * (apps/create-installation-access-token: `expires_at`), and every call with
 * an expired one is answered 401. Octokit's app auth keeps a token for 59
 * minutes of the process's own timer; this plugin also reads the token's
 * `expires_at` against the app's one clock and asks for a new token before a
 * call would go out with one that has expired, or is about to.
 *
 * Probot hands Octokit's app auth a `request` without the Octokit's `baseUrl`
 * (it is used only through the request hook there), so a token asked for
 * directly would go to api.github.com; `withTokenRefresh` gives it the base URL.
 *
 * @example
 *   const Octokit = withTokenRefresh(ProbotOctokit, clock);
 */
import type { Octokit } from "@octokit/core";
import type { ProbotOctokit } from "probot";
import type { Clock } from "../core/clock.js";

/** Renewed this long before `expires_at`, so a call in flight does not outlive its token. */
const MARGIN_MS = 5 * 60 * 1000;

function expiresAtOf(auth: unknown): number | undefined {
  const value = (auth as { tokenType?: string; expiresAt?: string } | undefined)?.expiresAt;
  const at = typeof value === "string" ? Date.parse(value) : Number.NaN;
  return Number.isFinite(at) ? at : undefined;
}

export function tokenRefreshPlugin(clock: Clock): (octokit: Octokit) => void {
  return (octokit) => {
    octokit.hook.wrap("request", async (request, options) => {
      // The app's own endpoints use its JWT, and the token request itself must not recurse.
      const path = options.url.replace(/^https?:\/\/[^/]+/, "").replace(/^\/api\/v3/, "");
      if (!path.startsWith("/app")) {
        // An Octokit without an installation (the app's JWT, a plain token) has nothing to renew.
        const current = await octokit.auth({ type: "installation" }).catch(() => undefined);
        const expiresAt = expiresAtOf(current);
        if (expiresAt !== undefined && expiresAt - clock.now().getTime() <= MARGIN_MS) {
          await octokit.auth({ type: "installation", refresh: true });
        }
      }
      return request(options);
    });
  };
}

interface RequestWithDefaults {
  defaults(options: { baseUrl: string }): unknown;
}

/** The app auth's own requests (for a new token) go to the same GitHub as every other call. */
function authRequestAtBaseUrl(options: Record<string, unknown>): Record<string, unknown> {
  const auth = options.auth as { request?: RequestWithDefaults } | string | undefined;
  if (typeof options.baseUrl !== "string" || !auth || typeof auth !== "object" || typeof auth.request?.defaults !== "function") return options;
  return { ...options, auth: { ...auth, request: auth.request.defaults({ baseUrl: options.baseUrl }) } };
}

/** Probot's Octokit class with installation tokens renewed on the app's clock. */
export function withTokenRefresh(Base: typeof ProbotOctokit, clock: Clock): typeof ProbotOctokit {
  return Base.defaults(authRequestAtBaseUrl).plugin(tokenRefreshPlugin(clock)) as unknown as typeof ProbotOctokit;
}
