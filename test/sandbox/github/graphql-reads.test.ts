// The embedded GitHub's GraphQL reads of git objects, checked against GitHub's published schema
// (@octokit/graphql-schema, generated from GitHub's public schema) and GitHub's documented behaviour:
// - object(expression:) takes "A Git revision expression suitable for rev-parse" and Blob.text is
//   "UTF8 text data or null if the Blob is binary" (the schema's own descriptions);
// - Commit.history is "in the same order as `git log`", and every connection needs first or last within 1-100
//   (docs.github.com/graphql/overview/resource-limitations, "Node limit");
// - a repository the caller cannot see: `data.repository: null` and `errors: [{ type: "NOT_FOUND", path: ["repository"] }]`
//   with HTTP 200 (as reported from GitHub in berenddeboer/ready-for-agent#1038);
// - GraphQL without a token: 401 "This endpoint requires you to be authenticated."
import { schema as github } from "@octokit/graphql-schema";
import { buildSchema, getNamedType, isInterfaceType, isObjectType, parse, validate } from "graphql";
import type { GraphQLSchema } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batchRead } from "../../../src/github/batch-read.js";
import { clearReadCache } from "../../../src/github/read-files.js";
import { ManualClock } from "../../../src/core/clock.js";
import { readsSchema } from "../../../src/sandbox/github/graphql-schema.js";
import { GitHubEmulator } from "../../../src/sandbox/github/index.js";
import { installationClient } from "../../lifecycle/github-client.js";

const [owner, repo] = ["acme", "access"];
// The published IDL repeats two enterprise fields; the schema is GitHub's own, so it is taken as valid.
const githubSchema: GraphQLSchema = buildSchema(github.idl, { assumeValidSDL: true });

