/**
 * An Octokit plugin that reads GitHub's rate headers off every response, so
 * GET /metrics shows how much budget the app has left before GitHub throttles it.
 *
 * @example
 *   const Octokit = ProbotOctokit.plugin(rateBudgetPlugin(metrics));
 *   await run(appFn, { Octokit });
 */
import type { Metrics } from "./metrics.js";

interface HookedOctokit {
  hook: {
    after(name: "request", hook: (response: { headers: Record<string, unknown> }) => void): void;
    error(name: "request", hook: (error: unknown) => never): void;
  };
}

function record(metrics: Metrics, headers: Record<string, unknown> | undefined): void {
  const remaining = Number(headers?.["x-ratelimit-remaining"]);
  if (headers?.["x-ratelimit-remaining"] === undefined || !Number.isFinite(remaining)) return;
  const resource = typeof headers["x-ratelimit-resource"] === "string" ? headers["x-ratelimit-resource"] : "core";
  metrics.githubRateRemaining.set({ resource }, remaining);
}

export function rateBudgetPlugin(metrics: Metrics): (octokit: HookedOctokit) => void {
  return (octokit) => {
    octokit.hook.after("request", (response) => record(metrics, response.headers));
    octokit.hook.error("request", (error) => {
      // A 403/429 for an exhausted budget carries the same headers; record them, then rethrow unchanged.
      const response = (error as { response?: { headers?: Record<string, unknown> } }).response;
      record(metrics, response?.headers);
      throw error;
    });
  };
}
