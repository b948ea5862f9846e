import { afterEach, describe, expect, it } from "vitest";
import { ACCESS_REPO } from "../helpers/app-harness.js";
import type { World } from "./lifecycle-world.js";
import { GCP_PATH, gcpRequest, startWorld } from "./lifecycle-world.js";

let w: World;
afterEach(async () => w.close());

describe("/revoke by an approver, as the app recorded the approval at the merge", () => {
  it("the approver whose approval counted ends the access, told as theirs, without evaluating the merged pull request again", async () => {
    w = await startWorld();
    const { number } = await w.requestAndMerge({ [GCP_PATH]: gcpRequest() });
    expect(w.holdsGcp()).toBe(true);
    w.h.clock.advance(5 * 60_000);
    w.h.appGitHubCalls.reset();
    await w.h.github.as("bob").comment(ACCESS_REPO, number, "/revoke");
    await w.settle();
    expect([w.holdsGcp(), w.gcpBindings()]).toEqual([false, 0]);
    expect(await w.mainFiles()).toEqual([]);
    expect((await w.storyOf(number)).at(-1)).toBe(
      `⏹️ Access ended early at 2026-11-24 08:05 UTC: @bob (an approver of this request) used /revoke. The grants are revoked. The request file is removed by #${number + 1} (merged).`,
    );
    // The approvers come from the recorded decision: the merged pull request's reviews are not read again.
    const routes = w.h.appGitHubCalls.table().map((r) => r.route);
    expect(routes.filter((r) => r.includes("/reviews"))).toEqual([]);
  });
});