async function post(gh: GitHubEmulator, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${gh.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `token ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("the embedded GitHub's GraphQL reads, through the real Octokit", () => {
  const clock = new ManualClock("2026-11-24T08:00:00Z");
  let gh: GitHubEmulator;
  let tip = "";

  beforeAll(async () => {
    gh = await GitHubEmulator.start({ clock });
    gh.createUser("alice");
    ({ headSha: tip } = await gh.createRepo("acme/access", { files: { "README.md": "# access\n", "access-policies/gcp.yaml": "rules: []\n" }, collaborators: { alice: "write" } }));
    // A binary file, pushed through the git API as base64 bytes.
    const octokit = gh.octokitFor("alice");
    const blob = await octokit.rest.git.createBlob({ owner, repo, content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]).toString("base64"), encoding: "base64" });
    const tree = await octokit.rest.git.createTree({ owner, repo, base_tree: tip, tree: [{ path: "logo.png", mode: "100644", type: "blob", sha: blob.data.sha }] });
    const commit = await octokit.rest.git.createCommit({ owner, repo, message: "logo", tree: tree.data.sha, parents: [tip] });
    await octokit.rest.git.createRef({ owner, repo, ref: "refs/heads/logo", sha: commit.data.sha });
  });
  afterAll(async () => gh.close());

  it("declares only types, fields and arguments GitHub's published schema has, with the same types", () => {
    const ours = readsSchema();
    const checked: string[] = [];
    for (const type of Object.values(ours.getTypeMap())) {
      if (type.name.startsWith("__") || !(isObjectType(type) || isInterfaceType(type))) continue;
      const theirs = githubSchema.getType(type.name);
      expect(theirs, `${type.name} is not a GitHub type`).toBeDefined();
      if (!theirs || !(isObjectType(theirs) || isInterfaceType(theirs))) throw new Error(`${type.name} is not an object type at GitHub`);
      for (const field of Object.values(type.getFields())) {
        const their = theirs.getFields()[field.name];
        expect(String(their?.type), `${type.name}.${field.name}`).toBe(String(field.type));
        for (const arg of field.args) expect(String(their?.args.find((a) => a.name === arg.name)?.type), `${type.name}.${field.name}(${arg.name})`).toBe(String(arg.type));
        checked.push(`${type.name}.${field.name}`);
      }
      for (const iface of isObjectType(type) ? type.getInterfaces() : []) expect(theirs.getInterfaces().map((i) => i.name)).toContain(iface.name);
    }
    expect(checked).toEqual(expect.arrayContaining(["Query.repository", "Repository.object", "Blob.text", "Commit.file", "Commit.history", "TreeEntry.mode"]));
    expect(getNamedType(ours.getType("GitObjectID") ?? undefined)?.name).toBe("GitObjectID");
  });

  it("sends only queries that validate against GitHub's published schema", async () => {
    const client = await installationClient(gh);
    const sent: string[] = [];
    client.hook.before("request", (options) => {
      if (typeof options.query === "string") sent.push(options.query);
    });
    clearReadCache();
    const files = (await client.rest.git.getTree({ owner, repo, tree_sha: tip, recursive: "1" })).data.tree.filter((e) => e.type === "blob").map((e) => ({ path: e.path ?? "", sha: e.sha ?? "", size: e.size ?? 0 }));
    await batchRead(client, { owner, repo }, { blobs: files, files: { ref: tip, paths: ["README.md", "missing.yaml"] }, history: { ref: tip, paths: ["README.md", "requests/new.yaml"] } });
    expect(sent).toHaveLength(1);
    for (const query of sent) expect(validate(githubSchema, parse(query)).map((e) => e.message)).toEqual([]);
  });

  it("answers a missing path with null, a binary blob with null text, and history by path as the REST commits?path= does", async () => {
    const octokit = gh.octokitFor("alice");
    const logo = (await octokit.rest.git.getRef({ owner, repo, ref: "heads/logo" })).data.object.sha;
    const data = await octokit.graphql<{ repository: Record<string, unknown> }>(
      `query($owner: String!, $name: String!, $missing: String!, $readme: String!, $logo: String!, $tip: GitObjectID!) {
        repository(owner: $owner, name: $name) {
          missing: object(expression: $missing) { oid }
          readme: object(expression: $readme) { ... on Blob { byteSize isBinary isTruncated text } }
          logo: object(expression: $logo) { ... on Blob { byteSize isBinary text } }
          tip: object(oid: $tip) { ... on Commit { file(path: "README.md") { mode type } none: file(path: "nope") { mode } history(first: 5, path: "README.md") { nodes { oid } } } }
        }
      }`,
      { owner, name: repo, missing: `${tip}:nope.yaml`, readme: `${tip}:README.md`, logo: `${logo}:logo.png`, tip },
    );
    expect(data.repository.missing).toBeNull();
    expect(data.repository.readme).toEqual({ byteSize: 9, isBinary: false, isTruncated: false, text: "# access\n" });
    expect(data.repository.logo).toEqual({ byteSize: 7, isBinary: true, text: null });
    const rest = (await octokit.rest.repos.listCommits({ owner, repo, sha: tip, path: "README.md" })).data.map((c) => c.sha);
    expect(data.repository.tip).toEqual({ file: { mode: 0o100644, type: "blob" }, none: null, history: { nodes: rest.map((oid) => ({ oid })) } });
  });

  it("answers a commit's check suites per app, its runs as the REST listing counts them (every run with checkType ALL, the newest of each name without), and the last items of a connection", async () => {
    const client = await installationClient(gh);
    const ci = gh.installAnotherApp("ci-suites", 9002);
    const at = { owner, repo, head_sha: tip };
    await client.rest.checks.create({ ...at, name: "access-pr / validation", status: "in_progress" });
    await client.rest.checks.create({ ...at, name: "access-pr / validation", status: "completed", conclusion: "success" });
    await client.rest.checks.create({ ...at, name: "access-pr / approval", status: "in_progress" });
    await ci.rest.checks.create({ ...at, name: "build", status: "in_progress" });
    const data = await client.graphql<{ repository: { object: { mine: { totalCount: number; nodes: Array<{ app: { databaseId: number }; all: { totalCount: number }; latest: { totalCount: number } }> }; every: { nodes: Array<{ app: { databaseId: number } }> } } } }>(
      `query($owner: String!, $name: String!, $tip: GitObjectID!, $appId: Int) {
        repository(owner: $owner, name: $name) {
          object(oid: $tip) { ... on Commit {
            mine: checkSuites(first: 10, filterBy: { appId: $appId }) { totalCount nodes { app { databaseId } all: checkRuns(filterBy: { checkType: ALL }) { totalCount } latest: checkRuns { totalCount } } }
            every: checkSuites(first: 10) { nodes { app { databaseId } } }
          } }
        }
      }`,
      { owner, name: repo, tip, appId: gh.app.appId },
    );
    const rest = await client.paginate(client.rest.checks.listForRef, { owner, repo, ref: tip, filter: "all", app_id: gh.app.appId, per_page: 100 });
    expect(data.repository.object.mine).toEqual({ totalCount: 1, nodes: [{ app: { databaseId: gh.app.appId }, all: { totalCount: rest.length }, latest: { totalCount: 2 } }] });
    expect(rest).toHaveLength(3);
    expect(data.repository.object.every.nodes.map((suite) => suite.app.databaseId).sort()).toEqual([gh.app.appId, 9002].sort());

    const opened = await gh.as("alice").openPullRequest("acme/access", { title: "Two commits", files: { "notes/a.md": "a\n" } });
    await gh.as("alice").pushToPull("acme/access", opened.number, { "notes/a.md": "b\n" }, "Second");
    const { data: pull } = await client.rest.pulls.get({ owner, repo, pull_number: opened.number });
    const last = await client.graphql<{ repository: { pullRequest: { commits: { nodes: Array<{ commit: { oid: string } }> } } } }>(
      `query($owner: String!, $name: String!, $number: Int!) { repository(owner: $owner, name: $name) { pullRequest(number: $number) { commits(last: 1) { nodes { commit { oid } } } } } }`,
      { owner, name: repo, number: pull.number },
    );
    expect(last.repository.pullRequest.commits.nodes).toEqual([{ commit: { oid: pull.head.sha } }]);
  });

  it("pages a commit's history as a connection: first with a cursor to go on, last after that cursor, the same commits as REST", async () => {
    const octokit = gh.octokitFor("alice");
    await gh.as("alice").commit("acme/access", "main", { "notes.md": "n\n" }, "notes");
    const head = (await octokit.rest.git.getRef({ owner, repo, ref: "heads/main" })).data.object.sha;
    const rest = (await octokit.rest.repos.listCommits({ owner, repo, sha: head })).data.map((c) => c.sha);
    type Page = { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: Array<{ oid: string }> };
    const page = async (args: string) =>
      (await octokit.graphql<{ repository: { object: { history: Page } } }>(`query($oid: GitObjectID!) { repository(owner: "acme", name: "access") { object(oid: $oid) { ... on Commit { history(${args}) { totalCount pageInfo { hasNextPage endCursor } nodes { oid } } } } } }`, { oid: head })).repository.object.history;
    const first = await page("first: 1");
    expect([first.totalCount, first.pageInfo.hasNextPage, first.nodes.map((n) => n.oid)]).toEqual([rest.length, true, rest.slice(0, 1)]);
    const rest1 = await page(`last: ${rest.length}, after: "${first.pageInfo.endCursor}"`);
    expect([rest1.pageInfo.hasNextPage, rest1.nodes.map((n) => n.oid)]).toEqual([false, rest.slice(1)]);
    expect(rest.length).toBeGreaterThan(1);
  });

  it("answers an unknown repository with HTTP 200, a null repository and a NOT_FOUND error at its path", async () => {
    const { status, body } = await post(gh, `query { repository(owner: "acme", name: "nope") { nameWithOwner } }`, {}, gh.hub.user("alice").token);
    expect(status).toBe(200);
    expect(body.data).toEqual({ repository: null });
    expect(body.errors).toEqual([{ type: "NOT_FOUND", path: ["repository"], locations: [{ line: 1, column: 9 }], message: "Could not resolve to a Repository with the name 'acme/nope'." }]);
  });

  it("answers an invalid query with HTTP 200 and errors only, a connection without first or last with an error, and no token with 401", async () => {
    const token = gh.hub.user("alice").token;
    const invalid = await post(gh, `query { repository(owner: "acme", name: "access") { stars } }`, {}, token);
    expect(invalid.status).toBe(200);
    expect(invalid.body.data).toBeUndefined();
    expect(JSON.stringify(invalid.body.errors)).toContain("stars");
    const unbounded = await post(gh, `query($tip: GitObjectID!) { repository(owner: "acme", name: "access") { object(oid: $tip) { ... on Commit { history(path: "README.md") { nodes { oid } } } } } }`, { tip }, token);
    expect(unbounded.body.errors).toEqual([expect.objectContaining({ type: "MISSING_PAGINATION_BOUNDARIES" })]);
    const anonymous = await post(gh, `query { repository(owner: "acme", name: "access") { nameWithOwner } }`);
    expect([anonymous.status, anonymous.body.message]).toEqual([401, "This endpoint requires you to be authenticated."]);
  });
});
