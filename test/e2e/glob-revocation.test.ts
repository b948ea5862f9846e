// Invariant 9 with a glob in the rule: an assignment-mode Azure grant whose request file leaves main by any
// route is revoked, although no file on main and no literal rule scope names the scope it was granted on.
import { afterEach, describe, expect, it } from "vitest";
import { ACCESS_REPO } from "../helpers/app-harness.js";
import type { World } from "./lifecycle-world.js";
import { ALICE_OID, HOUR, owner, repo, startWorld } from "./lifecycle-world.js";

// A subscription no literal rule scope names, so only the glob's listing can find the grant.
const SUB2 = "00000000-0000-0000-0000-000000000002";
const SCOPE = `/subscriptions/${SUB2}/resourceGroups/payments-eu`;
const PATH = "requests/azure/eu/alice-inc-4711.yaml";

const POLICY = [
  "version: 1",
  "rules:",
  "  - name: azure-payments-regions",
  '    paths: ["requests/azure/eu/**"]',
  "    provider: azure",
  `    scopes: ["/subscriptions/${SUB2}/resourceGroups/payments-*"]`,
  '    roles: ["Reader"]',
  '    requesters: { teams: ["acme/payments-eng"] }',
  "    max_duration: 8h",
  "    azure_mode: assignment",
  "",
].join("\n");

const REQUEST = ['reason: "INC-4711: read the EU payments logs"', "duration: 4h", "grants:", "  - provider: azure", `    scope: ${SCOPE}`, "    role: Reader", ""].join("\n");

let w: World;
afterEach(async () => w.close());

async function grantedUnderGlob(): Promise<{ number: number; mergeSha: string; before: string }> {
  w = await startWorld();
  w.h.azure?.createSubscription(SUB2);
  w.h.azure?.createResourceGroup(SUB2, "payments-eu");
  await w.h.github.as("carol").commit(ACCESS_REPO, "main", { "access-policies/azure-regions.yaml": POLICY }, "Policy: Reader on the regional payments resource groups");
  await w.settle();
  const before = (await w.h.github.octokitFor("carol").rest.git.getRef({ owner, repo, ref: "heads/main" })).data.object.sha;
  const merged = await w.requestAndMerge({ [PATH]: REQUEST });
  expect(w.h.azure?.holds(SCOPE, ALICE_OID, "Reader")).toBe(true);
  w.h.clock.advance(HOUR / 2);
  return { ...merged, before };
}

const holds = () => w.h.azure?.holds(SCOPE, ALICE_OID, "Reader");

describe("a grant under a glob rule is revoked when its request file leaves main", { timeout: 180_000 }, () => {
  it("by an approved pull request that deletes it", async () => {
    await grantedUnderGlob();
    await w.requestAndMerge({ [PATH]: null }, { title: "Done with INC-4711" });
    expect(holds()).toBe(false);
  });

  it("by an approved pull request that renames it", async () => {
    await grantedUnderGlob();
    await w.requestAndMerge({ [PATH]: null, "requests/azure/eu/alice-inc-4711-renamed.yaml": REQUEST }, { title: "Rename" });
    expect(await w.mainFiles()).not.toContain(PATH);
    // Whatever the renamed file grants, the grant made for the original file (its marker names the old path) is gone.
    const assignments = w.h.azure?.roleAssignments() ?? [];
    expect(assignments.filter((a) => a.description?.includes(` ${PATH} `))).toEqual([]);
  });

  it("by a direct push that deletes it", async () => {
    await grantedUnderGlob();
    await w.h.github.as("carol").commit(ACCESS_REPO, "main", { [PATH]: null }, "Remove a request by hand");
    await w.settle();
    expect(holds()).toBe(false);
  });

  it("by a force push that rewinds main past it", async () => {
    const { before } = await grantedUnderGlob();
    await w.h.github.octokitFor("carol").rest.git.updateRef({ owner, repo, ref: "heads/main", sha: before, force: true });
    await w.settle();
    expect(await w.mainFiles()).not.toContain(PATH);
    expect(holds()).toBe(false);
  });
});
