import { afterEach, describe, expect, it } from "vitest";
import { ACCESS_REPO } from "../helpers/app-harness.js";
import type { World } from "./lifecycle-world.js";
import { GCP_PATH, HOUR, gcpRequest, owner, repo, startWorld } from "./lifecycle-world.js";

let w: World;
afterEach(async () => w.close());

/** Protection the app may not bypass: its revert stays open until a person merges it. */
async function revokeWithRevertKeptOpen(world: World): Promise<number> {
  const { number } = await world.requestAndMerge({ [GCP_PATH]: gcpRequest() });
  world.h.github.setProtection(ACCESS_REPO, { requiredApprovals: 1, bypass: [], adminsCanBypass: true });
  await world.h.github.as("alice").comment(ACCESS_REPO, number, "/revoke");
  await world.settle();
  return number;
}

async function revertOf(world: World, number: number) {
  const { data } = await world.h.github.octokitFor("bob").rest.pulls.get({ owner, repo, pull_number: number + 1 });
  return data;
}

describe("/revoke ends the access for good, even while the revert waits", () => {
  it("a reconcile while the app's revert is still open does not grant the revoked request again", async () => {
    w = await startWorld();
    const number = await revokeWithRevertKeptOpen(w);
    expect([(await revertOf(w, number)).state, w.holdsGcp()]).toEqual(["open", false]);
    expect(await w.mainFiles()).toEqual([GCP_PATH]);
    // Past the reconcile interval: the reconcile sees the file on main and nothing held in GCP.
    w.h.clock.advance(11 * 60_000);
    await w.settle();
    expect(w.holdsGcp()).toBe(false);
  });

  it("a cold restart while the revert is still open does not grant it again either", async () => {
    w = await startWorld();
    await revokeWithRevertKeptOpen(w);
    await w.restart();
    w.h.clock.advance(11 * 60_000);
    await w.settle();
    expect(w.holdsGcp()).toBe(false);
    // Still not granted an hour later, while the original window (2 h) is open.
    w.h.clock.advance(HOUR);
    await w.settle();
    expect(w.holdsGcp()).toBe(false);
  });
});
