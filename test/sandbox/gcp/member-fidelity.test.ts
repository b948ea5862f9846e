// How IAM treats members and conditions, through the real Resource Manager client.
// Sources: google/iam/v1/policy.proto (Policy.bindings: "bindings with no members will result in an error";
// Binding.members: user:/group:/serviceAccount: name an account by e-mail); IAM "principal identifiers"
// docs as recorded in FACTS.md: IAM returns a member's canonical spelling (lower case, googlemail.com as
// gmail.com), a member with no account behind it is 400 INVALID_ARGUMENT, and an unparsable CEL condition is refused.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import type { GcpEmulator } from "../../../src/sandbox/gcp/gcp-emulator.js";
import { startGcpEmulator } from "../../../src/sandbox/gcp/gcp-emulator.js";
import { emulatorClients, failure } from "./emulator-clients.js";

const P = "projects/payments-prod";
const until = { expression: 'request.time < timestamp("2026-11-24T10:00:00Z")', title: "until" };
let gcp: GcpEmulator;
let clients: ReturnType<typeof emulatorClients>;

beforeEach(async () => {
  gcp = await startGcpEmulator({ clock: new ManualClock("2026-11-24T08:00:00Z"), accounts: ["user:alice@acme.example", "user:zoe@gmail.com", "group:sre@acme.example"] });
  gcp.createProject("payments-prod");
  clients = emulatorClients(gcp);
});

afterEach(async () => {
  await Promise.all(Object.values(clients).map((c) => c.close()));
  await gcp.close();
});

async function write(bindings: Array<{ role: string; members: string[]; condition?: typeof until }>) {
  const [read] = await clients.projects.getIamPolicy({ resource: P, options: { requestedPolicyVersion: 3 } });
  return clients.projects.setIamPolicy({ resource: P, policy: { version: 3, etag: read.etag, bindings } });
}

describe("GCP emulator: members as IAM stores them", () => {
  it("stores and returns the canonical spelling of what was written", async () => {
    const [written] = await write([{ role: "roles/cloudsql.client", members: ["user:Alice@ACME.example", "user:Zoe@GoogleMail.com", "group:SRE@acme.example"], condition: until }]);
    expect(written.bindings?.[0]?.members).toEqual(["user:alice@acme.example", "user:zoe@gmail.com", "group:sre@acme.example"]);
    const [again] = await clients.projects.getIamPolicy({ resource: P, options: { requestedPolicyVersion: 3 } });
    expect(again.bindings?.[0]?.members).toEqual(["user:alice@acme.example", "user:zoe@gmail.com", "group:sre@acme.example"]);
  });

  it("merges two spellings of one account into one member", async () => {
    const [written] = await write([{ role: "roles/browser", members: ["user:alice@acme.example", "user:ALICE@acme.example"] }]);
    expect(written.bindings?.[0]?.members).toEqual(["user:alice@acme.example"]);
  });

  it.each([
    ["a user with no account", [{ role: "roles/browser", members: ["user:mallory@acme.example"] }], "User mallory@acme.example does not exist."],
    ["a service account that was never created", [{ role: "roles/browser", members: ["serviceAccount:ghost@payments-prod.iam.gserviceaccount.com"] }], "Service account ghost@payments-prod.iam.gserviceaccount.com does not exist."],
    ["a binding with no members", [{ role: "roles/browser", members: [] }], "Binding for role roles/browser has no members: a binding must name at least one principal."],
    ["a condition with unbalanced parentheses", [{ role: "roles/browser", members: ["user:alice@acme.example"], condition: { title: "t", expression: 'request.time < timestamp("2026-11-24T10:00:00Z"' } }], 'Condition expression on role roles/browser is not valid CEL (unbalanced parentheses): request.time < timestamp("2026-11-24T10:00:00Z"'],
    ["a condition ending in an operator", [{ role: "roles/browser", members: ["user:alice@acme.example"], condition: { title: "t", expression: "request.time < " } }], "Condition expression on role roles/browser is not valid CEL ('<' has no right operand): request.time < "],
    ["a condition with an unterminated string", [{ role: "roles/browser", members: ["user:alice@acme.example"], condition: { title: "t", expression: 'request.time < timestamp("2026' } }], 'Condition expression on role roles/browser is not valid CEL (unterminated string literal): request.time < timestamp("2026'],
  ])("refuses %s with 400 INVALID_ARGUMENT and changes nothing", async (_name, bindings, message) => {
    const refused = await failure(write(bindings));
    expect(JSON.parse(refused.message)).toEqual({ error: { code: 400, message, status: "INVALID_ARGUMENT" } });
    expect(gcp.getPolicy(P).bindings).toEqual([]);
  });

  it("does not look up domains or federated principals, and accepts accounts created later", async () => {
    await write([{ role: "roles/browser", members: ["domain:acme.example", "principal://iam.googleapis.com/locations/global/workforcePools/p/subject/s"] }]);
    expect(gcp.holds(P, "domain:acme.example", "roles/browser")).toBe(true);
    gcp.addAccounts("user:mallory@acme.example");
    await write([{ role: "roles/browser", members: ["user:mallory@acme.example"] }]);
    expect(gcp.holds(P, "user:Mallory@acme.example", "roles/browser")).toBe(true);
  });
});
