import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { GitHubEmulator } from "../../../src/sandbox/github/index.js";

const REPO = "acme/access";
const [owner, repo] = ["acme", "access"];

describe("GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls", () => {
  const clock = new ManualClock("2026-11-24T08:00:00Z");
  let gh: GitHubEmulator;

  beforeAll(async () => {
    gh = await GitHubEmulator.start({ clock });
    gh.createUser("alice");
    gh.createUser("bob");
    await gh.createRepo(REPO, { files: { "README.md": "# access\n" }, collaborators: { alice: "write", bob: "write" } });
  });
  afterAll(async () => gh.close());

  it("finds the merged pull of a branch commit and of its merge commit, with merged_at", async () => {
    const pr = await gh.as("alice").openPullRequest(REPO, { title: "Read prod DB", files: { "requests/x.yaml": "reason: x\n" } });
    const open = gh.octokitFor("bob");
    const before = await open.rest.repos.listPullRequestsAssociatedWithCommit({ owner, repo, commit_sha: pr.headSha });
    expect(before.data.map((p) => [p.number, p.state, p.merged_at])).toEqual([[pr.number, "open", null]]);

    clock.advance(60_000);
    const mergeSha = await gh.as("bob").merge(REPO, pr.number);
    for (const sha of [pr.headSha, mergeSha]) {
      const { data } = await open.rest.repos.listPullRequestsAssociatedWithCommit({ owner, repo, commit_sha: sha });
      expect(data.map((p) => [p.number, p.merged_at, p.merge_commit_sha])).toEqual([[pr.number, "2026-11-24T08:01:00Z", mergeSha]]);
    }
    expect(gh.faults.count("GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls")).toBe(3);
  });

  it("names in GraphQL's Commit.associatedPullRequests the same pulls, in the same order, as the REST listing", async () => {
    const first = await gh.as("alice").openPullRequest(REPO, { title: "First", files: { "requests/y.yaml": "reason: y\n" } });
    const { installationClient } = await import("../../lifecycle/github-client.js");
    const app = await installationClient(gh);
    const both = async (sha: string) => {
      const rest = (await app.rest.repos.listPullRequestsAssociatedWithCommit({ owner, repo, commit_sha: sha })).data.map((p) => [p.number, p.merged_at !== null]);
      const data = await app.graphql<{ repository: { object: { associatedPullRequests: { nodes: Array<{ number: number; merged: boolean }> } } } }>(
        `query($owner: String!, $name: String!, $oid: GitObjectID!) { repository(owner: $owner, name: $name) { object(oid: $oid) { ... on Commit { associatedPullRequests(first: 10) { nodes { number merged } } } } } }`,
        { owner, name: repo, oid: sha },
      );
      return { rest, graphql: data.repository.object.associatedPullRequests.nodes.map((p) => [p.number, p.merged]) };
    };
    const open = await both(first.headSha);
    expect(open.graphql).toEqual(open.rest);
    expect(open.rest).toEqual([[first.number, false]]);
    clock.advance(60_000);
    const mergeSha = await gh.as("bob").merge(REPO, first.number);
    for (const sha of [first.headSha, mergeSha]) {
      const after = await both(sha);
      expect(after.graphql).toEqual(after.rest);
      expect(after.rest[0]).toEqual([first.number, true]);
    }
  });

  it("answers an empty list for a commit no pull carries, and 422 for an unknown sha", async () => {
    const { data: main } = await gh.octokitFor("bob").rest.repos.listCommits({ owner, repo, path: "README.md" });
    const initial = main.at(-1)?.sha ?? "";
    expect((await gh.octokitFor("bob").rest.repos.listPullRequestsAssociatedWithCommit({ owner, repo, commit_sha: initial })).data).toEqual([]);
    const unknown = await gh.octokitFor("bob").rest.repos.listPullRequestsAssociatedWithCommit({ owner, repo, commit_sha: "0".repeat(40) }).catch((e: { status: number }) => e.status);
    expect(unknown).toBe(422);
  });
});

describe("GET /installation/repositories", () => {
  it("lists the org's repositories to an installation token, and refuses a user", async () => {
    const gh = await GitHubEmulator.start({ clock: new ManualClock("2026-11-24T08:00:00Z") });
    try {
      gh.createUser("alice");
      await gh.createRepo("acme/access");
      await gh.createRepo("alice/own");
      const { installationClient } = await import("../../lifecycle/github-client.js");
      const app = await installationClient(gh);
      const { data } = await app.rest.apps.listReposAccessibleToInstallation();
      expect([data.total_count, data.repositories.map((r) => r.full_name)]).toEqual([1, ["acme/access"]]);
      const refused = await gh.octokitFor("alice").rest.apps.listReposAccessibleToInstallation().catch((e: { status: number }) => e.status);
      expect(refused).toBe(403);
    } finally {
      await gh.close();
    }
  });
});
