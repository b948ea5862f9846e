// The validation check of a pull request annotates every independent problem of a request file in one run.
import { afterEach, describe, expect, it } from "vitest";
import type { AppHarness } from "../helpers/app-harness.js";
import { ACCESS_REPO, seedAccessRepo, startAppHarness } from "../helpers/app-harness.js";
import { SEVERAL_PROBLEMS, severalProblemsFound } from "../helpers/several-problems.js";

const PATH = "requests/gcp/prod/paula-inc-4711.yaml";
let h: AppHarness | undefined;
afterEach(async () => h?.close());

describe("the validation check of a request with several problems", () => {
  it("fails with one annotation per problem, each at its line, so one push can fix them all", async () => {
    h = await startAppHarness();
    await seedAccessRepo(h.github);
    // paula is a payments engineer with no entry in identities.yaml.
    const pr = await h.github.as("paula").openPullRequest(ACCESS_REPO, { title: "Read prod DB", files: { [PATH]: SEVERAL_PROBLEMS.join("\n") + "\n" } });
    await h.github.settled();
    const run = await h.checkRun(pr.headSha, "access-pr / validation");
    expect(run?.conclusion).toBe("failure");
    const annotations = (run?.annotations ?? []).map((a) => [a.path, a.start_line, a.start_column, a.annotation_level, a.message]);
    expect(annotations).toEqual(severalProblemsFound("paula").map(([line, column, message]) => [PATH, line, column, "failure", message]));
  });
});
