// Renaming a granted request file, on the shape GitHub really gives it: pulls.listFiles reports one entry with
// status "renamed" and previous_filename (docs.github.com/rest/pulls/pulls#list-pull-requests-files; the embedded
// GitHub finds renames as git does, -M). The pull request is refused with a message saying why and what to do, and a
// rename that lands on main anyway (merged past the refusal, or pushed directly) ends the access the old path stood for
// and grants nothing for the new path (invariant 18: a rename never extends access).
import { afterEach, describe, expect, it } from "vitest";
import { ACCESS_REPO } from "../helpers/app-harness.js";
import type { World } from "./lifecycle-world.js";
import { GCP_PATH, HOUR, gcpRequest, owner, repo, startWorld } from "./lifecycle-world.js";

const RENAMED = "requests/gcp/prod/alice-inc-4711-again.yaml";
const REFUSAL =
  `${GCP_PATH} is renamed to ${RENAMED}; renaming a request file is not supported because its history is its audit trail. ` +
  "To change an active request, edit it in place; to ask again, add a new file with a new name in its own pull request.";

let w: World;
afterEach(async () => w.close());

async function granted(): Promise<void> {
  w = await startWorld();
  await w.requestAndMerge({ [GCP_PATH]: gcpRequest() });
  expect(w.holdsGcp()).toBe(true);
  w.h.clock.advance(HOUR / 2);
}

describe("renaming a granted request file", { timeout: 240_000 }, () => {
  it.each([
    { name: "unchanged", content: () => gcpRequest() },
    { name: "with a longer duration", content: () => gcpRequest([], "4h") },
  ])("is one renamed entry in the PR's files and is refused at the new path ($name)", async ({ content }) => {
    await granted();
    const pr = await w.h.github.as("alice").openPullRequest(ACCESS_REPO, { title: "Rename my request", files: { [GCP_PATH]: null, [RENAMED]: content() } });
    await w.settle();
    const { data: files } = await w.h.github.octokitFor("bob").rest.pulls.listFiles({ owner, repo, pull_number: pr.number });
    expect(files.map((f) => ({ filename: f.filename, status: f.status, previous_filename: f.previous_filename }))).toEqual([{ filename: RENAMED, status: "renamed", previous_filename: GCP_PATH }]);
    const check = await w.h.checkRun(pr.headSha, "access-pr / validation");
    expect(check?.conclusion).toBe("failure");
    expect(check?.annotations.map((a) => [a.path, a.start_line, a.message])).toEqual([[RENAMED, 1, REFUSAL]]);
    expect(w.holdsGcp()).toBe(true);
  });

  it("merged past the refusal: the old path's access ends and the new path grants nothing", async () => {
    await granted();
    await w.requestAndMerge({ [GCP_PATH]: null, [RENAMED]: gcpRequest([], "4h") }, { title: "Rename my request" });
    expect([w.holdsGcp(), w.gcpBindings()]).toEqual([false, 0]);
    // Three hours on, well inside the renamed file's 4h, still nothing.
    w.h.clock.advance(3 * HOUR);
    await w.settle();
    expect([w.holdsGcp(), w.gcpBindings()]).toEqual([false, 0]);
  });

  it("pushed straight to main by an admin: the old path's access ends and the new path grants nothing", async () => {
    await granted();
    const pushed = await w.h.github.as("carol").commit(ACCESS_REPO, "main", { [GCP_PATH]: null, [RENAMED]: gcpRequest() }, "Rename a request by hand");
    await w.settle();
    const { data: commit } = await w.h.github.octokitFor("bob").rest.repos.getCommit({ owner, repo, ref: pushed });
    expect(commit.files?.map((f) => [f.filename, f.status, f.previous_filename])).toEqual([[RENAMED, "renamed", GCP_PATH]]);
    expect([w.holdsGcp(), w.gcpBindings()]).toEqual([false, 0]);
    // No approved pull request added the renamed file, so the app takes it off main too.
    expect(await w.mainFiles()).toEqual([]);
  });
});
