import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { GitHubEmulator } from "../../../src/sandbox/github/index.js";

const REPO = "acme/access";
const [owner, repo] = ["acme", "access"];

async function status(promise: Promise<unknown>): Promise<{ status: number; message: string }> {
  try {
    await promise;
    return { status: 200, message: "" };
  } catch (error) {
    const e = error as { status: number; response?: { data?: { message?: string } } };
    return { status: e.status, message: e.response?.data?.message ?? "" };
  }
}

describe("sandbox GitHub driven by the real Octokit", () => {
  const clock = new ManualClock("2026-11-24T08:00:00Z");
  let gh: GitHubEmulator;

  beforeAll(async () => {
    gh = await GitHubEmulator.start({ clock });
    gh.createUser("alice");
    gh.createUser("bob");
    gh.createUser("carol", { admin: true });
    gh.createUser("dave");
    gh.createUser("rita");
    gh.createTeam("acme", "sre", { active: ["bob"], pending: ["dave"] });
    await gh.createRepo(REPO, {
      files: { "README.md": "# access\n", ".github/CODEOWNERS": "requests/** @acme/sre\n!secret @bob\n[ab].yaml @bob\n* @nobody-here\n" },
      protection: { requiredApprovals: 1 },
      collaborators: { alice: "write", bob: "write", dave: "write" },
    });
  });
  afterAll(async () => gh.close());

  it("serves contents at a ref: a file as base64 with its sha, a directory as a listing, 404 otherwise", async () => {
    const octokit = gh.octokitFor("alice");
    const file = await octokit.rest.repos.getContent({ owner, repo, path: "README.md" });
    expect(Array.isArray(file.data)).toBe(false);
    const data = file.data as { content: string; sha: string; type: string };
    expect(Buffer.from(data.content, "base64").toString()).toBe("# access\n");
    expect(data.sha).toMatch(/^[0-9a-f]{40}$/);
    const dir = await octokit.rest.repos.getContent({ owner, repo, path: ".github" });
    expect((dir.data as Array<{ path: string; type: string }>).map((e) => [e.path, e.type])).toEqual([[".github/CODEOWNERS", "file"]]);
    expect(await status(octokit.rest.repos.getContent({ owner, repo, path: "missing.yaml" }))).toEqual({ status: 404, message: "Not Found" });
  });

  it("takes a request through open, refusals, approval, merge and GitHub's revert, leaving a real git history", async () => {
    const alice = gh.as("alice");
    const pr = await alice.openPullRequest(REPO, { title: "Read prod DB", files: { "requests/x.yaml": "reason: INC-1\n" } });
    expect(pr.number).toBe(1);
    const octokit = gh.octokitFor("alice");
    const pull = (await octokit.rest.pulls.get({ owner, repo, pull_number: 1 })).data;
    expect([pull.state, pull.head.ref, pull.head.sha, pull.base.ref, pull.user.login, pull.mergeable, pull.created_at]).toEqual([
      "open", "alice/read-prod-db", pr.headSha, "main", "alice", true, "2026-11-24T08:00:00Z",
    ]);
    const files = (await octokit.rest.pulls.listFiles({ owner, repo, pull_number: 1 })).data;
    expect(files.map((f) => [f.filename, f.status, f.additions])).toEqual([["requests/x.yaml", "added", 1]]);
    const atHead = await octokit.rest.repos.getContent({ owner, repo, path: "requests/x.yaml", ref: pull.head.sha });
    expect(Buffer.from((atHead.data as { content: string }).content, "base64").toString()).toBe("reason: INC-1\n");
    expect((await status(octokit.rest.repos.getContent({ owner, repo, path: "requests/x.yaml" }))).status).toBe(404);

    expect(await status(alice.approve(REPO, 1))).toEqual({ status: 422, message: "Unprocessable Entity: Can not approve your own pull request" });
    expect(await status(alice.merge(REPO, 1))).toEqual({ status: 405, message: "At least 1 approving review is required by reviewers with write access." });
    expect((await status(octokit.rest.git.updateRef({ owner, repo, ref: "heads/main", sha: pr.headSha }))).message).toBe("Protected branch update failed for refs/heads/main.");

    clock.advance(60_000);
    await gh.as("bob").approve(REPO, 1, "ok");
    const reviews = (await octokit.rest.pulls.listReviews({ owner, repo, pull_number: 1 })).data;
    expect(reviews.map((r) => [r.user?.login, r.state, r.commit_id, r.submitted_at])).toEqual([["bob", "APPROVED", pr.headSha, "2026-11-24T08:01:00Z"]]);
    expect(await status(alice.merge(REPO, 1, { sha: "0".repeat(40) }))).toEqual({ status: 409, message: "Head branch was modified. Review and try the merge again." });
    const mergeSha = await alice.merge(REPO, 1, { sha: pr.headSha });
    const merged = (await octokit.rest.pulls.get({ owner, repo, pull_number: 1 })).data;
    expect([merged.merged, merged.state, merged.merge_commit_sha, merged.merged_by?.login]).toEqual([true, "closed", mergeSha, "alice"]);
    expect((await octokit.rest.repos.getContent({ owner, repo, path: "requests/x.yaml" })).status).toBe(200);
    const history = (await octokit.rest.repos.listCommits({ owner, repo, path: "requests/x.yaml" })).data;
    // git's own history simplification: the merge commit changed nothing relative to its second parent.
    expect(history.map((c) => c.commit.message)).toEqual(["Read prod DB"]);

    const node = await octokit.graphql<{ repository: { pullRequest: { id: string } } }>(
      `query($owner: String!, $name: String!, $number: Int!) { repository(owner: $owner, name: $name) { pullRequest(number: $number) { id } } }`,
      { owner, name: repo, number: 1 },
    );
    const reverted = await gh.octokitFor("carol").graphql<{ revertPullRequest: { revertPullRequest: { number: number; url: string } } }>(
      `mutation($input: RevertPullRequestInput!) { revertPullRequest(input: $input) { revertPullRequest { number url } } }`,
      { input: { pullRequestId: node.repository.pullRequest.id, title: "Revert: window ended", body: "Access ended" } },
    );
    const revertNumber = reverted.revertPullRequest.revertPullRequest.number;
    expect(revertNumber).toBe(2);
    const revertPull = (await octokit.rest.pulls.get({ owner, repo, pull_number: revertNumber })).data;
    expect([revertPull.head.ref, revertPull.title, revertPull.user.login]).toEqual(["revert-1-alice/read-prod-db", "Revert: window ended", "carol"]);
    const revertFiles = (await octokit.rest.pulls.listFiles({ owner, repo, pull_number: revertNumber })).data;
    expect(revertFiles.map((f) => [f.filename, f.status])).toEqual([["requests/x.yaml", "removed"]]);
    await gh.as("carol").merge(REPO, revertNumber);
    expect((await status(octokit.rest.repos.getContent({ owner, repo, path: "requests/x.yaml" }))).status).toBe(404);

    const log = execFileSync("git", ["--git-dir", gh.repoPath(REPO), "log", "--first-parent", "--format=%an|%s", "main"]).toString().trim().split("\n");
    expect(log).toEqual([
      "carol|Merge pull request #2 from acme/revert-1-alice/read-prod-db",
      "alice|Merge pull request #1 from acme/alice/read-prod-db",
      "acme|Initial commit",
    ]);
  });

  it("lets an admin merge past missing approvals, and retargets with the old base in the answer", async () => {
    const pr = await gh.as("alice").openPullRequest(REPO, { title: "Second", files: { "requests/y.yaml": "reason: y\n" } });
    await gh.as("alice").commit(REPO, "release", {}, "Release branch");
    await gh.as("alice").retarget(REPO, pr.number, "release");
    const octokit = gh.octokitFor("carol");
    expect((await octokit.rest.pulls.list({ owner, repo, base: "release" })).data.map((p) => p.number)).toEqual([pr.number]);
    const edited = gh.deliveries.filter((d) => d.event === "pull_request" && d.action === "edited").at(-1)?.payload as { changes: unknown };
    expect(edited.changes).toEqual({ base: { ref: { from: "main" }, sha: { from: expect.stringMatching(/^[0-9a-f]{40}$/) } } });
    await gh.as("alice").retarget(REPO, pr.number, "main");
    await gh.as("carol").merge(REPO, pr.number, { method: "squash" });
    const main = (await octokit.rest.repos.getCommit({ owner, repo, ref: "main" })).data;
    expect([main.commit.message, main.parents.length, main.files?.map((f) => f.filename)]).toEqual([`Second (#${pr.number})`, 1, ["requests/y.yaml"]]);
  });

  it.each([
    ["bob", "active"],
    ["dave", "pending"],
  ])("reports %s's sre membership as %s", async (login, state) => {
    const { data } = await gh.octokitFor("alice").rest.teams.getMembershipForUserInOrg({ org: "acme", team_slug: "sre", username: login });
    expect(data.state).toBe(state);
  });

  it("answers 404 for a non-member and lists only active members", async () => {
    const octokit = gh.octokitFor("alice");
    expect((await status(octokit.rest.teams.getMembershipForUserInOrg({ org: "acme", team_slug: "sre", username: "rita" }))).status).toBe(404);
    expect((await octokit.rest.teams.listMembersInOrg({ org: "acme", team_slug: "sre" })).data.map((u) => u.login)).toEqual(["bob"]);
  });

  it("lists the CODEOWNERS lines GitHub rejects", async () => {
    const { data } = await gh.octokitFor("alice").rest.repos.codeownersErrors({ owner, repo });
    expect(data.errors.map((e) => [e.line, e.column, e.kind, e.message])).toEqual([
      [2, 1, "Invalid pattern", "Invalid pattern on line 2:\n\n  !secret @bob\n  ^"],
      [3, 1, "Invalid pattern", "Invalid pattern on line 3:\n\n  [ab].yaml @bob\n  ^"],
      [4, 3, "Unknown owner", "Unknown owner on line 4: make sure @nobody-here exists and has write access to the repository\n\n  * @nobody-here\n    ^"],
    ]);
  });

  it("reports permissions and refuses writes from readers", async () => {
    const octokit = gh.octokitFor("rita");
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ owner, repo, username: "carol" });
    expect(data.permission).toBe("admin");
    const main = (await octokit.rest.git.getRef({ owner, repo, ref: "heads/main" })).data.object.sha;
    expect(await status(octokit.rest.git.createRef({ owner, repo, ref: "refs/heads/rita", sha: main }))).toEqual({ status: 403, message: "Resource not accessible by integration" });
  });

  it.each([
    ["no credentials", undefined, 401, "Requires authentication"],
    ["an unknown token", "token nope", 401, "Bad credentials"],
  ])("refuses %s", async (_name, authorization, code, message) => {
    const response = await fetch(`${gh.url}/api/v3/repos/${REPO}`, { headers: authorization ? { authorization } : {} });
    expect([response.status, ((await response.json()) as { message: string }).message]).toEqual([code, message]);
  });

  it("records check runs and statuses per commit", async () => {
    const octokit = gh.octokitFor("alice");
    expect((await status(octokit.rest.checks.create({ owner, repo, name: "access-pr", head_sha: "main" }))).status).toBe(403);
    const sha = (await octokit.rest.git.getRef({ owner, repo, ref: "heads/main" })).data.object.sha;
    await octokit.rest.repos.createCommitStatus({ owner, repo, sha, state: "success", context: "access-pr/policy" });
    const statuses = (await octokit.rest.repos.listCommitStatusesForRef({ owner, repo, ref: sha })).data;
    expect(statuses.map((s) => [s.context, s.state, s.creator?.login])).toEqual([["access-pr/policy", "success", "alice"]]);
  });

  it("injects faults per route template and counts calls", async () => {
    const route = "GET /repos/{owner}/{repo}/pulls/{pull_number}";
    gh.faults.failNext(route, 1, { status: 503 });
    const before = gh.faults.count(route);
    const octokit = gh.octokitFor("alice");
    expect((await status(octokit.rest.pulls.get({ owner, repo, pull_number: 1 }))).status).toBe(503);
    expect((await octokit.rest.pulls.get({ owner, repo, pull_number: 1 })).status).toBe(200);
    expect(gh.faults.count(route) - before).toBe(2);
  });
});
