/**
 * What an operator graphs and alerts on, in Prometheus' text format at
 * GET /metrics: grants, revocations and failures per provider, how late a
 * revocation came after its window ended, webhook handling time, GitHub's
 * rate budget left, and when the last full reconcile succeeded.
 *
 * @example
 *   const metrics = createMetrics();
 *   addHandler(metricsHandler(metrics));
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export interface Metrics {
  readonly registry: Registry;
  readonly grants: Counter<"provider">;
  readonly revokes: Counter<"provider">;
  readonly failures: Counter<"provider" | "operation">;
  readonly revertLag: Histogram<"provider">;
  readonly webhookSeconds: Histogram<"event" | "outcome">;
  readonly githubRateRemaining: Gauge<"resource">;
  readonly lastReconcile: Gauge;
}

/** A fresh registry per app, so several apps in one process (tests) never share counters. */
export function createMetrics(options: { processMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    grants: new Counter({ name: "access_pr_grants_total", help: "Roles granted in a cloud.", labelNames: ["provider"], registers }),
    revokes: new Counter({ name: "access_pr_revokes_total", help: "Roles revoked in a cloud.", labelNames: ["provider"], registers }),
    failures: new Counter({ name: "access_pr_provider_failures_total", help: "Cloud calls that failed, by provider and operation (grant, revoke, list).", labelNames: ["provider", "operation"], registers }),
    revertLag: new Histogram({
      name: "access_pr_revert_lag_seconds",
      help: "How long after its window ended a grant was revoked.",
      labelNames: ["provider"],
      buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600],
      registers,
    }),
    webhookSeconds: new Histogram({
      name: "access_pr_webhook_handling_seconds",
      help: "Time to handle one webhook event, by event and outcome.",
      labelNames: ["event", "outcome"],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    githubRateRemaining: new Gauge({ name: "access_pr_github_rate_remaining", help: "GitHub API requests left in the current rate window (x-ratelimit-remaining), by resource.", labelNames: ["resource"], registers }),
    lastReconcile: new Gauge({ name: "access_pr_last_reconcile_success_timestamp_seconds", help: "When a full reconcile of the access repo against the clouds last succeeded (Unix seconds).", registers }),
  };
}

/** GET /metrics in the Prometheus text exposition format. */
export function metricsHandler(metrics: Metrics): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    if (req.method !== "GET" || req.url !== "/metrics") return false;
    metrics.registry.metrics().then(
      (text) => {
        res.writeHead(200, { "content-type": metrics.registry.contentType });
        res.end(text);
      },
      (error: unknown) => {
        res.writeHead(500, { "content-type": "text/plain" });
        res.end(`metrics could not be collected: ${error instanceof Error ? error.message : String(error)}`);
      },
    );
    return true;
  };
}

/**
 * Times a webhook handler and labels it by event and outcome; the handler's own result or error passes through.
 *
 * @example
 *   app.on("push", timed(metrics, "push", (context) => handlePush(context)));
 */
export function timed<C>(metrics: Metrics | undefined, event: string, handler: (context: C) => Promise<unknown>): (context: C) => Promise<void> {
  return async (context) => {
    const stop = metrics?.webhookSeconds.startTimer({ event });
    try {
      await handler(context);
      stop?.({ outcome: "ok" });
    } catch (error) {
      stop?.({ outcome: "error" });
      throw error;
    }
  };
}
