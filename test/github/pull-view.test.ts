// The pull request as the app reads it: one GraphQL query (with the default branch's tip) whose answer must be the
// one the pulls REST API gives, through the real Octokit against the embedded GitHub. The query is checked against
// GitHub's published schema (@octokit/graphql-schema); what GraphQL cannot give exactly is read through REST:
// a rename (PullRequestChangedFile has no previous path), more than one page of files, a failed query.
// GitHub documents a Bot's GraphQL login without the "[bot]" suffix REST shows (chdsbd/kodiak#288).
import { schema as github } from "@octokit/graphql-schema";
import { buildSchema, parse, validate } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import type { GitHubClient } from "../../src/github/client.js";
import { loadPull, PULL_VIEW_QUERY } from "../../src/github/pull-view.js";
import { GitHubEmulator } from "../../src/sandbox/github/index.js";
import { installationClient } from "../lifecycle/github-client.js";

const repo = { owner: "acme", repo: "access" };
const FULL = "acme/access";

/** What a client asked GitHub, as method and path (the installation token aside). */
function counted(gh: GitHubClient): string[] {
  const calls: string[] = [];
  gh.hook.before("request", (options) => {
    const path = gh.request.endpoint.parse(options).url.replace(/^https?:\/\/[^/]+/, "").split("?")[0] ?? "";
    if (!path.includes("/access_tokens")) calls.push(`${options.method} ${path}`);
  });
  return calls;
}

