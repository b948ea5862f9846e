import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { ImmutableReads, isImmutableRead } from "../../src/github/immutable-reads.js";
import { withReadMemo } from "../../src/github/read-memo.js";
import { GitHubEmulator } from "../../src/sandbox/github/index.js";
import { installationClient } from "../lifecycle/github-client.js";

const SHA = "3b18e512dba79e4c8300dd08aeb37f8e728b8dad";
const OTHER = "9c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d";
const [owner, repo] = ["acme", "access"];

describe("which reads git makes immutable", () => {
  it.each([
    [`/repos/acme/access/git/trees/${SHA}?recursive=1`, true],
    [`/repos/acme/access/git/commits/${SHA}`, true],
    [`/api/v3/repos/acme/access/git/commits/${SHA}`, true],
    [`/repos/acme/access/contents/requests/a.yaml?ref=${SHA}`, true],
    [`/repos/acme/access/commits?sha=${SHA}&path=requests%2Fa.yaml&per_page=1`, true],
    [`/repos/acme/access/compare/${SHA}...${OTHER}?per_page=1`, true],
    // A branch, a tag or a short sha moves or can be ambiguous; the default branch is read when no ref is given.
    ["/repos/acme/access/git/trees/main?recursive=1", false],
    [`/repos/acme/access/git/trees/${SHA.slice(0, 7)}`, false],
    // Blobs are kept elsewhere, and only once their bytes are checked against their sha.
    [`/repos/acme/access/git/blobs/${SHA}`, false],
    ["/repos/acme/access/contents/requests/a.yaml?ref=main", false],
    ["/repos/acme/access/contents/requests/a.yaml", false],
    [`/repos/acme/access/contents/requests/a.yaml?ref=${SHA.toUpperCase()}`, false],
    ["/repos/acme/access/commits?sha=main&path=requests%2Fa.yaml", false],
    ["/repos/acme/access/commits?path=requests%2Fa.yaml", false],
    [`/repos/acme/access/compare/main...${OTHER}`, false],
    [`/repos/acme/access/commits/${SHA}/check-runs`, false],
    [`/repos/acme/access/commits/${SHA}/pulls`, false],
    ["/repos/acme/access/git/ref/heads%2Fmain", false],
    // Filters that depend on accounts or clocks, not on git alone.
    [`/repos/acme/access/commits?sha=${SHA}&author=alice`, false],
    [`/repos/acme/access/commits?sha=${SHA}&path=requests%2Fa.yaml&since=2026-01-01T00:00:00Z`, false],
  ])("%s: %s", (url, immutable) => {
    expect(isImmutableRead(url)).toBe(immutable);
  });

  it("keeps at most its bound, dropping the least recently used first", () => {
    const cache = new ImmutableReads(400);
    const answer = (text: string) => ({ status: 200, url: "", headers: {}, data: { text } });
    const url = (kind: string, sha: string) => `/repos/a/b/git/${kind}/${sha}`;
    cache.set(url("trees", SHA), answer("a".repeat(80)));
    cache.set(url("trees", OTHER), answer("b".repeat(80)));
    expect(cache.get(url("trees", SHA))?.data).toEqual({ text: "a".repeat(80) });
    cache.set(url("commits", SHA), answer("c".repeat(80)));
    cache.set(url("commits", OTHER), answer("d".repeat(80)));
    cache.set(`/repos/a/b/contents/x?ref=${SHA}`, answer("e".repeat(80)));
    expect(cache.size).toBe(4);
    expect(cache.get(url("trees", OTHER))).toBeUndefined();
    expect(cache.get(url("trees", SHA))).toBeDefined();
    // One answer larger than a quarter of the room is not kept at all.
    cache.set(`/repos/a/b/contents/y?ref=${OTHER}`, answer("f".repeat(200)));
    expect(cache.get(`/repos/a/b/contents/y?ref=${OTHER}`)).toBeUndefined();
    // A read that can change is never kept, whatever its answer.
    cache.set("/repos/a/b/contents/x?ref=main", answer("e"));
    expect(cache.get("/repos/a/b/contents/x?ref=main")).toBeUndefined();
  });
});

describe("immutable reads through the real Octokit", () => {
  const clock = new ManualClock("2026-11-24T08:00:00Z");
  let gh: GitHubEmulator;
  let first = "";
  const served = async (work: () => Promise<unknown>): Promise<number> => {
    const before = gh.faults.count();
    await work();
    return gh.faults.count() - before;
  };

  beforeAll(async () => {
    gh = await GitHubEmulator.start({ clock });
    gh.createUser("alice");
    first = (await gh.createRepo("acme/access", { files: { "access-policies/gcp.yaml": "version: 1\n" }, collaborators: { alice: "write" } })).headSha;
  });
  afterAll(async () => gh.close());

  it("asks GitHub once per process for a file at a full sha, from any client, and always again for a branch, which moves", async () => {
    const immutable = new ImmutableReads();
    const clients = [withReadMemo(await installationClient(gh), { immutable }), withReadMemo(await installationClient(gh), { immutable })];
    // The installation tokens are asked for outside what is counted below.
    for (const client of clients) await client.rest.repos.get({ owner, repo });
    let turn = 0;
    const at = async (ref: string) => {
      const client = clients[turn++ % clients.length]!;
      const { data } = await client.rest.repos.getContent({ owner, repo, path: "access-policies/gcp.yaml", ref });
      return Array.isArray(data) || data.type !== "file" ? "" : Buffer.from(data.content ?? "", "base64").toString();
    };
    expect(await at(first)).toBe("version: 1\n");
    expect(await served(() => at(first))).toBe(0);
    expect(await at("main")).toBe("version: 1\n");

    // A policy tightened on main must be seen at once by a read of the branch; the old commit still reads as it was.
    await gh.as("alice").commit("acme/access", "main", { "access-policies/gcp.yaml": "version: 1\nrules: []\n" }, "tighten");
    let now = "";
    expect(await served(async () => (now = await at("main")))).toBe(1);
    expect(now).toBe("version: 1\nrules: []\n");
    expect(await at(first)).toBe("version: 1\n");
  });

  it("does not keep a failed read: the same read after the failure asks GitHub again", async () => {
    const immutable = new ImmutableReads();
    const client = withReadMemo(await installationClient(gh), { immutable });
    await client.rest.repos.get({ owner, repo });
    gh.faults.failNext("GET /repos/{owner}/{repo}/git/commits/{commit_sha}", 1, { status: 502 });
    await expect(client.rest.git.getCommit({ owner, repo, commit_sha: first })).rejects.toMatchObject({ status: 502 });
    expect(await served(() => client.rest.git.getCommit({ owner, repo, commit_sha: first }))).toBe(1);
    const other = withReadMemo(await installationClient(gh), { immutable });
    await other.rest.repos.get({ owner, repo });
    expect(await served(() => other.rest.git.getCommit({ owner, repo, commit_sha: first }))).toBe(0);
    expect(immutable.size).toBe(1);
  });
});
