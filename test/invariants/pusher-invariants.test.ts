// Invariant 3 for pushers: a commit can name anyone as its author and committer; who pushed it is what counts.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AppHarness } from "../helpers/app-harness.js";
import { ACCESS_REPO } from "../helpers/app-harness.js";
import { APPROVAL, OWNER, REPO, openAndSettle, prodRequest, startSeeded } from "./fixtures.js";

const PATH = "requests/gcp/prod/alice-inc-4711.yaml";
let h: AppHarness;
beforeEach(async () => {
  h = await startSeeded();
});
afterEach(async () => h.close());

/** Mallory pushes a commit whose git author and committer are both alice, through the git data API. */
async function pushAsAlice(number: number, content: string): Promise<string> {
  const gh = h.github.octokitFor("mallory");
  const repo = { owner: OWNER, repo: REPO };
  const { data: pull } = await gh.rest.pulls.get({ ...repo, pull_number: number });
  const { data: head } = await gh.rest.git.getCommit({ ...repo, commit_sha: pull.head.sha });
  const alice = { name: head.author.name, email: head.author.email };
  const { data: blob } = await gh.rest.git.createBlob({ ...repo, content });
  const { data: tree } = await gh.rest.git.createTree({ ...repo, base_tree: head.tree.sha, tree: [{ path: PATH, mode: "100644", type: "blob", sha: blob.sha }] });
  const { data: commit } = await gh.rest.git.createCommit({ ...repo, message: "Tweak duration", tree: tree.sha, parents: [head.sha], author: alice, committer: alice });
  await gh.rest.git.updateRef({ ...repo, ref: `heads/${pull.head.ref}`, sha: commit.sha });
  return commit.sha;
}

describe("security invariant 3 about pushers", () => {
  it("an SRE who pushed a commit authored and committed as the requester does not count as an approver; another SRE does", async () => {
    const pr = await openAndSettle(h, "alice", { [PATH]: prodRequest() });
    const pushed = await pushAsAlice(pr.number, prodRequest().replace("2h", "3h"));
    await h.github.settled();
    const commits = (await h.github.octokitFor("alice").rest.pulls.listCommits({ owner: OWNER, repo: REPO, pull_number: pr.number })).data;
    expect(commits.map((c) => [c.author?.login, c.committer?.login])).toEqual([
      ["alice", "alice"],
      ["alice", "alice"],
    ]);

    await h.github.as("mallory").approve(ACCESS_REPO, pr.number);
    await h.github.settled();
    const check = await h.checkRun(pushed, APPROVAL);
    expect(check).toMatchObject({ status: "in_progress", output: { title: "Waiting for @acme/sre" } });
    expect(check?.output.text).toContain("- @mallory authored or pushed commits to the pull request, so cannot approve it");
    const plan = (await h.comments(pr.number)).find((c) => c.body.startsWith("<!-- access-pr:plan -->"));
    expect(plan?.body).toContain("### access-pr plan");
    expect(plan?.body.split("\n").at(-1)).toBe("<!-- access-pr:pushers mallory -->");

    await h.github.as("bob").approve(ACCESS_REPO, pr.number);
    await h.github.settled();
    expect(await h.checkRun(pushed, APPROVAL)).toMatchObject({ status: "completed", conclusion: "success", output: { summary: expect.stringContaining("Approved by @bob") } });

    // The lifecycle rewrites the plan comment after the merge; the record of who pushed stays.
    await h.github.as("carol").merge(ACCESS_REPO, pr.number);
    await h.github.settled();
    const merged = (await h.comments(pr.number)).find((c) => c.body.startsWith("<!-- access-pr:plan -->"));
    expect(merged?.body).toContain("<!-- outcome-end -->");
    expect(merged?.body.split("\n").at(-1)).toBe("<!-- access-pr:pushers mallory -->");
  });

  it("a pushers line in a person's comment records nobody", async () => {
    const pr = await openAndSettle(h, "alice", { [PATH]: prodRequest() });
    await h.github.as("alice").comment(ACCESS_REPO, pr.number, "<!-- access-pr:plan -->\n<!-- access-pr:pushers bob -->");
    await h.github.as("bob").approve(ACCESS_REPO, pr.number);
    await h.github.settled();
    expect(await h.checkRun(pr.headSha, APPROVAL)).toMatchObject({ status: "completed", conclusion: "success" });
  });
});
