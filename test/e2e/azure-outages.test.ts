// Invariant 9 for the one kind of grant no cloud ends by itself: a plain Azure role assignment (azure_mode: assignment)
// lives until access-pr deletes it, so an outage of the app or of ARM at the window's end must only delay the delete,
// never skip it. (GCP conditions and PIM schedules across outages: lifecycle-outages.test.ts and cloud-fidelity.test.ts.)
import { afterEach, describe, expect, it } from "vitest";
import { AZURE_ROUTES } from "../../src/sandbox/azure/index.js";
import { EXAMPLE_CODEOWNERS } from "../helpers/app-harness.js";
import type { World } from "./lifecycle-world.js";
import { RG, azureRequest, startWorld } from "./lifecycle-world.js";

const SWEEP = 60_000;
const PLAIN_PATH = "requests/azure-plain/alice-inc-4711.yaml";
const PLAIN_RULE = ["version: 1", "rules:", "  - name: azure-payments-plain", '    paths: ["requests/azure-plain/**"]', "    provider: azure", `    scopes: ["${RG}"]`, '    roles: ["Reader"]', '    requesters: { teams: ["acme/payments-eng"] }', '    approvers: { teams: ["acme/sre"], min: 1 }', "    max_duration: 8h", "    azure_mode: assignment", ""].join("\n");
const FILES = { "access-policies/azure-plain.yaml": PLAIN_RULE, ".github/CODEOWNERS": `${EXAMPLE_CODEOWNERS}/requests/azure-plain/ @acme/sre\n` };

let w: World;
afterEach(async () => w.close());

const plainAssignments = (world: World) => world.h.azure?.roleAssignments().filter((a) => a.description?.includes(PLAIN_PATH)).length ?? 0;

describe("a plain Azure assignment across outages", () => {
  it("the app down across the window's end deletes the assignment at once when it starts", async () => {
    w = await startWorld({ files: FILES });
    await w.requestAndMerge({ [PLAIN_PATH]: azureRequest() });
    expect([w.holdsAzure(), plainAssignments(w)]).toEqual([true, 1]);
    await w.lifecycle().stop();
    w.h.clock.set("2026-11-24T13:00:00Z");
    // Down: nothing ends a plain assignment by itself.
    expect(w.holdsAzure()).toBe(true);
    await w.restart();
    await w.settle();
    expect([w.holdsAzure(), plainAssignments(w), await w.mainFiles()]).toEqual([false, 0, []]);
  }, 180_000);

  it("ARM down at the window's end: the delete is retried every sweep and lands at the first one after ARM is back", async () => {
    w = await startWorld({ files: FILES });
    await w.requestAndMerge({ [PLAIN_PATH]: azureRequest() });
    w.h.azure?.faults.failNext(AZURE_ROUTES.getRoleAssignment, 10_000, { status: 503 });
    w.h.clock.set("2026-11-24T10:00:00Z");
    await w.settle();
    for (let i = 0; i < 3; i++) {
      w.h.clock.advance(SWEEP);
      await w.settle();
    }
    expect([w.holdsAzure(), await w.mainFiles()]).toEqual([true, [PLAIN_PATH]]);
    expect(w.h.logs.filter((l) => l.msg === "revoke failed; the next run retries").length).toBeGreaterThanOrEqual(4);

    w.h.azure?.faults.clear();
    w.h.clock.advance(SWEEP);
    await w.settle();
    expect([w.holdsAzure(), plainAssignments(w), await w.mainFiles()]).toEqual([false, 0, []]);
  }, 180_000);
});
