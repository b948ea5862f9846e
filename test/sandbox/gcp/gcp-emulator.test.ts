import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import type { GcpEmulator } from "../../../src/sandbox/gcp/gcp-emulator.js";
import { startGcpEmulator } from "../../../src/sandbox/gcp/gcp-emulator.js";
import { emulatorClients, failure } from "./emulator-clients.js";

const ALICE = "user:alice@example.com";
const BOB = "user:bob@example.com";
const until = (iso: string) => ({ expression: `request.time < timestamp("${iso}")`, title: "until" });

let clock: ManualClock;
let gcp: GcpEmulator;
let clients: ReturnType<typeof emulatorClients>;

beforeEach(async () => {
  clock = new ManualClock("2026-11-24T08:00:00Z");
  gcp = await startGcpEmulator({ clock, accounts: [ALICE, BOB, ...Array.from({ length: 1500 }, (_, i) => `user:u${i}@example.com`)] });
  gcp.createProject("payments-prod");
  clients = emulatorClients(gcp);
});

afterEach(async () => {
  await Promise.all(Object.values(clients).map((c) => c.close()));
  await gcp.close();
});

async function read(version = 3) {
  const [policy] = await clients.projects.getIamPolicy({ resource: "projects/payments-prod", options: { requestedPolicyVersion: version } });
  return policy;
}

describe("GCP emulator: reading and writing allow policies", () => {
  it("answers an empty policy as version 1 with a base64 etag", async () => {
    const policy = await read();
    expect(policy.version).toBe(1);
    expect(policy.bindings).toEqual([]);
    expect(Buffer.isBuffer(policy.etag) && policy.etag.length).toBeGreaterThan(0);
  });

  it("keeps conditional bindings in version 3, changes the etag on every write, and decodes plain bindings with condition null", async () => {
    const first = await read();
    const [written] = await clients.projects.setIamPolicy({
      resource: "projects/payments-prod",
      policy: { version: 3, etag: first.etag, bindings: [{ role: "roles/cloudsql.client", members: [ALICE], condition: until("2026-11-24T10:00:00Z") }, { role: "roles/cloudsql.viewer", members: [BOB] }] },
    });
    const again = await read();
    expect(again.version).toBe(3);
    expect(Buffer.from(again.etag as Uint8Array).equals(Buffer.from(first.etag as Uint8Array))).toBe(false);
    expect(Buffer.from(again.etag as Uint8Array).equals(Buffer.from(written.etag as Uint8Array))).toBe(true);
    expect(again.bindings?.map((b) => [b.role, b.members, b.condition?.expression ?? null])).toEqual([
      ["roles/cloudsql.client", [ALICE], 'request.time < timestamp("2026-11-24T10:00:00Z")'],
      ["roles/cloudsql.viewer", [BOB], null],
    ]);
  });

  it("shows a version-1 reader conditional bindings as _withcond_ roles without their condition", async () => {
    gcp.setPolicyDirectly("projects/payments-prod", [{ role: "roles/cloudsql.client", members: [ALICE], condition: until("2026-11-24T10:00:00Z") }]);
    const policy = await read(1);
    expect(policy.version).toBe(1);
    expect(policy.bindings?.[0]?.role).toMatch(/^roles\/cloudsql\.client_withcond_[0-9a-f]{20}$/);
    expect(policy.bindings?.[0]?.condition).toBeNull();
  });

  it("lets a version-1 write without etag silently drop conditions, and refuses one with an etag", async () => {
    gcp.setPolicyDirectly("projects/payments-prod", [{ role: "roles/cloudsql.client", members: [ALICE], condition: until("2026-11-24T10:00:00Z") }]);
    const withEtag = await failure(clients.projects.setIamPolicy({ resource: "projects/payments-prod", policy: { version: 1, etag: (await read()).etag, bindings: [{ role: "roles/cloudsql.viewer", members: [BOB] }] } }));
    expect(withEtag.code).toBe(400);
    expect(withEtag.message).toContain("The policy has conditional role bindings: read it with requestedPolicyVersion 3 and write it back with version 3.");
    await clients.projects.setIamPolicy({ resource: "projects/payments-prod", policy: { version: 1, bindings: [{ role: "roles/cloudsql.viewer", members: [BOB] }] } });
    expect(gcp.getPolicy("projects/payments-prod").bindings).toEqual([{ role: "roles/cloudsql.viewer", members: [BOB] }]);
    expect(gcp.holds("projects/payments-prod", ALICE, "roles/cloudsql.client")).toBe(false);
  });

  it("serves folders and organizations alike", async () => {
    gcp.createFolder("1234");
    gcp.createOrganization("5678");
    const [folder] = await clients.folders.getIamPolicy({ resource: "folders/1234", options: { requestedPolicyVersion: 3 } });
    await clients.folders.setIamPolicy({ resource: "folders/1234", policy: { version: 3, etag: folder.etag, bindings: [{ role: "roles/browser", members: [ALICE] }] } });
    const [org] = await clients.organizations.getIamPolicy({ resource: "organizations/5678", options: { requestedPolicyVersion: 3 } });
    await clients.organizations.setIamPolicy({ resource: "organizations/5678", policy: { version: 3, etag: org.etag, bindings: [{ role: "roles/browser", members: [BOB] }] } });
    expect(gcp.holds("folders/1234", ALICE, "roles/browser")).toBe(true);
    expect(gcp.holds("organizations/5678", BOB, "roles/browser")).toBe(true);
    expect(gcp.faults.count("POST /v3/folders/{id}:setIamPolicy")).toBe(1);
  });
});

