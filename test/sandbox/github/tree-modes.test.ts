/**
 * Contract of the embedded GitHub's git data API for tree entry modes, after
 * "Create a tree" (https://docs.github.com/en/rest/git/trees#create-a-tree, and
 * `git/create-tree` in github/rest-api-description): `mode` is one of 100644
 * (file, blob), 100755 (executable, blob), 040000 (subdirectory, tree), 160000
 * (submodule, commit) or 120000 (symlink, a blob holding the target path);
 * "Get a tree" with `recursive` lists every entry with its mode and type.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { GitHubEmulator } from "../../../src/sandbox/github/index.js";

const [owner, repo] = ["acme", "access"];
const SUBMODULE = "9f1c2b3a4d5e6f708192a3b4c5d6e7f801234567";

describe("git trees keep modes and types through the real Octokit", () => {
  let gh: GitHubEmulator;
  beforeAll(async () => {
    gh = await GitHubEmulator.start({ clock: new ManualClock("2026-11-24T08:00:00Z") });
    gh.createUser("mallory");
    await gh.createRepo(`${owner}/${repo}`, { files: { "README.md": "# access\n", "requests/a.yaml": "reason: a\n" }, collaborators: { mallory: "write" } });
  });
  afterAll(async () => gh.close());

  it("stores an executable file, a symlink and a submodule, and lists each with its mode and type", async () => {
    const git = gh.octokitFor("mallory").rest.git;
    const base = (await git.getTree({ owner, repo, tree_sha: "main" })).data.sha;
    const blob = (await git.createBlob({ owner, repo, content: "reason: a\n" })).data.sha;
    const link = (await git.createBlob({ owner, repo, content: "../access-policies/payments.yaml" })).data.sha;
    const { data: tree } = await git.createTree({
      owner,
      repo,
      base_tree: base,
      tree: [
        { path: "requests/a.yaml", mode: "100755", type: "blob", sha: blob },
        { path: "requests/link.yaml", mode: "120000", type: "blob", sha: link },
        { path: "vendor/tool", mode: "160000", type: "commit", sha: SUBMODULE },
      ],
    });
    const { data: listed } = await git.getTree({ owner, repo, tree_sha: tree.sha, recursive: "1" });
    expect(listed.tree.map((e) => [e.path, e.mode, e.type, e.sha])).toEqual([
      ["README.md", "100644", "blob", expect.any(String)],
      ["requests", "040000", "tree", expect.any(String)],
      ["requests/a.yaml", "100755", "blob", blob],
      ["requests/link.yaml", "120000", "blob", link],
      ["vendor", "040000", "tree", expect.any(String)],
      ["vendor/tool", "160000", "commit", SUBMODULE],
    ]);
  });

  it.each([
    [{ path: "x.yaml", mode: "100600", type: "blob" }, /Must supply a valid tree.mode/],
    [{ path: "x.yaml", mode: "160000", type: "blob" }, /does not match tree.mode/],
    [{ path: "x", mode: "160000", type: "commit", sha: "not-a-sha" }, /not a valid commit sha/],
  ])("refuses %j with 422", async (entry, message) => {
    const git = gh.octokitFor("mallory").rest.git;
    const blob = (await git.createBlob({ owner, repo, content: "x\n" })).data.sha;
    const request = git.createTree({ owner, repo, tree: [{ sha: blob, ...entry } as never] });
    await expect(request).rejects.toMatchObject({ status: 422, message: expect.stringMatching(message) });
  });
});
