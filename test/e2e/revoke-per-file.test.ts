import { afterEach, describe, expect, it } from "vitest";
import { ACCESS_REPO } from "../helpers/app-harness.js";
import type { World } from "./lifecycle-world.js";
import { AZURE_PATH, GCP_PATH, HOUR, azureRequest, gcpRequest, startWorld } from "./lifecycle-world.js";

let w: World;
afterEach(async () => w.close());

/** carol (security) owns every path, so being an SRE approver never makes anyone a code owner here. */
const CODEOWNERS = "* @carol\n";

/** alice opens, the SRE `approver` and carol (the code owner) approve, carol merges. */
async function approvedByAndMerged(world: World, title: string, files: Record<string, string>, approver: string): Promise<number> {
  const pr = await world.h.github.as("alice").openPullRequest(ACCESS_REPO, { title, files });
  await world.settle();
  for (const login of [approver, "carol"]) {
    await world.h.github.as(login).approve(ACCESS_REPO, pr.number);
    await world.settle();
  }
  await world.h.github.as("carol").merge(ACCESS_REPO, pr.number);
  await world.settle();
  return pr.number;
}

/** #A (GCP and Azure) approved by bob; an hour later #B extends the GCP file only, approved by dave. */
async function originalAndExtension(world: World): Promise<{ original: number; extension: number }> {
  world.h.github.setTeamMembership("acme", "sre", "dave", "active");
  const original = await approvedByAndMerged(world, "Read prod DB for INC-4711", { [GCP_PATH]: gcpRequest(), [AZURE_PATH]: azureRequest() }, "bob");
  world.h.clock.advance(HOUR);
  const extension = await approvedByAndMerged(world, "Extend INC-4711", { [GCP_PATH]: gcpRequest([], "4h") }, "dave");
  expect([world.holdsGcp(), world.holdsAzure()]).toEqual([true, true]);
  return { original, extension };
}

async function replyTo(world: World, pr: number): Promise<string | undefined> {
  return (await world.h.comments(pr)).find((c) => c.body.startsWith("<!-- access-pr:revoke-reply"))?.body;
}

describe("/revoke is authorised per request file, against the approvals of that file's own version", () => {
  it("the extension's approver ends the file they approved; the original's other file, approved by someone else, stays granted", async () => {
    w = await startWorld({ files: { ".github/CODEOWNERS": CODEOWNERS } });
    const { original } = await originalAndExtension(w);
    await w.h.github.as("dave").comment(ACCESS_REPO, original, "/revoke");
    await w.settle();
    expect([w.holdsGcp(), w.holdsAzure()]).toEqual([false, true]);
    expect(await w.mainFiles()).toEqual([AZURE_PATH]);
    expect(await replyTo(w, original)).toContain(`stays: only its requester, an approver whose approval counted for its current version, or a code owner`);
    // Nothing of the Azure file ended: no end recorded, so later runs keep granting it until its own window's end.
    w.h.clock.advance(11 * 60_000);
    await w.settle();
    expect(w.holdsAzure()).toBe(true);
  });

  it("an approver of the original may not end the file an extension set since; someone who approved neither is refused", async () => {
    w = await startWorld({ files: { ".github/CODEOWNERS": CODEOWNERS } });
    const { original } = await originalAndExtension(w);
    // bob approved #A's version of both files, but #B set the GCP file's current version (approved by dave only).
    await w.h.github.as("bob").comment(ACCESS_REPO, original, "/revoke");
    await w.settle();
    expect([w.holdsGcp(), w.holdsAzure()]).toEqual([true, false]);
    expect(await w.mainFiles()).toEqual([GCP_PATH]);
    // Someone who approved neither version is refused outright.
    await w.h.github.as("mallory").comment(ACCESS_REPO, original, "/revoke");
    await w.settle();
    expect(w.holdsGcp()).toBe(true);
    expect(await w.mainFiles()).toEqual([GCP_PATH]);
  });
});
