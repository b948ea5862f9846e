import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { batchRead, MAX_ITEMS_PER_QUERY } from "../../src/github/batch-read.js";
import type { GitHubClient } from "../../src/github/client.js";
import { isGraphqlQuery } from "../../src/github/graphql-query.js";
import { gitBlobSha, readBlob } from "../../src/github/blob-read.js";
import { clearReadCache, readBlobs, readFileAt } from "../../src/github/read-files.js";
import { withReadMemo } from "../../src/github/read-memo.js";
import { manualTimers } from "../../src/lifecycle/timers.js";
import { paceWrites, WritePacer } from "../../src/github/write-pacer.js";
import { CallCounter, countingOctokit } from "../../src/sandbox/api-calls.js";
import { GitHubEmulator } from "../../src/sandbox/github/index.js";
import { TEXT_LIMIT_BYTES } from "../../src/sandbox/github/graphql-reads.js";
import { installationClient } from "../lifecycle/github-client.js";

const [owner, repo] = ["acme", "access"];
const GRAPHQL = "POST /graphql";
const latin1 = Buffer.from("reason: caf\xe9 \xb5\n", "latin1");
const nul = Buffer.from([0x72, 0x3a, 0x20, 0, 0x0a]);
const big = Buffer.from(`reason: ${"x".repeat(TEXT_LIMIT_BYTES + 100)}\n`);

