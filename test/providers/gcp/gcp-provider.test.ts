import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import type { GrantSpec } from "../../../src/core/grant.js";
import type { GcpProvider } from "../../../src/providers/gcp/index.js";
import { createGcpProvider } from "../../../src/providers/gcp/index.js";
import { ProviderError } from "../../../src/providers/provider.js";
import type { GcpEmulator } from "../../../src/sandbox/gcp/gcp-emulator.js";
import { startGcpEmulator } from "../../../src/sandbox/gcp/gcp-emulator.js";
import { staticAuthClient } from "../../sandbox/gcp/emulator-clients.js";

const PROJECT = "projects/payments-prod";
const ALICE = "user:alice@example.com";
const BOB = "user:bob@example.com";
const ROLE = "roles/cloudsql.client";
const GET = "POST /v3/projects/{id}:getIamPolicy";
const SET = "POST /v3/projects/{id}:setIamPolicy";

let clock: ManualClock;
let gcp: GcpEmulator;
let provider: GcpProvider;
let logs: Array<{ level: string; message: string; fields: object }>;

function spec(overrides: Partial<GrantSpec> = {}): GrantSpec {
  return {
    provider: "gcp",
    scope: PROJECT,
    role: ROLE,
    principal: ALICE,
    window: { start: new Date("2026-11-24T08:00:00Z"), end: new Date("2026-11-24T10:00:00Z") },
    key: "req-alice-inc-4711-0",
    origin: { repo: "acme/access", requestPath: "requests/gcp/prod/alice-inc-4711.yaml", pr: 42, requester: "alice", approvers: ["bob", "carol"], reason: "INC-4711" },
    ...overrides,
  };
}