describe("GCP emulator: conditions against its clock", () => {
  it("honours a window [start, end) only inside it", () => {
    gcp.setPolicyDirectly("projects/payments-prod", [
      { role: "roles/cloudsql.client", members: [ALICE], condition: { title: "w", expression: 'request.time >= timestamp("2026-11-24T09:00:00Z") && request.time < timestamp("2026-11-24T10:00:00Z")' } },
    ]);
    const at = (iso: string) => gcp.holds("projects/payments-prod", ALICE, "roles/cloudsql.client", new Date(iso));
    expect([at("2026-11-24T08:59:59Z"), at("2026-11-24T09:00:00Z"), at("2026-11-24T09:59:59Z"), at("2026-11-24T10:00:00Z")]).toEqual([false, true, true, false]);
    expect(gcp.holds("projects/payments-prod", ALICE, "roles/cloudsql.client")).toBe(false);
    clock.set("2026-11-24T09:30:00Z");
    expect(gcp.holds("projects/payments-prod", ALICE, "roles/cloudsql.client")).toBe(true);
  });

  it("never honours a condition it cannot evaluate", () => {
    gcp.setPolicyDirectly("projects/payments-prod", [{ role: "roles/cloudsql.client", members: [ALICE], condition: { title: "t", expression: 'resource.name.startsWith("x")' } }]);
    expect(gcp.holds("projects/payments-prod", ALICE, "roles/cloudsql.client")).toBe(false);
  });
});

