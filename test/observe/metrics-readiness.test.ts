// /metrics and /readyz on the real app, against the embedded GitHub and the GCP emulator.
import { generateKeyPairSync } from "node:crypto";
import { createServer } from "node:net";
import { Probot } from "probot";
import { afterEach, describe, expect, it } from "vitest";
import { createAccessPrApp } from "../../src/app.js";
import type { AppDeps } from "../../src/app.js";
import { instrumentProviders } from "../../src/observe/instrument-providers.js";
import { createMetrics } from "../../src/observe/metrics.js";
import type { Metrics } from "../../src/observe/metrics.js";
import { cloudProbes } from "../../src/observe/cloud-probes.js";
import { githubAppProbe } from "../../src/observe/readiness.js";
import type { ReadinessProbe } from "../../src/observe/readiness.js";
import type { AppHarness } from "../helpers/app-harness.js";
import { ACCESS_REPO, seedAccessRepo, settleApp, startAppHarness } from "../helpers/app-harness.js";
import { prodRequest } from "../helpers/requests.js";

const open: AppHarness[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});

let lastDeps: AppDeps | undefined;

async function harness(metrics: Metrics, readiness: ReadinessProbe[] = []): Promise<AppHarness> {
  const h = await startAppHarness({
    clouds: true,
    appFn: (deps) => {
      lastDeps = deps;
      deps.metrics = metrics;
      deps.readiness = readiness;
      deps.providers = instrumentProviders(deps.providers, metrics, deps.clock);
      return createAccessPrApp(deps);
    },
  });
  open.push(h);
  h.gcp?.createProject("payments-prod");
  // IAM refuses a member with no account behind it.
  h.gcp?.addAccounts("user:alice@acme.example");
  await seedAccessRepo(h.github);
  return h;
}

const base = (h: AppHarness) => h.webhookUrl.replace(/\/api\/github\/webhooks$/, "");

/** The value of one sample in Prometheus text, e.g. sample(text, 'access_pr_grants_total{provider="gcp"}'). */
function sample(text: string, name: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

describe("GET /metrics", () => {
  it("counts the grant and the revocation, the revert lag, webhook handling and the last reconcile", async () => {
    const metrics = createMetrics();
    const h = await harness(metrics);
    const settle = () => settleApp(h, lastDeps);
    const pr = await h.github.as("alice").openPullRequest(ACCESS_REPO, { title: "Read prod DB", files: { "requests/gcp/prod/alice-inc-4711.yaml": prodRequest() } });
    await settle();
    await h.github.as("bob").approve(ACCESS_REPO, pr.number);
    await settle();
    await h.github.as("bob").merge(ACCESS_REPO, pr.number);
    await settle();

    const before = await fetch(`${base(h)}/metrics`);
    expect(before.status).toBe(200);
    expect(before.headers.get("content-type")).toContain("text/plain");
    const granted = await before.text();
    expect(sample(granted, 'access_pr_grants_total{provider="gcp"}')).toBe(1);
    expect(sample(granted, 'access_pr_webhook_handling_seconds_count{event="pull_request",outcome="ok"}')).toBeGreaterThanOrEqual(1);
    expect(sample(granted, 'access_pr_webhook_handling_seconds_count{event="pull_request.closed",outcome="ok"}')).toBe(1);
    expect(sample(granted, "access_pr_last_reconcile_success_timestamp_seconds")).toBeGreaterThan(0);
    expect(sample(granted, 'access_pr_revokes_total{provider="gcp"}')).toBeUndefined();

    // Past the 2-hour window: the sweep revokes, a little after the end.
    await h.clock.advance(2 * 3_600_000 + 90_000);
    await settle();
    const revoked = await (await fetch(`${base(h)}/metrics`)).text();
    expect(sample(revoked, 'access_pr_revokes_total{provider="gcp"}')).toBe(1);
    expect(sample(revoked, 'access_pr_revert_lag_seconds_count{provider="gcp"}')).toBe(1);
    expect(sample(revoked, 'access_pr_revert_lag_seconds_bucket{le="120",provider="gcp"}')).toBe(1);
    expect(sample(revoked, 'access_pr_revert_lag_seconds_bucket{le="60",provider="gcp"}')).toBe(0);
  });
});

describe("GET /readyz", () => {
  it("is ready when the app authenticates and the clouds answer, unlike /healthz which only says the process is up", async () => {
    const h = await harness(createMetrics());
    const ready = await fetch(`${base(h)}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready", checks: [{ name: "github", ok: true }] });
  });

  it("answers 503 naming the cloud that does not answer", async () => {
    const port = await closedPort();
    const h = await harness(createMetrics(), cloudProbes({ sweepSeconds: 60, reconcileSeconds: 600, accessRepos: ["acme/access"], gcpEndpoint: `http://127.0.0.1:${port}` }).filter((p) => p.name === "gcp"));
    const response = await fetch(`${base(h)}/readyz`);
    expect(response.status).toBe(503);
    const body = (await response.json()) as { status: string; checks: { name: string; ok: boolean; reason?: string }[] };
    expect(body.status).toBe("not ready");
    expect(body.checks[0]).toEqual({ name: "github", ok: true });
    expect(body.checks[1]?.ok).toBe(false);
    expect(body.checks[1]?.reason).toContain(`GCP Resource Manager at http://127.0.0.1:${port} is not reachable (connect ECONNREFUSED`);
    expect((await fetch(`${base(h)}/healthz`)).status).toBe(200);
  });

  it("says GitHub refused the app when its private key is not the app's", async () => {
    const h = await harness(createMetrics());
    const wrongKey = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } }).privateKey;
    const impostor = new Probot({ appId: h.github.app.appId, privateKey: wrongKey, baseUrl: h.github.url, logLevel: "fatal" });
    await expect(githubAppProbe(impostor).check()).rejects.toThrow(/^GitHub refused the app's credentials \(401: .*check APP_ID and PRIVATE_KEY/);
  });
});
