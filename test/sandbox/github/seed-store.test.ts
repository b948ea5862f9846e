// The in-process seeding of the embedded GitHub leaves what a pull request merged through the REST API leaves:
// the same history shape, the same associations, the same answers to the calls the app makes on a restart.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { GitHubEmulator } from "../../../src/sandbox/github/index.js";
import { seedCheckRun, seedMergedPulls } from "../../../src/sandbox/github/seed-store.js";

const REPO = "acme/access";
const [owner, repo] = ["acme", "access"];

describe("seeding merged pull requests straight into the embedded GitHub's store", () => {
  const clock = new ManualClock("2026-11-24T08:00:00Z");
  let gh: GitHubEmulator;

  beforeAll(async () => {
    gh = await GitHubEmulator.start({ clock });
    for (const login of ["alice", "bob", "carol"]) gh.createUser(login);
    await gh.createRepo(REPO, { files: { "README.md": "# access\n" }, collaborators: { alice: "write", bob: "write", carol: "write" } });
  });
  afterAll(async () => gh.close());

  it("answers the app's restart reads as for pull requests merged through the API", async () => {
    // One merged the ordinary way first, so seeded numbers follow it.
    const first = await gh.as("alice").openPullRequest(REPO, { title: "first", files: { "requests/first.yaml": "reason: first\n" } });
    await gh.as("bob").merge(REPO, first.number);
    const seeded = await seedMergedPulls(gh, REPO, [
      { path: "requests/a.yaml", content: "reason: a\n", author: "alice", approver: "bob", title: "a" },
      { path: "requests/b.yaml", content: "reason: b\n", author: "carol", approver: "bob", title: "b" },
    ]);
    expect(seeded.map((s) => s.number)).toEqual([first.number + 1, first.number + 2]);
    const bob = gh.octokitFor("bob");
    const { data: tree } = await bob.rest.git.getTree({ owner, repo, tree_sha: "main", recursive: "1" });
    const blobs = Object.fromEntries(tree.tree.filter((e) => e.path?.startsWith("requests/")).map((e) => [e.path, e.sha]));
    expect(blobs).toMatchObject({ "requests/a.yaml": seeded[0]?.blobSha, "requests/b.yaml": seeded[1]?.blobSha });
    for (const s of seeded) {
      const { data: commits } = await bob.rest.repos.listCommits({ owner, repo, sha: "main", path: s.path });
      expect(commits.map((c) => c.sha)).toEqual([s.headSha]);
      const { data: pulls } = await bob.rest.repos.listPullRequestsAssociatedWithCommit({ owner, repo, commit_sha: s.headSha });
      expect(pulls.map((p) => [p.number, p.merge_commit_sha, p.user?.login, p.base.ref])).toEqual([[s.number, s.mergeSha, s.author, "main"]]);
      const { data: merge } = await bob.rest.git.getCommit({ owner, repo, commit_sha: s.mergeSha });
      expect(merge.parents.map((p) => p.sha)).toEqual([s.baseSha, s.headSha]);
      const { data: reviews } = await bob.rest.pulls.listReviews({ owner, repo, pull_number: s.number });
      expect(reviews.map((r) => [r.user?.login, r.state, r.commit_id])).toEqual([["bob", "APPROVED", s.headSha]]);
    }
    expect(seeded[1]?.baseSha).toBe(seeded[0]?.mergeSha);
    const { data: ref } = await bob.rest.git.getRef({ owner, repo, ref: "heads/main" });
    expect(ref.object.sha).toBe(seeded[1]?.mergeSha);
    const { data: activity } = await bob.request("GET /repos/{owner}/{repo}/activity", { owner, repo, ref: "refs/heads/main", activity_type: "pr_merge" });
    expect((activity as { after: string }[]).map((a) => a.after)).toEqual(expect.arrayContaining(seeded.map((s) => s.mergeSha)));
  });

  it("writes a check run as the embedded GitHub's app, found with the app_id filter", async () => {
    const { data: ref } = await gh.octokitFor("bob").rest.git.getRef({ owner, repo, ref: "heads/main" });
    seedCheckRun(gh, REPO, { name: "access-pr / grant", headSha: ref.object.sha, externalId: "x", conclusion: "success", title: "t", summary: "s", text: "body" });
    const { data } = await gh.octokitFor("bob").rest.checks.listForRef({ owner, repo, ref: ref.object.sha, app_id: gh.app.appId, filter: "all" });
    expect(data.check_runs.map((r) => [r.name, r.app?.id, r.external_id, r.output.text])).toEqual([["access-pr / grant", gh.app.appId, "x", "body"]]);
  });
});