describe("many reads in one GraphQL query, each answered as its REST read answers (through the real Octokit)", () => {
  const clock = new ManualClock("2026-11-24T08:00:00Z");
  let gh: GitHubEmulator;
  let client: GitHubClient;
  let head = "";
  let tip = "";
  const served = async <T>(work: () => Promise<T>): Promise<{ result: T; calls: number; queries: number }> => {
    const [before, queriesBefore] = [gh.faults.count(), gh.faults.count(GRAPHQL)];
    const result = await work();
    return { result, calls: gh.faults.count() - before, queries: gh.faults.count(GRAPHQL) - queriesBefore };
  };
  const requests = Array.from({ length: 8 }, (_, i) => `requests/gcp/r${i}.yaml`);

  beforeAll(async () => {
    gh = await GitHubEmulator.start({ clock });
    gh.createUser("alice");
    ({ headSha: tip } = await gh.createRepo("acme/access", {
      files: { "README.md": "# access\n", "access-policies/gcp.yaml": "rules: []\n", ".github/CODEOWNERS": "* @acme/sre\n", "requests/gcp/old.yaml": "reason: old\n" },
      collaborators: { alice: "write" },
    }));
    const octokit = gh.octokitFor("alice");
    const blob = async (content: Buffer) => (await octokit.rest.git.createBlob({ owner, repo, content: content.toString("base64"), encoding: "base64" })).data.sha;
    const tree = [
      ...(await Promise.all(requests.map(async (path, i) => ({ path, mode: "100644" as const, type: "blob" as const, sha: await blob(Buffer.from(`reason: INC-${i} ✓\n`)) })))),
      { path: "requests/odd/latin1.yaml", mode: "100644" as const, type: "blob" as const, sha: await blob(latin1) },
      { path: "requests/odd/nul.yaml", mode: "100644" as const, type: "blob" as const, sha: await blob(nul) },
      { path: "requests/odd/big.yaml", mode: "100644" as const, type: "blob" as const, sha: await blob(big) },
      { path: "requests/odd/exec.yaml", mode: "100755" as const, type: "blob" as const, sha: await blob(Buffer.from("reason: exec\n")) },
      { path: "requests/odd/link.yaml", mode: "120000" as const, type: "blob" as const, sha: await blob(Buffer.from("../gcp/r0.yaml")) },
    ];
    const treeSha = (await octokit.rest.git.createTree({ owner, repo, base_tree: tip, tree })).data.sha;
    head = (await octokit.rest.git.createCommit({ owner, repo, message: "requests", tree: treeSha, parents: [tip] })).data.sha;
    await octokit.rest.git.createRef({ owner, repo, ref: "refs/heads/alice/requests", sha: head });
    client = await installationClient(gh);
    await client.rest.repos.get({ owner, repo }); // the installation token is asked for outside what is counted below
  });
  beforeEach(async () => {
    clearReadCache();
    // A fresh connection: one left idle by a long test may be closed by the server under the next request
    // (ECONNRESET), which would turn what a test measures into a network failure.
    await client.rest.repos.get({ owner, repo }).catch(() => client.rest.repos.get({ owner, repo }));
  });
  afterAll(async () => gh.close());

  const configAt = async (sha: string) =>
    (await client.rest.git.getTree({ owner, repo, tree_sha: sha, recursive: "1" })).data.tree
      .filter((e) => e.type === "blob" && /^(access-policies\/|\.github\/CODEOWNERS)/.test(e.path ?? ""))
      .map((e) => ({ path: e.path ?? "", sha: e.sha ?? "", size: e.size ?? 0 }));

  it("reads config blobs, N request files and N histories with one query, the answers the REST reads give", async () => {
    const blobs = await configAt(tip);
    const history = [...requests, "requests/gcp/old.yaml"];
    const { result, calls, queries } = await served(() => batchRead(client, { owner, repo }, { blobs, files: { ref: head, paths: requests }, history: { ref: tip, paths: history } }));
    // One query; each name it finds never used is confirmed by REST (the answer a reuse check lets through).
    expect([calls, queries]).toEqual([1 + requests.length, 1]);
    for (const path of requests) expect(result.files.get(path)).toEqual(await readFileAt(client, { owner, repo }, path, head));
    expect([...result.files.keys()]).toEqual(requests);
    const oldHistory = (await client.rest.repos.listCommits({ owner, repo, sha: tip, path: "requests/gcp/old.yaml", per_page: 1 })).data[0]?.sha;
    expect(result.history).toEqual(new Map([["requests/gcp/old.yaml", oldHistory]]));
    expect(result.blobs.get(blobs[0]?.sha ?? "")?.toString()).toMatch(/rules: \[\]|\* @acme\/sre/);
    expect(await served(() => readBlobs(client, { owner, repo }, blobs))).toMatchObject({ calls: 0 });
  });

  it("splits past MAX_ITEMS_PER_QUERY into a few queries, not one per file", async () => {
    const paths = Array.from({ length: MAX_ITEMS_PER_QUERY + 10 }, (_, i) => `requests/none/${i}.yaml`);
    const { result, queries, calls } = await served(() => batchRead(client, { owner, repo }, { files: { ref: head, paths }, history: { ref: tip, paths } }));
    // Three queries for 60 files and 60 names; every answer here is "not there" or "never used", which REST confirms.
    expect([queries, calls]).toEqual([3, 3 + 2 * paths.length]);
    expect([...result.files.values()].every((v) => v === null)).toBe(true);
    expect(result.history.size).toBe(0);
  });

  it("reads by REST what GraphQL cannot give byte for byte: not UTF-8, binary, truncated, a symlink; and gives null for missing, a directory", async () => {
    const odd = ["requests/odd/latin1.yaml", "requests/odd/nul.yaml", "requests/odd/big.yaml", "requests/odd/exec.yaml", "requests/odd/link.yaml", "requests/odd/missing.yaml", "requests/odd"];
    const { result, queries } = await served(() => batchRead(client, { owner, repo }, { files: { ref: head, paths: odd } }));
    expect(queries).toBe(1);
    const rest = new Map(await Promise.all(odd.map(async (path) => [path, await readFileAt(client, { owner, repo }, path, head)] as const)));
    expect(result.files).toEqual(rest);
    expect(result.files.get("requests/odd/latin1.yaml")).toEqual(latin1);
    expect(result.files.get("requests/odd/nul.yaml")).toEqual(nul);
    expect(result.files.get("requests/odd/big.yaml")).toEqual(big);
    expect(result.files.get("requests/odd/missing.yaml")).toBeNull();
    expect(result.files.get("requests/odd")).toBeNull();
  });

  it("reads every item by REST when the query fails, and fails (never a silent null) when REST fails too", async () => {
    gh.faults.failNext(GRAPHQL, 1, { status: 502 });
    const { result, calls } = await served(() => batchRead(client, { owner, repo }, { files: { ref: head, paths: requests.slice(0, 2) }, history: { ref: tip, paths: ["requests/gcp/old.yaml"] } }));
    expect(calls).toBe(4);
    expect(result.files.get(requests[0] ?? "")?.toString()).toBe("reason: INC-0 ✓\n");
    expect(result.history.has("requests/gcp/old.yaml")).toBe(true);
    clearReadCache();
    gh.faults.failNext(GRAPHQL, 1, { status: 502 });
    gh.faults.failNext("GET /repos/{owner}/{repo}/contents/{path+}", 1, { status: 502 });
    await expect(batchRead(client, { owner, repo }, { files: { ref: head, paths: requests.slice(0, 1) } })).rejects.toMatchObject({ status: 502 });
  });

  it("asks nothing again in a warm process: blobs, entries and histories at a commit sha are kept", async () => {
    const ask = { blobs: await configAt(tip), files: { ref: head, paths: requests }, history: { ref: tip, paths: requests } };
    const first = await served(() => batchRead(client, { owner, repo }, ask));
    expect(first.queries).toBe(1);
    const again = await served(() => batchRead(client, { owner, repo }, ask));
    expect(again.calls).toBe(0);
    expect(again.result).toEqual(first.result);
  });

  it("treats the query as a read: not paced, the client's memo kept, counted as QUERY and not as a POST", async () => {
    expect(isGraphqlQuery({ method: "POST", url: "/graphql", query: "query { viewer { login } }" })).toBe(true);
    expect(isGraphqlQuery({ method: "POST", url: "/graphql", query: "# a comment\nmutation { a }" })).toBe(false);
    expect(isGraphqlQuery({ method: "POST", url: "/graphql", query: "query { a } mutation { b }" })).toBe(false);
    expect(isGraphqlQuery({ method: "POST", url: "/graphql", query: "not graphql" })).toBe(false);
    const counter = new CallCounter();
    const { appId, privateKey, installationId } = gh.app;
    const Counted = countingOctokit(counter);
    const { createAppAuth } = await import("@octokit/auth-app");
    const counted = withReadMemo(new Counted({ baseUrl: gh.url, authStrategy: createAppAuth, auth: { appId, privateKey, installationId } }) as unknown as GitHubClient);
    const pacer = new WritePacer(clock, manualTimers(clock));
    paceWrites(counted, pacer, "later");
    // The first call also asks for the installation token (a POST that makes the memo forget): done before what is measured.
    await counted.rest.repos.get({ owner, repo });
    await counted.rest.repos.get({ owner, repo });
    const paced = pacer.counts();
    counter.reset();
    const read = await served(async () => {
      await batchRead(counted, { owner, repo }, { files: { ref: head, paths: requests.slice(0, 1) } });
      await counted.rest.repos.get({ owner, repo });
    });
    expect(read.calls).toBe(1);
    expect(pacer.counts()).toEqual(paced);
    expect(counter.table()).toEqual([{ route: "QUERY /graphql", calls: 1 }]);
    expect([counter.total("POST"), counter.rateLimited()]).toEqual([0, 1]);
  });

  it("refuses a REST blob answer whose bytes do not hash to the sha asked for, and keeps nothing of it", async () => {
    const old = Buffer.from("reason: old\n");
    const sha = gitBlobSha(old);
    // Memoized as the app's clients are: a wrong answer must not be kept by the process's cache of immutable reads either.
    const tampered = withReadMemo(await installationClient(gh));
    tampered.hook.after("request", (response, options) => {
      if (options.url.includes("/git/blobs/")) (response.data as { content: string }).content = Buffer.from("reason: forged\n").toString("base64");
    });
    await expect(readBlob(tampered, { owner, repo }, sha)).rejects.toThrow(/does not hash to that sha/);
    expect((await readBlob(withReadMemo(await installationClient(gh)), { owner, repo }, sha)).equals(old)).toBe(true);
  });

  it("reads a file by its blob sha when the inline bytes of the contents answer are not that blob", async () => {
    const tampered = withReadMemo(await installationClient(gh));
    tampered.hook.after("request", (response, options) => {
      if (options.url.includes("/contents/")) (response.data as { content: string }).content = Buffer.from("reason: forged\n").toString("base64");
    });
    expect((await readFileAt(tampered, { owner, repo }, "requests/gcp/old.yaml", tip))?.toString()).toBe("reason: old\n");
  });
});
