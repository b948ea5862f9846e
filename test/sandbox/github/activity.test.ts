// The embedded GitHub's repository activity log and base.sha, driven by the real Octokit.
// Follows "List repository activities" (GET /repos/{owner}/{repo}/activity, operation repos/list-activities in
// github/rest-api-description; docs.github.com/rest/repos/repos#list-repository-activities): newest first by default,
// filters ref (refs/heads/X or X), actor, activity_type, time_period, per_page at most 100, cursor paging through the
// Link header; and a pull request's base.sha, which GitHub moves only on open, synchronize and a base change.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { GitHubEmulator } from "../../../src/sandbox/github/index.js";

const REPO = "acme/access";
const [owner, repo] = ["acme", "access"];
const ZERO = "0".repeat(40);

describe("the embedded GitHub's activity log", () => {
  const clock = new ManualClock("2026-11-24T08:00:00Z");
  let gh: GitHubEmulator;
  let initial = "";

  beforeAll(async () => {
    gh = await GitHubEmulator.start({ clock });
    for (const login of ["alice", "bob", "mallory"]) gh.createUser(login);
    gh.createUser("carol", { admin: true });
    initial = (await gh.createRepo(REPO, { files: { "README.md": "# access\n" }, collaborators: { alice: "write", bob: "write", mallory: "write" } })).headSha;
  });
  afterAll(async () => gh.close());

  it("records every ref update with its actor, before, after and the shared clock's time, newest first", async () => {
    const first = await gh.as("alice").commit(REPO, "alice/x", { "requests/a.yaml": "a: 1\n" }, "Add a");
    clock.advance(60_000);
    const second = await gh.as("mallory").commit(REPO, "alice/x", { "requests/a.yaml": "a: 2\n" }, "Change a");
    clock.advance(60_000);
    const octokit = gh.octokitFor("bob");
    const rewritten = (await octokit.rest.git.createCommit({ owner, repo, message: "Rewrite", tree: (await octokit.rest.git.getCommit({ owner, repo, commit_sha: first })).data.tree.sha, parents: [initial] })).data.sha;
    await octokit.rest.git.updateRef({ owner, repo, ref: "heads/alice/x", sha: rewritten, force: true });
    clock.advance(60_000);
    await octokit.rest.git.deleteRef({ owner, repo, ref: "heads/alice/x" });

    const { data } = await octokit.rest.repos.listActivities({ owner, repo, ref: "refs/heads/alice/x" });
    expect(data.map((a) => [a.activity_type, a.actor?.login, a.before, a.after, a.ref, a.timestamp])).toEqual([
      ["branch_deletion", "bob", rewritten, ZERO, "refs/heads/alice/x", "2026-11-24T08:03:00Z"],
      ["force_push", "bob", second, rewritten, "refs/heads/alice/x", "2026-11-24T08:02:00Z"],
      ["push", "mallory", first, second, "refs/heads/alice/x", "2026-11-24T08:01:00Z"],
      ["branch_creation", "alice", ZERO, first, "refs/heads/alice/x", "2026-11-24T08:00:00Z"],
    ]);
    // A branch name alone means the same ref; asc reverses; filters narrow.
    expect((await octokit.rest.repos.listActivities({ owner, repo, ref: "alice/x", direction: "asc" })).data.map((a) => a.activity_type)).toEqual(["branch_creation", "push", "force_push", "branch_deletion"]);
    expect((await octokit.rest.repos.listActivities({ owner, repo, actor: "mallory" })).data.map((a) => a.after)).toEqual([second]);
    expect((await octokit.rest.repos.listActivities({ owner, repo, activity_type: "force_push" })).data.map((a) => a.actor?.login)).toEqual(["bob"]);
    expect((await octokit.rest.repos.listActivities({ owner, repo, ref: "main" })).data.map((a) => [a.activity_type, a.after])).toEqual([["branch_creation", initial]]);
  });

  it("records a pull request's merge as pr_merge by whoever merged it", async () => {
    const pr = await gh.as("alice").openPullRequest(REPO, { title: "Merge me", files: { "requests/b.yaml": "b: 1\n" } });
    const merge = await gh.as("carol").merge(REPO, pr.number);
    const [latest] = (await gh.octokitFor("alice").rest.repos.listActivities({ owner, repo, ref: "refs/heads/main", per_page: 1 })).data;
    expect([latest?.activity_type, latest?.actor?.login, latest?.before, latest?.after]).toEqual(["pr_merge", "carol", initial, merge]);
  });

  it("pages with cursors through the Link header, per_page at most 100, as Octokit's paginate follows them", async () => {
    for (let i = 0; i < 5; i += 1) await gh.as("bob").commit(REPO, "bob/many", { "n.txt": `${i}\n` }, `Commit ${i}`);
    const octokit = gh.octokitFor("bob");
    const first = await octokit.rest.repos.listActivities({ owner, repo, ref: "refs/heads/bob/many", per_page: 2 });
    expect(first.data).toHaveLength(2);
    expect(first.headers.link).toMatch(/<[^>]+after=[^>]+>; rel="next"/);
    const all = await octokit.paginate(octokit.rest.repos.listActivities, { owner, repo, ref: "refs/heads/bob/many", per_page: 2 });
    expect(all.map((a) => a.activity_type)).toEqual(["push", "push", "push", "push", "branch_creation"]);
    expect(new Set(all.map((a) => a.id)).size).toBe(5);
    const capped = await octokit.rest.repos.listActivities({ owner, repo, per_page: 1000 });
    expect(capped.data.length).toBeLessThanOrEqual(100);
    await expect(octokit.rest.repos.listActivities({ owner, repo, activity_type: "teleport" as "push" })).rejects.toMatchObject({ status: 422 });
  });

  it("keeps a pull request's base.sha where open, synchronize or a base change put it, while main moves on", async () => {
    const pr = await gh.as("alice").openPullRequest(REPO, { title: "Long open", files: { "requests/c.yaml": "c: 1\n" } });
    const read = async () => (await gh.octokitFor("alice").rest.pulls.get({ owner, repo, pull_number: pr.number })).data.base.sha;
    const openedOn = await read();
    const mainTip = await gh.as("carol").commit(REPO, "main", { "README.md": "# access (new)\n" }, "Move main");
    expect(await read()).toBe(openedOn);
    expect(openedOn).not.toBe(mainTip);
    await gh.as("alice").pushToPull(REPO, pr.number, { "requests/c.yaml": "c: 2\n" });
    expect(await read()).toBe(mainTip);
  });
});
