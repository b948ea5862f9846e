import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { clearReadCache, readConfigAt, readFileAt } from "../../src/github/read-files.js";
import { ShaCache } from "../../src/github/sha-cache.js";
import { GitHubEmulator } from "../../src/sandbox/github/index.js";
import { installationClient } from "../lifecycle/github-client.js";

describe("ShaCache", () => {
  it("evicts the least recently used entry past its weight", () => {
    const cache = new ShaCache<string>(10, (value) => value.length);
    cache.set("a", "aaaa");
    cache.set("b", "bbbb");
    expect(cache.get("a")).toBe("aaaa"); // a is now the most recently used
    cache.set("c", "cccc");
    expect([cache.get("a"), cache.get("b"), cache.get("c")]).toEqual(["aaaa", undefined, "cccc"]);
  });

  it("never keeps an entry heavier than the whole cache", () => {
    const cache = new ShaCache<string>(3, (value) => value.length);
    cache.set("big", "xxxx");
    expect(cache.size).toBe(0);
  });
});

describe("reading the access repo's files", () => {
  let github: GitHubEmulator;
  const repo = { owner: "acme", repo: "access" };
  let headSha = "";

  beforeAll(async () => {
    github = await GitHubEmulator.start({ clock: new ManualClock() });
    github.createUser("carol", { admin: true });
    ({ headSha } = await github.createRepo("acme/access", {
      files: {
        ".github/CODEOWNERS": "* @acme/security\n",
        "access-policies/gcp.yaml": "version: 1\nrules: []\n",
        "access-policies/identities.yaml": "version: 1\nidentities: {}\n",
        "requests/gcp/a.yaml": "reason: x\n",
        "README.md": "# access\n",
      },
    }));
  });
  afterAll(() => github.close());
  beforeEach(() => {
    clearReadCache();
    github.faults.resetCounts();
  });

  it("reads policies, identities and CODEOWNERS at a commit, and nothing else", async () => {
    const files = await readConfigAt(await installationClient(github), repo, headSha);
    expect([...files.keys()].sort()).toEqual([".github/CODEOWNERS", "access-policies/gcp.yaml", "access-policies/identities.yaml"]);
    expect(files.get("access-policies/gcp.yaml")?.toString()).toBe("version: 1\nrules: []\n");
  });

  const counts = () => ({
    trees: github.faults.count("GET /repos/{owner}/{repo}/git/trees/{tree_sha}"),
    blobs: github.faults.count("GET /repos/{owner}/{repo}/git/blobs/{file_sha}"),
    queries: github.faults.count("POST /graphql"),
  });

  it("reads a commit's tree and blobs once: a sha names content that never changes; the three blobs in one GraphQL query", async () => {
    const gh = await installationClient(github);
    await readConfigAt(gh, repo, headSha);
    const first = counts();
    await readConfigAt(gh, repo, headSha);
    expect(first).toEqual({ trees: 1, blobs: 0, queries: 1 });
    expect(counts()).toEqual(first);
  });

  it("asks again for a branch name, which moves", async () => {
    const gh = await installationClient(github);
    await readConfigAt(gh, repo, "main");
    await readConfigAt(gh, repo, "main");
    // The blobs behind the branch are still content-addressed: read once.
    expect(counts()).toEqual({ trees: 2, blobs: 0, queries: 1 });
  });

  it("reads one file at a ref, or null when it is not there", async () => {
    const gh = await installationClient(github);
    expect((await readFileAt(gh, repo, "requests/gcp/a.yaml", headSha))?.toString()).toBe("reason: x\n");
    expect(await readFileAt(gh, repo, "requests/gcp/missing.yaml", headSha)).toBeNull();
  });
});
