// Writers flooding a merged request with `/revoke` must not be able to push the app over GitHub's
// secondary limit on content creation (80 a minute, 500 an hour per installation: REST docs, "Rate
// limits for the REST API"), and when GitHub pauses the app's writes anyway (another replica or tool
// on the same installation), a `/revoke` still ends the access in the cloud at once.
import { afterEach, describe, expect, it } from "vitest";
import { ENDED_CHECK } from "../../src/lifecycle/decision-check.js";
import { GITHUB_CONTENT_CREATION } from "../../src/sandbox/github/content-limit.js";
import { ACCESS_REPO } from "../helpers/app-harness.js";
import type { World } from "./lifecycle-world.js";
import { GCP_PATH, gcpRequest, startWorld } from "./lifecycle-world.js";

const MINUTE = 60_000;
let w: World;
afterEach(async () => w.close());

const fromBot = async (world: World, number: number, mention: string) =>
  (await world.h.comments(number)).filter((c) => c.user === "access-pr[bot]" && c.body.includes(mention));

describe("/revoke while writers flood the pull request or GitHub pauses the app's writes", () => {
  it("two writers posting 70 /revoke each in a minute push the app over nothing, and alice's /revoke ends the access at once", async () => {
    w = await startWorld();
    const { number } = await w.requestAndMerge({ [GCP_PATH]: gcpRequest() });
    expect(w.holdsGcp()).toBe(true);
    const refusedBefore = w.h.appGitHubCalls.refused();

    // Each under GitHub's 80 a minute per user; the clock does not move.
    for (let i = 0; i < 70; i += 1) {
      await w.h.github.as("erin").comment(ACCESS_REPO, number, "/revoke");
      await w.h.github.as("paula").comment(ACCESS_REPO, number, "/revoke");
    }
    await w.settle();
    await w.h.github.as("alice").comment(ACCESS_REPO, number, "/revoke");
    await w.settle();

    // GitHub refused none of the app's writes, and the access ended within the same minute.
    expect(w.h.appGitHubCalls.refused() - refusedBefore).toBe(0);
    expect(w.h.github.contentLimit.refused()).toBe(0);
    expect(w.holdsGcp()).toBe(false);
    expect(await w.mainFiles()).toEqual([]);
    // One refusal each was told; the other 69 of each changed nothing and were not answered.
    const toErin = await fromBot(w, number, "@erin");
    expect(toErin.map((c) => c.body.slice(0, 300))).toEqual([expect.stringContaining("@erin")]);
    expect((await fromBot(w, number, "@paula")).length).toBe(1);
    expect(w.h.logs.filter((l) => l.msg.includes("reply not written")).length).toBe(138);
  }, 600_000);

  it("GitHub pausing the app's writes does not hold a /revoke: revoked in the cloud now, never granted again, recorded and reverted once GitHub takes writes", async () => {
    w = await startWorld();
    const { number, mergeSha } = await w.requestAndMerge({ [GCP_PATH]: gcpRequest() });
    expect(w.holdsGcp()).toBe(true);
    // Another replica or tool used this installation's hour: GitHub refuses the app's writes for about an hour.
    for (let i = 0; i < GITHUB_CONTENT_CREATION.perHour; i += 1) w.h.github.contentLimit.admit(`installation:${w.h.github.app.installationId}`);

    await w.h.github.as("alice").comment(ACCESS_REPO, number, "/revoke");
    await w.settle();
    expect(w.holdsGcp()).toBe(false);
    expect(w.h.logs.some((l) => l.msg.startsWith("GitHub refused to record the end of /revoke: revoked in the cloud all the same"))).toBe(true);
    expect(await w.mainFiles()).toEqual([GCP_PATH]);

    // A reconcile while GitHub still refuses: the version stays ended (nothing granted again), nothing waits for long.
    w.h.clock.advance(11 * MINUTE);
    await w.settle();
    expect(w.holdsGcp()).toBe(false);

    // GitHub takes writes again once its pause has passed: the end is recorded, the file reverted, alice told.
    for (let minutes = 0; minutes < 70 && (await w.mainFiles()).length > 0; minutes += 5) {
      w.h.clock.advance(5 * MINUTE);
      await w.settle();
    }
    expect(await w.mainFiles()).toEqual([]);
    expect(w.holdsGcp()).toBe(false);
    // The end stands in the app's record on the merge commit, in a run of its own.
    const record = await w.h.checkRun(mergeSha, ENDED_CHECK);
    expect(record?.output.text).toMatch(/\(revoked\): .*alice \(the requester\) used \/revoke/);
    w.h.clock.advance(5 * MINUTE);
    await w.settle();
    expect((await fromBot(w, number, "is revoked in the cloud now")).length).toBe(1);
  }, 600_000);
});