async function refusal(call: Promise<unknown>): Promise<ProviderError> {
  const error = await call.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

beforeEach(async () => {
  clock = new ManualClock("2026-11-24T08:00:00Z");
  gcp = await startGcpEmulator({ clock, accounts: [ALICE, BOB, ...Array.from({ length: 10 }, (_, i) => `user:engineer${i}@example.com`)] });
  gcp.createProject("payments-prod");
  logs = [];
  const record = (level: string) => (fields: object, message: string) => logs.push({ level, message, fields });
  provider = createGcpProvider({
    clock,
    endpoint: { host: gcp.host, port: gcp.port, protocol: "http" },
    authClient: staticAuthClient(),
    logger: { debug: record("debug"), info: record("info"), warn: record("warn") },
    retry: { baseDelayMs: 5 },
  });
});

afterEach(async () => {
  await provider.close();
  await gcp.close();
});

describe("GCP provider: granting", () => {
  it("writes one conditional binding that marks itself as access-pr's and IAM honours it until the end", async () => {
    await provider.grant(spec());
    expect(gcp.getPolicy(PROJECT).bindings).toEqual([
      {
        role: ROLE,
        members: [ALICE],
        condition: {
          title: "access-pr:req-alice-inc-4711-0",
          description: "Granted by access-pr for alice from acme/access PR #42 requests/gcp/prod/alice-inc-4711.yaml; approved by bob, carol",
          expression: 'request.time < timestamp("2026-11-24T10:00:00Z")',
        },
      },
    ]);
    expect(gcp.holds(PROJECT, ALICE, ROLE)).toBe(true);
    clock.set("2026-11-24T09:59:59Z");
    expect(gcp.holds(PROJECT, ALICE, ROLE)).toBe(true);
    clock.set("2026-11-24T10:00:00Z");
    expect(gcp.holds(PROJECT, ALICE, ROLE)).toBe(false);
    expect(await provider.list(PROJECT)).toEqual([
      { provider: "gcp", scope: PROJECT, role: ROLE, principal: ALICE, key: "req-alice-inc-4711-0", repo: "acme/access", end: new Date("2026-11-24T10:00:00Z") },
    ]);
  });

  it("does not honour a grant whose start lies ahead until it starts", async () => {
    await provider.grant(spec({ window: { start: new Date("2026-11-24T09:00:00Z"), end: new Date("2026-11-24T11:00:00Z") } }));
    expect(gcp.getPolicy(PROJECT).bindings[0]?.condition?.expression).toBe(
      'request.time >= timestamp("2026-11-24T09:00:00Z") && request.time < timestamp("2026-11-24T11:00:00Z")',
    );
    expect(gcp.holds(PROJECT, ALICE, ROLE)).toBe(false);
    clock.set("2026-11-24T09:00:00Z");
    expect(gcp.holds(PROJECT, ALICE, ROLE)).toBe(true);
  });

  it("grants once however often it is asked, without writing again", async () => {
    await provider.grant(spec());
    await provider.grant(spec());
    clock.advance(30 * 60_000);
    await provider.grant(spec());
    expect(gcp.getPolicy(PROJECT).bindings).toHaveLength(1);
    expect(gcp.faults.count(SET)).toBe(1);
  });

  it("replaces the condition when the window is extended", async () => {
    await provider.grant(spec());
    await provider.grant(spec({ window: { start: new Date("2026-11-24T08:00:00Z"), end: new Date("2026-11-24T12:00:00Z") } }));
    const bindings = gcp.getPolicy(PROJECT).bindings;
    expect(bindings.map((b) => b.condition?.expression)).toEqual(['request.time < timestamp("2026-11-24T12:00:00Z")']);
    clock.set("2026-11-24T11:00:00Z");
    expect(gcp.holds(PROJECT, ALICE, ROLE)).toBe(true);
  });

  it("sweeps its own expired bindings while granting, and leaves everyone else's alone", async () => {
    await provider.grant(spec({ key: "old", window: { start: new Date("2026-11-24T08:00:00Z"), end: new Date("2026-11-24T09:00:00Z") } }));
    const foreignExpired = { role: ROLE, members: [BOB], condition: { title: "break-glass", expression: 'request.time < timestamp("2026-11-24T09:00:00Z")' } };
    gcp.setPolicyDirectly(PROJECT, [...gcp.getPolicy(PROJECT).bindings, foreignExpired]);
    clock.set("2026-11-24T09:30:00Z");
    await provider.grant(spec({ key: "new", window: { start: new Date("2026-11-24T09:30:00Z"), end: new Date("2026-11-24T10:30:00Z") } }));
    expect(gcp.getPolicy(PROJECT).bindings.map((b) => b.condition?.title)).toEqual(["break-glass", "access-pr:new"]);
  });

  it("lands ten concurrent grants to different principals on one project, retrying etag conflicts", async () => {
    const principals = Array.from({ length: 10 }, (_, i) => `user:engineer${i}@example.com`);
    await Promise.all(principals.map((principal, i) => provider.grant(spec({ principal, key: `req-${i}` }))));
    const held = principals.filter((p) => gcp.holds(PROJECT, p, ROLE));
    const conflicts = logs.filter((l) => l.message === "gcp policy write conflict, retrying").length;
    process.stdout.write(`ten concurrent grants: ${held.length} held, ${conflicts} etag conflicts retried, ${gcp.faults.count(SET)} setIamPolicy calls` + "\n");
    expect(held).toEqual(principals);
    expect(gcp.faults.count(SET)).toBe(10 + conflicts);
    expect(conflicts).toBeGreaterThan(0);
  });

  it.each([
    ["folders/1234", () => gcp.createFolder("1234")],
    ["organizations/5678", () => gcp.createOrganization("5678")],
  ])("grants on %s too", async (scope, create) => {
    create();
    await provider.grant(spec({ scope }));
    expect(gcp.holds(scope, ALICE, ROLE)).toBe(true);
  });
});

describe("GCP provider: revoking", () => {
  it("removes only its own member from its own binding and leaves foreign bindings on the same role", async () => {
    const foreignPlain = { role: ROLE, members: [ALICE, BOB] };
    const foreignConditional = { role: ROLE, members: [ALICE], condition: { title: "oncall", expression: 'request.time < timestamp("2026-12-01T00:00:00Z")' } };
    gcp.setPolicyDirectly(PROJECT, [foreignPlain, foreignConditional]);
    await provider.grant(spec());
    await provider.grant(spec({ principal: BOB, key: "req-bob" }));
    await provider.revoke(spec());
    const bindings = gcp.getPolicy(PROJECT).bindings;
    expect(bindings.slice(0, 2)).toEqual([foreignPlain, foreignConditional]);
    expect(bindings.slice(2).map((b) => [b.members, b.condition?.title])).toEqual([[[BOB], "access-pr:req-bob"]]);
    expect((await provider.list(PROJECT)).map((g) => g.key)).toEqual(["req-bob"]);
  });

  // IAM returns the account's canonical spelling (FACTS: what the real services do), so a revoke must match it in any spelling.
  it.each([
    ["granted in capitals, revoked as IAM spells it", "user:Alice@Example.com", ALICE],
    ["granted as IAM spells it, revoked in capitals", ALICE, "user:ALICE@example.com"],
  ])("revokes a member %s", async (_name, grantedAs, revokedAs) => {
    await provider.grant(spec({ principal: grantedAs }));
    expect(gcp.getPolicy(PROJECT).bindings.map((b) => b.members)).toEqual([[ALICE]]);
    expect(await provider.list(PROJECT)).toMatchObject([{ principal: ALICE }]);
    await provider.revoke(spec({ principal: revokedAs }));
    expect(gcp.getPolicy(PROJECT).bindings).toEqual([]);
    expect(gcp.holds(PROJECT, ALICE, ROLE)).toBe(false);
  });

  it("names the member GCP does not know and where to fix it", async () => {
    const error = await refusal(provider.grant(spec({ principal: "user:mallory@example.com" })));
    expect(error.message).toBe(
      "gcp grant: GCP has no user mallory@example.com (GCP said: User mallory@example.com does not exist.): check the member in identities.yaml; nothing was granted on projects/payments-prod",
    );
    expect(gcp.getPolicy(PROJECT).bindings).toEqual([]);
  });

  it("keeps a member someone else added into its binding, and revoking twice is harmless", async () => {
    await provider.grant(spec());
    const [ours] = gcp.getPolicy(PROJECT).bindings;
    gcp.setPolicyDirectly(PROJECT, [{ ...ours!, members: [ALICE, BOB] }]);
    await provider.revoke(spec());
    await provider.revoke(spec());
    expect(gcp.getPolicy(PROJECT).bindings.map((b) => b.members)).toEqual([[BOB]]);
    expect(gcp.holds(PROJECT, ALICE, ROLE)).toBe(false);
    expect(gcp.faults.count(SET)).toBe(2);
  });
});

describe("GCP provider: refusals leave the policy as it was", () => {
  it.each([
    ["a basic role", { role: "roles/editor" }, "gcp grant: refused before calling GCP: roles/editor is a basic role: access-pr never grants basic roles (and IAM allows no expiry condition on them); request a predefined or custom role that covers the task (e.g. roles/cloudsql.client)"],
    ["allUsers", { principal: "allUsers" }, "gcp grant: refused before calling GCP: allUsers means everyone: access-pr never grants to allUsers or allAuthenticatedUsers"],
    ["a malformed scope", { scope: "project/payments-prod" }, 'gcp grant: refused before calling GCP: scope "project/payments-prod" is not a GCP resource: write projects/PROJECT_ID (the id, not the number or name), folders/NUMBER or organizations/NUMBER'],
  ])("refuses %s before any call", async (_name, overrides, message) => {
    const error = await refusal(provider.grant(spec(overrides as Partial<GrantSpec>)));
    expect(error.message).toBe(message);
    expect(error.transient).toBe(false);
    expect(gcp.faults.count()).toBe(0);
  });

  it("explains a permission denial with the role the app needs", async () => {
    gcp.denyFor(PROJECT);
    const error = await refusal(provider.grant(spec()));
    expect(error.message).toBe(
      "gcp grant: permission denied on projects/payments-prod: the app's service account needs roles/resourcemanager.projectIamAdmin (or a custom role with resourcemanager.projects.getIamPolicy and resourcemanager.projects.setIamPolicy). GCP said: The caller does not have permission (resourcemanager.projects.getIamPolicy on projects/payments-prod).",
    );
    expect(error.transient).toBe(false);
  });

  it("reports an exhausted write quota as transient, without retrying", async () => {
    gcp.setWriteQuota(0);
    const error = await refusal(provider.grant(spec()));
    expect(error.message).toMatch(/^gcp grant: GCP's IAM write quota on projects\/payments-prod is exhausted \(600 policy writes per minute\); retry later\. GCP said: Quota exceeded/);
    expect(error.transient).toBe(true);
    expect(gcp.faults.count(SET)).toBe(1);
    expect(gcp.getPolicy(PROJECT).bindings).toEqual([]);
  });

  it.each([500, 503])("reports a %i from setIamPolicy as transient, without retrying or a partial grant", async (status) => {
    gcp.faults.failNext(SET, 1, { status });
    const error = await refusal(provider.grant(spec()));
    expect(error.message).toBe(`gcp grant: Cloud Resource Manager failed (HTTP ${status}) on projects/payments-prod; retry later. GCP said: Injected fault`);
    expect(error.transient).toBe(true);
    expect(gcp.faults.count(SET)).toBe(1);
    expect(gcp.holds(PROJECT, ALICE, ROLE)).toBe(false);
  });

  it("reports a dropped connection as transient", async () => {
    gcp.faults.failNext(SET, 1, { drop: true });
    const error = await refusal(provider.grant(spec()));
    expect(error.transient).toBe(true);
    expect(error.message).toMatch(/^gcp grant: could not reach Cloud Resource Manager for projects\/payments-prod/);
  });

  it("gives up after eight etag conflicts and says the policy kept changing", async () => {
    gcp.faults.failNext(SET, 8, { status: 409, body: { error: { code: 409, message: "There were concurrent policy changes.", status: "ABORTED" } } });
    const error = await refusal(provider.grant(spec()));
    expect(error.message).toBe("gcp grant: the policy on projects/payments-prod kept changing while access-pr edited it; retry later. GCP said: There were concurrent policy changes.");
    expect(error.transient).toBe(true);
    expect(gcp.faults.count(SET)).toBe(8);
    expect(gcp.faults.count(GET)).toBe(8);
  });

  it("names an unknown project", async () => {
    const error = await refusal(provider.list("projects/nowhere-123"));
    expect(error.message).toBe(
      "gcp list: projects/nowhere-123 was not found: check the scope (projects/ID takes the project id; folders/N and organizations/N take numbers). GCP said: Resource 'projects/nowhere-123' was not found.",
    );
  });
});
