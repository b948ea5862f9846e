import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import type { GrantSpec } from "../../src/core/grant.js";
import { ProviderError } from "../../src/providers/provider.js";
import type { GcpEmulator } from "../../src/sandbox/gcp/gcp-emulator.js";
import { startGcpEmulator } from "../../src/sandbox/gcp/gcp-emulator.js";
import type { BuiltProviders, ProviderLogger } from "../../src/server.js";
import { buildProviders } from "../../src/server.js";

const quiet: ProviderLogger = { child: () => ({ debug: () => {}, info: () => {}, warn: () => {} }) };
const clock = new ManualClock("2026-11-24T08:00:00Z");

const grant: GrantSpec = {
  provider: "gcp",
  scope: "projects/payments-prod",
  role: "roles/cloudsql.client",
  principal: "user:alice@acme.example",
  window: { start: new Date("2026-11-24T08:00:00Z"), end: new Date("2026-11-24T10:00:00Z") },
  key: "req-alice-inc-4711-0",
  origin: { repo: "acme/access", requestPath: "requests/gcp/prod/alice-inc-4711.yaml", pr: 42, requester: "alice", approvers: ["bob"], reason: "INC-4711" },
};

let emulator: GcpEmulator | undefined;
let built: BuiltProviders | undefined;
const savedCredentials = process.env.GOOGLE_APPLICATION_CREDENTIALS;

afterEach(async () => {
  await built?.close();
  await emulator?.close();
  built = undefined;
  emulator = undefined;
  if (savedCredentials === undefined) delete process.env.GOOGLE_APPLICATION_CREDENTIALS;
  else process.env.GOOGLE_APPLICATION_CREDENTIALS = savedCredentials;
});

describe("buildProviders", () => {
  it("registers both clouds under their names", () => {
    built = buildProviders({ sweepSeconds: 60, reconcileSeconds: 600, accessRepos: [] }, clock, quiet);
    expect([...built.providers.keys()]).toEqual(["gcp", "azure"]);
  });

  it("grants through a loopback GCP endpoint without real credentials", async () => {
    emulator = await startGcpEmulator({ clock, accounts: ["user:alice@acme.example"] });
    emulator.createProject("payments-prod");
    built = buildProviders({ sweepSeconds: 60, reconcileSeconds: 600, accessRepos: [], gcpEndpoint: emulator.url }, clock, quiet);
    await built.providers.get("gcp")?.grant(grant);
    expect(emulator.holds("projects/payments-prod", "user:alice@acme.example", "roles/cloudsql.client")).toBe(true);
  });

  it("starts without Google credentials and says what to set at the first grant", async () => {
    process.env.GOOGLE_APPLICATION_CREDENTIALS = "/nonexistent/access-pr-credentials.json";
    built = buildProviders({ sweepSeconds: 60, reconcileSeconds: 600, accessRepos: [] }, clock, quiet);
    const error = await built.providers.get("gcp")?.grant(grant).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).message).toMatch(
      /^gcp grant: no Google Cloud credentials: give the server a service account through workload identity federation or GOOGLE_APPLICATION_CREDENTIALS, or run it on GCP with an attached service account \(google-auth-library said: .*\/nonexistent\/access-pr-credentials\.json/,
    );
  });
});
