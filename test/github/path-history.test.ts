// A request file's history with each commit's merged pull request in one GraphQL query (path-history.ts) must say
// what the REST reads say (GET …/commits?path= and GET …/commits/{sha}/pulls), through the real Octokit against
// the embedded GitHub; whatever the query cannot tell exactly is left to REST (undefined).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { mergedPullOf } from "../../src/github/merged-pull.js";
import { pathHistory, PATH_HISTORY_QUERY } from "../../src/github/path-history.js";
import { GitHubEmulator } from "../../src/sandbox/github/index.js";
import { schema as github } from "@octokit/graphql-schema";
import { buildSchema, parse, validate } from "graphql";
import { installationClient } from "../lifecycle/github-client.js";

const REPO = "acme/access";
const repo = { owner: "acme", repo: "access" };
const PATH = "requests/gcp/prod/alice.yaml";

describe("a request file's history with its pull requests in one query", () => {
  const clock = new ManualClock("2026-11-24T08:00:00Z");
  let gh: GitHubEmulator;
  let head = "";

  beforeAll(async () => {
    gh = await GitHubEmulator.start({ clock });
    for (const login of ["alice", "bob", "carol"]) gh.createUser(login);
    await gh.createRepo(REPO, { files: { "README.md": "# access\n" }, collaborators: { alice: "write", bob: "write", carol: "admin" } });
    // Added by a merged pull request of two commits, extended by a squash merge, then touched by a direct push.
    const added = await gh.as("alice").openPullRequest(REPO, { title: "Access", files: { [PATH]: "reason: one\n" } });
    await gh.as("alice").pushToPull(REPO, added.number, { [PATH]: "reason: two\n" }, "Two");
    clock.advance(60_000);
    await gh.as("bob").merge(REPO, added.number);
    const extended = await gh.as("alice").openPullRequest(REPO, { title: "Longer", files: { [PATH]: "reason: three\n" } });
    clock.advance(60_000);
    await gh.as("bob").merge(REPO, extended.number, { method: "squash" });
    await gh.as("carol").commit(REPO, "main", { [PATH]: "reason: four\n" }, "Straight to main");
    head = (await gh.octokitFor("bob").rest.git.getRef({ ...repo, ref: "heads/main" })).data.object.sha;
  });
  afterAll(async () => gh.close());

  it("sends a query GitHub's published schema validates", () => {
    const schema = buildSchema(github.idl, { assumeValidSDL: true });
    expect(validate(schema, parse(PATH_HISTORY_QUERY)).map((e) => e.message)).toEqual([]);
  });

  it("names the same commits, newest first, and for each the merged pull request REST names (or none)", async () => {
    const client = await installationClient(gh);
    const history = await pathHistory(client, repo, head, PATH, "main");
    const rest = (await client.paginate(client.rest.repos.listCommits, { ...repo, sha: head, path: PATH, per_page: 100 })).map((c) => c.sha);
    expect(history?.commits).toEqual(rest);
    expect(rest).toHaveLength(4);
    for (const sha of rest) expect(history?.pulls.get(sha) ?? undefined, sha).toEqual(await mergedPullOf(client, repo, sha, "main"));
    // The direct push has no pull request; the others have theirs, authors as REST spells them.
    expect([...(history?.pulls.values() ?? [])].map((pull) => pull && [pull.number, pull.author])).toEqual([null, [2, "alice"], [1, "alice"], [1, "alice"]]);
  });

  it("leaves to REST what it cannot tell: a failed query, a head that is not a full sha, another base", async () => {
    const client = await installationClient(gh);
    gh.faults.failNext("POST /graphql", 1, { status: 502 });
    expect(await pathHistory(client, repo, head, PATH, "main")).toBeUndefined();
    expect(await pathHistory(client, repo, "main", PATH, "main")).toBeUndefined();
    // Into another base branch nothing was merged: every commit reads as having no pull request, as REST's filter says.
    const other = await pathHistory(client, repo, head, PATH, "release");
    expect([...(other?.pulls.values() ?? [])]).toEqual([null, null, null, null]);
  });

  it("leaves to REST a history longer than one page, which it cannot see whole", async () => {
    const busy = "requests/gcp/prod/busy.yaml";
    for (let i = 0; i <= 100; i++) await gh.as("carol").commit(REPO, "main", { [busy]: `reason: ${i}\n` }, `Busy ${i}`);
    const tip = (await gh.octokitFor("bob").rest.git.getRef({ ...repo, ref: "heads/main" })).data.object.sha;
    const client = await installationClient(gh);
    expect((await client.paginate(client.rest.repos.listCommits, { ...repo, sha: tip, path: busy, per_page: 100 })).length).toBe(101);
    expect(await pathHistory(client, repo, tip, busy, "main")).toBeUndefined();
    // One commit fewer is one page: the query answers it.
    const parent = (await client.rest.git.getCommit({ ...repo, commit_sha: tip })).data.parents[0]?.sha ?? "";
    expect((await pathHistory(client, repo, parent, busy, "main"))?.commits).toHaveLength(100);
  });
});