describe("GCP emulator: refusals", () => {
  const many = (n: number) => Array.from({ length: n }, (_, i) => `user:u${i}@example.com`);
  const ops = (n: number) => Array.from({ length: n + 1 }, () => 'request.time < timestamp("2026-11-24T10:00:00Z")').join(" && ");
  it.each([
    ["a condition on a basic role", [{ role: "roles/editor", members: [ALICE], condition: until("2026-11-24T10:00:00Z") }], "Conditions are not supported for basic roles: roles/editor. Grant a predefined or custom role instead."],
    ["a condition with allUsers", [{ role: "roles/storage.objectViewer", members: ["allUsers"], condition: until("2026-11-24T10:00:00Z") }], "Conditions are not supported for the principal allUsers (role roles/storage.objectViewer)."],
    ["a condition with allAuthenticatedUsers", [{ role: "roles/storage.objectViewer", members: ["allAuthenticatedUsers"], condition: until("2026-11-24T10:00:00Z") }], "Conditions are not supported for the principal allAuthenticatedUsers (role roles/storage.objectViewer)."],
    ["more than 1,500 principals", [{ role: "roles/browser", members: many(1501) }], "The number of principals in the policy (1501) exceeds the limit of 1500; use groups to grant roles to many principals."],
    ["21 conditional bindings for one role and member", Array.from({ length: 21 }, (_, i) => ({ role: "roles/browser", members: [ALICE], condition: { title: `t${i}`, expression: `request.time < timestamp("2026-11-24T1${i % 10}:00:00Z")` } })), `The policy has more than 20 conditional role bindings for role roles/browser and principal ${ALICE}; remove some before adding more.`],
    ["13 logical operators", [{ role: "roles/browser", members: [ALICE], condition: { title: "t", expression: ops(13) } }], "Condition expression on role roles/browser has 13 logical operators; the limit is 12."],
    ["a malformed member", [{ role: "roles/browser", members: ["alice@example.com"] }], 'Invalid member "alice@example.com": a principal must start with user:, group:, serviceAccount:, domain:, principal:// or principalSet://, or be allUsers or allAuthenticatedUsers.'],
  ])("refuses %s with 400 INVALID_ARGUMENT", async (_name, bindings, message) => {
    const { etag } = await read();
    const refused = await failure(clients.projects.setIamPolicy({ resource: "projects/payments-prod", policy: { version: 3, etag, bindings } }));
    expect(refused.code).toBe(400);
    expect(JSON.parse(refused.message)).toEqual({ error: { code: 400, message, status: "INVALID_ARGUMENT" } });
    expect(gcp.getPolicy("projects/payments-prod").bindings).toEqual([]);
  });

  it("accepts exactly 1,500 principals and 12 logical operators", async () => {
    const { etag } = await read();
    await clients.projects.setIamPolicy({ resource: "projects/payments-prod", policy: { version: 3, etag, bindings: [{ role: "roles/browser", members: many(1499) }, { role: "roles/browser", members: [ALICE], condition: { title: "t", expression: ops(12) } }] } });
    expect(gcp.holds("projects/payments-prod", ALICE, "roles/browser")).toBe(true);
  });

  it("answers 403 PERMISSION_DENIED on a resource the caller cannot manage, 404 on an unknown one", async () => {
    gcp.denyFor("projects/payments-prod");
    const denied = await failure(read());
    expect(denied.code).toBe(403);
    expect(JSON.parse(denied.message).error.status).toBe("PERMISSION_DENIED");
    const missing = await failure(clients.projects.getIamPolicy({ resource: "projects/nowhere-123" }));
    expect(JSON.parse(missing.message)).toEqual({ error: { code: 404, message: "Resource 'projects/nowhere-123' was not found.", status: "NOT_FOUND" } });
  });

  it("answers 429 RESOURCE_EXHAUSTED past the per-minute write quota, until a minute has passed", async () => {
    gcp.setWriteQuota(2);
    const write = async () => clients.projects.setIamPolicy({ resource: "projects/payments-prod", policy: { version: 3, etag: (await read()).etag, bindings: [] } });
    await write();
    await write();
    const throttled = await failure(write());
    expect(throttled.code).toBe(429);
    expect(JSON.parse(throttled.message).error.status).toBe("RESOURCE_EXHAUSTED");
    clock.advance(60_000);
    await expect(write()).resolves.toBeDefined();
  });

  it("injects faults from the shared Faults by route template", async () => {
    gcp.faults.failNext("POST /v3/projects/{id}:getIamPolicy", 1, { status: 503 });
    expect((await failure(clients.projects.getIamPolicy({ resource: "projects/payments-prod" }, { retry: null } as never))).code).toBe(503);
    gcp.faults.failNext("POST /v3/projects/{id}:setIamPolicy", 1, { drop: true });
    const dropped = await failure(clients.projects.setIamPolicy({ resource: "projects/payments-prod", policy: { version: 3, bindings: [] } }));
    expect(dropped.message).toMatch(/socket hang up|ECONNRESET|other side closed/);
    expect(gcp.faults.count("POST /v3/projects/{id}:getIamPolicy")).toBe(1);
  });
});

describe("GCP emulator: raw HTTP", () => {
  it.each([
    ["without credentials", "/v3/projects/payments-prod:getIamPolicy", {}, 401, "UNAUTHENTICATED"],
    ["on an unknown route", "/v3/projects/payments-prod:testIamPermissions", { authorization: "Bearer t" }, 404, "NOT_FOUND"],
  ])("refuses a call %s", async (_name, path, headers, code, status) => {
    const response = await fetch(`${gcp.url}${path}`, { method: "POST", headers, body: "{}" });
    expect(response.status).toBe(code);
    expect(((await response.json()) as { error: { status: string } }).error.status).toBe(status);
  });
});

describe("GCP emulator: concurrent writers", () => {
  it("gives the slower of two racing writers 409 ABORTED; its retry wins and nothing is lost", async () => {
    const seenByA = await read();
    const seenByB = await read();
    await clients.projects.setIamPolicy({ resource: "projects/payments-prod", policy: { version: 3, etag: seenByA.etag, bindings: [{ role: "roles/cloudsql.client", members: [ALICE], condition: until("2026-11-24T10:00:00Z") }] } });
    const stale = await failure(clients.projects.setIamPolicy({ resource: "projects/payments-prod", policy: { version: 3, etag: seenByB.etag, bindings: [{ role: "roles/cloudsql.viewer", members: [BOB] }] } }));
    expect(stale.code).toBe(409);
    expect(JSON.parse(stale.message)).toEqual({ error: { code: 409, message: "There were concurrent policy changes. Please retry the whole read-modify-write with exponential backoff.", status: "ABORTED" } });
    const fresh = await read();
    await clients.projects.setIamPolicy({ resource: "projects/payments-prod", policy: { version: 3, etag: fresh.etag, bindings: [...(fresh.bindings ?? []), { role: "roles/cloudsql.viewer", members: [BOB] }] } });
    expect(gcp.holds("projects/payments-prod", ALICE, "roles/cloudsql.client")).toBe(true);
    expect(gcp.holds("projects/payments-prod", BOB, "roles/cloudsql.viewer")).toBe(true);
  });
});
