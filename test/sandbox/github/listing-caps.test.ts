// Contract: GitHub's REST API lists at most 3,000 files and 250 commits of a pull request, while the pull request itself
// reports the true `changed_files` and `commits` (docs.github.com/rest/pulls/pulls, "List pull requests files":
// "Responses include a maximum of 3000 files"; "List commits on a pull request": "Lists a maximum of 250 commits").
import type { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { GitHubEmulator } from "../../../src/sandbox/github/index.js";

const [owner, repo] = ["acme", "big"];

/** One commit on a new branch adding `count` files, built with the git data API in four calls. */
export async function branchWithFiles(octokit: Octokit, branch: string, count: number, path: (i: number) => string, content: string): Promise<string> {
  const base = (await octokit.rest.git.getRef({ owner, repo, ref: "heads/main" })).data.object.sha;
  const blob = (await octokit.rest.git.createBlob({ owner, repo, content, encoding: "utf-8" })).data.sha;
  const tree = Array.from({ length: count }, (_, i) => ({ path: path(i), mode: "100644" as const, type: "blob" as const, sha: blob }));
  const baseTree = (await octokit.rest.git.getCommit({ owner, repo, commit_sha: base })).data.tree.sha;
  const created = (await octokit.rest.git.createTree({ owner, repo, base_tree: baseTree, tree })).data.sha;
  const commit = (await octokit.rest.git.createCommit({ owner, repo, message: "Many files", tree: created, parents: [base] })).data.sha;
  await octokit.rest.git.createRef({ owner, repo, ref: `refs/heads/${branch}`, sha: commit });
  return commit;
}

let gh: GitHubEmulator;
let alice: Octokit;
beforeAll(async () => {
  gh = await GitHubEmulator.start({ clock: new ManualClock(new Date("2026-11-24T08:00:00Z")) });
  gh.createUser("alice");
  await gh.createRepo(`${owner}/${repo}`, { files: { "README.md": "# big\n" }, collaborators: { alice: "write" } });
  alice = gh.octokitFor("alice");
});
afterAll(async () => gh.close());

describe("pull request listings are capped as on GitHub", { timeout: 300_000 }, () => {
  it("lists 3,000 of 3,001 files, while changed_files says 3,001", async () => {
    await branchWithFiles(alice, "many-files", 3001, (i) => `data/f${String(i).padStart(4, "0")}.txt`, "x\n");
    const { data: pull } = await alice.rest.pulls.create({ owner, repo, title: "Many files", head: "many-files", base: "main" });
    const files = await alice.paginate(alice.rest.pulls.listFiles, { owner, repo, pull_number: pull.number, per_page: 100 });
    expect([files.length, pull.changed_files]).toEqual([3000, 3001]);
    expect(files.at(-1)?.filename).toBe("data/f2999.txt");
  });

  it("lists 250 of 251 commits, while commits says 251", async () => {
    // 251 commits in one git fast-import run (the emulator's own repository), then the pull request through the API.
    const base = (await alice.rest.git.getRef({ owner, repo, ref: "heads/main" })).data.object.sha;
    const stream = Array.from({ length: 251 }, (_, i) => {
      const message = `c${i}\n`;
      return `commit refs/heads/many-commits\ncommitter alice <alice@users.noreply.sandbox.test> ${1_795_000_000 + i} +0000\ndata ${message.length}\n${message}${i === 0 ? `from ${base}\n` : ""}\n`;
    }).join("");
    await gh.hub.repo(owner, repo).git.run(["fast-import", "--quiet"], { input: stream });
    const { data: pull } = await alice.rest.pulls.create({ owner, repo, title: "Many commits", head: "many-commits", base: "main" });
    const commits = await alice.paginate(alice.rest.pulls.listCommits, { owner, repo, pull_number: pull.number, per_page: 100 });
    expect([commits.length, pull.commits]).toEqual([250, 251]);
    expect(commits[0]?.commit.message).toBe("c0\n");
  });
});