describe("the pull request read in one GraphQL query", () => {
  const clock = new ManualClock("2026-11-24T08:00:00Z");
  let gh: GitHubEmulator;
  let number = 0;

  beforeAll(async () => {
    gh = await GitHubEmulator.start({ clock });
    for (const login of ["alice", "bob", "carol"]) gh.createUser(login);
    gh.createBot("helper[bot]");
    gh.createTeam("acme", "sre", { active: ["bob"] });
    await gh.createRepo(FULL, {
      files: { "README.md": "# access\n", "requests/old.yaml": "reason: old\n", "requests/gone.yaml": "reason: gone\n" },
      collaborators: { alice: "write", bob: "write", carol: "write", "helper[bot]": "write" },
    });
    const alice = gh.as("alice");
    ({ number } = await alice.openPullRequest(FULL, { title: "Access for INC-1", files: { "requests/new.yaml": "reason: new\n", "requests/old.yaml": "reason: changed\n", "requests/gone.yaml": null } }));
    await alice.pushToPull(FULL, number, { "requests/new.yaml": "reason: newer\n" }, "Second commit");
    await gh.as("carol").review(FULL, number, "COMMENT", "looks fine");
    await gh.as("bob").approve(FULL, number);
    await gh.as("helper[bot]").approve(FULL, number);
    await gh.octokitFor("alice").rest.pulls.requestReviewers({ ...repo, pull_number: number, reviewers: ["carol"], team_reviewers: ["sre"] });
    await alice.comment(FULL, number, "please review");
  });
  afterAll(async () => gh.close());

  it("sends a query GitHub's published schema validates", () => {
    const schema = buildSchema(github.idl, { assumeValidSDL: true });
    expect(validate(schema, parse(PULL_VIEW_QUERY)).map((e) => e.message)).toEqual([]);
  });

  it("gives what the four REST reads and the ref give, in one call (and the activity log's read)", async () => {
    const client = await installationClient(gh);
    const calls = counted(client);
    const byQuery = await loadPull(client, repo, number, "main");
    expect(calls.filter((c) => !c.includes("/activity"))).toEqual(["POST /graphql"]);

    const rest = await installationClient(gh);
    gh.faults.failNext("POST /graphql", 1, { status: 502 });
    const byRest = await loadPull(rest, repo, number, "main");
    const tip = (await rest.rest.git.getRef({ ...repo, ref: "heads/main" })).data.object.sha;

    expect(byQuery.view).toEqual(byRest.view);
    expect(byQuery.tip).toBe(tip);
    expect(byRest.tip).toBeUndefined();
    // What the decision rests on, spelled out: the bot's approval is marked as a bot's, with REST's login.
    expect(byQuery.view.reviews.map((r) => [r.user, r.state, r.bot])).toEqual([
      ["carol", "COMMENTED", false],
      ["bob", "APPROVED", false],
      ["helper[bot]", "APPROVED", true],
    ]);
    expect(byQuery.view.changedFiles).toEqual(expect.arrayContaining([{ path: "requests/gone.yaml", status: "removed" }, { path: "requests/new.yaml", status: "added" }, { path: "requests/old.yaml", status: "modified" }]));
    expect(byQuery.view.requested).toEqual({ users: ["carol"], teams: ["acme/sre"] });
    expect(byQuery.view.listing).toEqual({ files: 3, filesTotal: 3, commits: 2, commitsTotal: 2 });
    expect(byQuery.view.comments).toBe(1);
    expect(byQuery.merge).toEqual({ mergedAt: null, mergeCommitSha: null });
  });

  it("counts the app's own check runs on the head, every run of each name, and never another app's", async () => {
    const { number: fresh, headSha } = await gh.as("alice").openPullRequest(FULL, { title: "Checks", files: { "requests/checks.yaml": "reason: checks\n" } });
    const client = await installationClient(gh);
    const ci = gh.installAnotherApp("ci", 9001);
    const own = async () => (await loadPull(await installationClient(gh), repo, fresh, "main", gh.app.appId)).view.ownRunsOnHead;
    expect(await own()).toBe(0);
    // Another app's run, even of the app's own check name, is not the app's.
    await ci.rest.checks.create({ ...repo, name: "access-pr / validation", head_sha: headSha, status: "completed", conclusion: "success" });
    expect(await own()).toBe(0);
    await client.rest.checks.create({ ...repo, name: "access-pr / validation", head_sha: headSha, status: "in_progress" });
    await client.rest.checks.create({ ...repo, name: "access-pr / validation", head_sha: headSha, status: "in_progress" });
    expect(await own()).toBe(2);
    // Without the app's id the query asks nothing about checks, and nothing is claimed.
    expect((await loadPull(client, repo, fresh, "main")).view.ownRunsOnHead).toBeUndefined();
    // A push moves the head: the count is about the new head, which has none of the app's runs.
    await gh.as("alice").pushToPull(FULL, fresh, { "requests/checks.yaml": "reason: checks again\n" }, "Again");
    expect(await own()).toBe(0);
  });

  it("reads a renamed file through REST, which names where it came from", async () => {
    const { number: renamed } = await gh.as("alice").openPullRequest(FULL, { title: "Rename", files: { "requests/old.yaml": null, "requests/moved.yaml": "reason: old\n" } });
    const client = await installationClient(gh);
    const calls = counted(client);
    const { view } = await loadPull(client, repo, renamed, "main");
    expect(view.changedFiles).toEqual([{ path: "requests/moved.yaml", status: "renamed", previousPath: "requests/old.yaml" }]);
    expect(calls).toEqual(expect.arrayContaining(["POST /graphql", `GET /repos/acme/access/pulls/${renamed}/files`]));
  });

  it("reads a pull request of more than one page of files through REST, with every file listed", async () => {
    const files = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`notes/n${i}.md`, `${i}\n`]));
    const { number: big } = await gh.as("alice").openPullRequest(FULL, { title: "Many notes", files });
    const client = await installationClient(gh);
    const calls = counted(client);
    const { view } = await loadPull(client, repo, big, "main");
    expect(view.listing).toEqual({ files: 101, filesTotal: 101, commits: 1, commitsTotal: 1 });
    expect(calls).toContain(`GET /repos/acme/access/pulls/${big}/files`);
  });

  it("gives a merged pull request's merge commit and its first parent as the REST reads do", async () => {
    const { number: merged } = await gh.as("alice").openPullRequest(FULL, { title: "Merged", files: { "requests/m.yaml": "reason: m\n" } });
    const before = (await gh.octokitFor("alice").rest.git.getRef({ ...repo, ref: "heads/main" })).data.object.sha;
    await gh.as("bob").merge(FULL, merged);
    const client = await installationClient(gh);
    const { view, merge } = await loadPull(client, repo, merged, "main");
    const { data: pull } = await client.rest.pulls.get({ ...repo, pull_number: merged });
    const { data: commit } = await client.rest.git.getCommit({ ...repo, commit_sha: pull.merge_commit_sha ?? "" });
    expect(merge).toEqual({ mergedAt: pull.merged_at, mergeCommitSha: pull.merge_commit_sha, firstParent: commit.parents[0]?.sha });
    expect(merge.firstParent).toBe(before);
    expect(view.open).toBe(false);
  });

  it("a pull request the app cannot read by GraphQL fails as the REST read fails, not with a made-up answer", async () => {
    const client = await installationClient(gh);
    await expect(loadPull(client, repo, 9999, "main")).rejects.toMatchObject({ status: 404 });
  });
});

