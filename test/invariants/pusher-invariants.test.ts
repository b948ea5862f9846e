// Invariant 3 for pushers: who pushed comes from GitHub's activity log, which no writer can edit; when it cannot say, no approval counts.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AppHarness } from "../helpers/app-harness.js";
import { ACCESS_REPO } from "../helpers/app-harness.js";
import { APPROVAL, OWNER, REPO, openAndSettle, prodRequest, startSeeded } from "./fixtures.js";

const PATH = "requests/gcp/prod/alice-inc-4711.yaml";
const repo = { owner: OWNER, repo: REPO };
let h: AppHarness;
beforeEach(async () => {
  h = await startSeeded();
});
afterEach(async () => h.close());

/** Mallory pushes a commit whose git author and committer are both alice, through the git data API. */
async function pushAsAlice(number: number, content: string): Promise<string> {
  const gh = h.github.octokitFor("mallory");
  const { data: pull } = await gh.rest.pulls.get({ ...repo, pull_number: number });
  const { data: head } = await gh.rest.git.getCommit({ ...repo, commit_sha: pull.head.sha });
  const alice = { name: head.author.name, email: head.author.email };
  const { data: blob } = await gh.rest.git.createBlob({ ...repo, content });
  const { data: tree } = await gh.rest.git.createTree({ ...repo, base_tree: head.tree.sha, tree: [{ path: PATH, mode: "100644", type: "blob", sha: blob.sha }] });
  const { data: commit } = await gh.rest.git.createCommit({ ...repo, message: "Tweak duration", tree: tree.sha, parents: [head.sha], author: alice, committer: alice });
  await gh.rest.git.updateRef({ ...repo, ref: `heads/${pull.head.ref}`, sha: commit.sha });
  return commit.sha;
}

const planOf = async (number: number) => (await h.comments(number)).find((c) => c.user === "access-pr[bot]" && c.body.startsWith("<!-- access-pr:plan -->"));
const MALLORY_EXCLUDED = "- @mallory authored or pushed commits to the pull request, so cannot approve it";

describe("security invariant 3 about pushers", () => {
  it("mallory pushes a commit authored as alice and approves: her approval never counts, whatever she does to the plan comment; bob's does", async () => {
    const pr = await openAndSettle(h, "alice", { [PATH]: prodRequest() });
    const pushed = await pushAsAlice(pr.number, prodRequest([], "3h"));
    await h.github.as("mallory").approve(ACCESS_REPO, pr.number);
    await h.github.settled();
    const commits = (await h.github.octokitFor("alice").rest.pulls.listCommits({ ...repo, pull_number: pr.number })).data;
    expect(commits.map((c) => [c.author?.login, c.committer?.login])).toEqual([
      ["alice", "alice"],
      ["alice", "alice"],
    ]);
    const check = await h.checkRun(pushed, APPROVAL);
    expect(check).toMatchObject({ status: "in_progress", output: { title: "Waiting for @acme/sre" } });
    expect(check?.output.text).toContain(MALLORY_EXCLUDED);
    const plan = await planOf(pr.number);
    expect(plan?.body).toContain(`Pushed to this branch up to \`${pushed.slice(0, 7)}\` (GitHub's activity log): \`alice\`, \`mallory\`. Whoever pushed cannot approve.`);

    // The comment is no record: mallory edits it, then deletes it, and approves again each time.
    const mallory = h.github.octokitFor("mallory");
    await mallory.rest.issues.updateComment({ ...repo, comment_id: plan?.id ?? 0, body: "<!-- access-pr:plan -->\n### access-pr plan\nPushed by `alice` only." });
    await h.github.as("mallory").approve(ACCESS_REPO, pr.number);
    await h.github.settled();
    expect((await h.checkRun(pushed, APPROVAL))?.output.text).toContain(MALLORY_EXCLUDED);
    await mallory.rest.issues.deleteComment({ ...repo, comment_id: (await planOf(pr.number))?.id ?? 0 });
    await h.github.as("mallory").approve(ACCESS_REPO, pr.number);
    await h.github.settled();
    const afterDelete = await h.checkRun(pushed, APPROVAL);
    expect(afterDelete).toMatchObject({ status: "in_progress", output: { title: "Waiting for @acme/sre" } });
    expect(afterDelete?.output.text).toContain(MALLORY_EXCLUDED);
    expect((await planOf(pr.number))?.body).toContain("`alice`, `mallory`. Whoever pushed cannot approve.");

    await h.github.as("bob").approve(ACCESS_REPO, pr.number);
    await h.github.settled();
    expect(await h.checkRun(pushed, APPROVAL)).toMatchObject({ status: "completed", conclusion: "success", output: { summary: expect.stringContaining("Approved by @bob") } });
  }, 120_000);

  it("the synchronize webhook of mallory's push is lost (the app was down): her approval still does not count", async () => {
    const pr = await openAndSettle(h, "alice", { [PATH]: prodRequest() });
    const target = h.github.webhookUrl;
    h.github.webhookUrl = undefined;
    const pushed = await h.github.as("mallory").pushToPull(ACCESS_REPO, pr.number, { [PATH]: prodRequest([], "3h") });
    await h.github.settled();
    const lost = h.github.deliveries.filter((d) => d.event === "pull_request" && d.action === "synchronize");
    expect(lost.map((d) => [d.status, d.error])).toEqual([[null, "no webhook target configured"]]);
    h.github.webhookUrl = target;

    await h.github.as("mallory").approve(ACCESS_REPO, pr.number);
    await h.github.settled();
    const check = await h.checkRun(pushed, APPROVAL);
    expect(check).toMatchObject({ status: "in_progress", output: { title: "Waiting for @acme/sre" } });
    expect(check?.output.text).toContain(MALLORY_EXCLUDED);
  });

  it("a head GitHub's activity log does not show: no approval counts, and both the check and the plan say why and what to do", async () => {
    const pr = await openAndSettle(h, "alice", { [PATH]: prodRequest() });
    expect(h.github.forgetActivity(ACCESS_REPO, pr.headSha)).toBe(1);
    await h.github.as("bob").approve(ACCESS_REPO, pr.number);
    await h.github.settled();
    const check = await h.checkRun(pr.headSha, APPROVAL);
    const why = `GitHub's activity log has not recorded who pushed ${pr.headSha.slice(0, 7)} to ${pr.branch}`;
    const fix = "push the branch again (an empty commit will do) or re-run this check in a minute, then ask for approval again";
    expect(check).toMatchObject({ status: "in_progress", conclusion: null, output: { title: "Who pushed this head is not established", summary: `No approval can count: ${why}. To fix: ${fix}.` } });
    expect(check?.output.text).toContain(`- @bob approved, but ${why}, so no approval of this head can count`);
    expect((await planOf(pr.number))?.body).toContain(`**No approval can count yet:** ${why}. To fix: ${fix}.`);
  });

  it("GitHub's activity log cannot be read: no approval counts", async () => {
    const pr = await openAndSettle(h, "alice", { [PATH]: prodRequest() });
    h.github.faults.failNext("GET /repos/{owner}/{repo}/activity", 1, { status: 503 });
    await h.github.as("bob").approve(ACCESS_REPO, pr.number);
    await h.github.settled();
    expect(await h.checkRun(pr.headSha, APPROVAL)).toMatchObject({
      status: "in_progress",
      output: { summary: `No approval can count: GitHub's activity log for ${pr.branch} could not be read (HTTP 503). To fix: re-run this check once GitHub answers (the app's installation must be able to read this repository).` },
    });
  });
});