describe("the embedded GitHub's pull request connections", () => {
  const clock = new ManualClock("2026-11-24T08:00:00Z");
  let gh: GitHubEmulator;
  let number = 0;
  let token = "";

  beforeAll(async () => {
    gh = await GitHubEmulator.start({ clock });
    ({ token } = gh.createUser("alice"));
    await gh.createRepo(FULL, { files: { "README.md": "# access\n" }, collaborators: { alice: "write" } });
    ({ number } = await gh.as("alice").openPullRequest(FULL, { title: "Three files", files: { "a.md": "a\n", "b.md": "b\n", "c.md": "c\n" } }));
  });
  afterAll(async () => gh.close());

  async function ask(selection: string): Promise<{ data?: unknown; errors?: Array<{ type?: string }> }> {
    const response = await fetch(`${gh.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `token ${token}` },
      body: JSON.stringify({ query: `query($n: Int!) { repository(owner: "acme", name: "access") { pullRequest(number: $n) { ${selection} } } }`, variables: { n: number } }),
    });
    return (await response.json()) as { data?: unknown; errors?: Array<{ type?: string }> };
  }

  it("pages files forward by cursor, and counts them without bounds", async () => {
    const first = (await ask(`files(first: 2) { totalCount pageInfo { hasNextPage endCursor } nodes { path } }`)) as { data: { repository: { pullRequest: { files: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: Array<{ path: string }> } } } } };
    const page = first.data.repository.pullRequest.files;
    expect([page.totalCount, page.pageInfo.hasNextPage, page.nodes.map((n) => n.path)]).toEqual([3, true, ["a.md", "b.md"]]);
    const rest = (await ask(`files(first: 2, after: "${page.pageInfo.endCursor}") { pageInfo { hasNextPage } nodes { path } }`)) as { data: { repository: { pullRequest: { files: { pageInfo: { hasNextPage: boolean }; nodes: Array<{ path: string }> } } } } };
    expect(rest.data.repository.pullRequest.files).toEqual({ pageInfo: { hasNextPage: false }, nodes: [{ path: "c.md" }] });
    expect(await ask(`comments { totalCount }`)).toEqual({ data: { repository: { pullRequest: { comments: { totalCount: 0 } } } } });
  });

  it("refuses nodes without first, and more than 100, as GitHub does", async () => {
    expect((await ask(`files { nodes { path } }`)).errors).toEqual([expect.objectContaining({ type: "MISSING_PAGINATION_BOUNDARIES" })]);
    expect((await ask(`commits(first: 101) { nodes { commit { oid } } }`)).errors).toEqual([expect.objectContaining({ type: "EXCESSIVE_PAGINATION" })]);
  });
});
