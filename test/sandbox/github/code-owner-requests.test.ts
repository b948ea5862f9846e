// GitHub's own review requests to code owners, on the embedded GitHub, through the real Octokit.
// Follows "About code owners" (github/docs, content/repositories/managing-your-repositorys-settings-and-features/
// customizing-your-repository/about-code-owners.md):
// - "Code owners are automatically requested for review when someone opens a pull request that modifies code that
//   they own. Code owners are not automatically requested to review draft pull requests. [...] When you mark a draft
//   pull request as ready for review, code owners are automatically notified."
// - "If CODEOWNERS files exist in more than one of those locations [.github/, root, docs/], GitHub will search for
//   them in that order and use the first one it finds"; "the CODEOWNERS file must be on the base branch of the pull
//   request"; "CODEOWNERS files must be under 3 MB in size. A CODEOWNERS file over this limit will not be loaded";
//   "the last matching pattern takes the most precedence".
// - "The people you choose as code owners must have write permissions for the repository. When the code owner is a
//   team, that team must be visible and it must have write permissions"; owners may be given by e-mail address.
// - The author is never asked (pulls/request-reviewers refuses the author); "If a member of @example-org/content
//   opens a pull request [...] The team is still added as a reviewer".
// Webhooks: each request is a `pull_request` `review_requested` (webhook-events-and-payloads#pull_request), one per
// reviewer with `requested_reviewer` or `requested_team`; @octokit/webhooks-examples' `review_requested` has the
// author as sender at the moment of opening, and its `opened` examples already list the requested reviewer.
// A push that touches files of owners not asked yet asks them (observed on github.com; the docs do not say).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { GitHubEmulator } from "../../../src/sandbox/github/index.js";

const REPO = "acme/access";
const at = { owner: "acme", repo: "access" };
const CODEOWNERS = [
  "* @carol",
  "/requests/ @bob @alice @rita @zed @acme/sre @acme/viewers @acme/ghosts",
  "/requests/prod/ @acme/sre",
  "/docs/ @acme/writers erin@acme.example",
  "",
].join("\n");

describe("the embedded GitHub asks the code owners itself", () => {
  let gh: GitHubEmulator;

  beforeAll(async () => {
    gh = await GitHubEmulator.start({ clock: new ManualClock("2026-11-24T08:00:00Z") });
    for (const login of ["alice", "bob", "dave", "rita", "zed"]) gh.createUser(login);
    gh.createUser("erin", { email: "erin@acme.example" });
    gh.createUser("carol", { admin: true });
    gh.createTeam("acme", "sre", { active: ["bob"] });
    gh.createTeam("acme", "writers", { active: ["alice"] });
    gh.createTeam("acme", "viewers", { active: ["rita"] });
    await gh.createRepo(REPO, {
      // The root CODEOWNERS loses to .github/CODEOWNERS.
      files: { "README.md": "# access\n", ".github/CODEOWNERS": CODEOWNERS, CODEOWNERS: "* @dave\n" },
      collaborators: { alice: "write", bob: "write", dave: "write", erin: "write", rita: "read" },
      teams: { "acme/sre": "write", "acme/writers": "maintain", "acme/viewers": "read" },
    });
  });
  afterAll(async () => gh.close());

  const requested = async (number: number) => {
    const { data } = await gh.octokitFor("carol").rest.pulls.get({ ...at, pull_number: number });
    return { users: data.requested_reviewers?.map((u) => u.login), teams: data.requested_teams?.map((t) => t.slug) };
  };
  /** The `review_requested` webhooks of pull request `number`: who sent each, and whom it asked. */
  const reviewRequested = (number: number) =>
    gh.deliveries
      .filter((d) => d.event === "pull_request" && d.action === "review_requested" && d.payload.number === number)
      .map((d) => {
        const p = d.payload as { sender: { login: string }; requested_reviewer?: { login: string }; requested_team?: { slug: string }; pull_request: { requested_reviewers: unknown[] } };
        return [p.sender.login, p.requested_reviewer?.login ?? `team:${p.requested_team?.slug ?? ""}`];
      });

  it("on open, asks the owners of the changed files who can write, never the author, from the first CODEOWNERS found", async () => {
    const pr = await gh.as("alice").openPullRequest(REPO, { title: "Access", files: { "requests/a.yaml": "reason: x\n" } });
    // bob and SRE; not alice (the author), rita (reads), zed (no access), viewers (a reading team), ghosts (no such
    // team), carol (the `*` line lost to a later match) or dave (the root CODEOWNERS is not the one used).
    expect(await requested(pr.number)).toEqual({ users: ["bob"], teams: ["sre"] });
    await gh.settled();
    const opened = gh.deliveries.find((d) => d.action === "opened" && d.payload.number === pr.number);
    const listed = (opened?.payload.pull_request as { requested_reviewers: Array<{ login: string }> }).requested_reviewers.map((u) => u.login);
    expect(listed).toEqual(["bob"]);
    expect(reviewRequested(pr.number)).toEqual([
      ["alice", "bob"],
      ["alice", "team:sre"],
    ]);
    // Sent after `opened`, one per reviewer.
    expect(gh.deliveries.findIndex((d) => d.action === "review_requested" && d.payload.number === pr.number)).toBeGreaterThan(gh.deliveries.indexOf(opened!));
  });

  it("reads CODEOWNERS from the base branch, not from the pull request's head", async () => {
    const pr = await gh.as("alice").openPullRequest(REPO, { title: "Own everything", files: { ".github/CODEOWNERS": "* @alice @dave\n" } });
    expect(await requested(pr.number)).toEqual({ users: ["carol"], teams: [] });
  });

  it("asks a team the author belongs to, and an owner named by e-mail", async () => {
    const pr = await gh.as("alice").openPullRequest(REPO, { title: "Docs", files: { "docs/a.md": "# a\n" } });
    expect(await requested(pr.number)).toEqual({ users: ["erin"], teams: ["writers"] });
  });

  it("stops asking a team once its write access is taken away", async () => {
    gh.setTeamAccess(REPO, "acme/writers", "triage");
    try {
      const pr = await gh.as("bob").openPullRequest(REPO, { title: "Docs again", files: { "docs/c.md": "# c\n" } });
      expect(await requested(pr.number)).toEqual({ users: ["erin"], teams: [] });
    } finally {
      gh.setTeamAccess(REPO, "acme/writers", "maintain");
    }
  });

  it("asks nobody for a draft, and the owners once it is marked ready for review", async () => {
    const bob = gh.octokitFor("bob");
    await gh.as("bob").commit(REPO, "bob/draft", { "requests/b.yaml": "reason: y\n" }, "Draft");
    const { data: draft } = await bob.rest.pulls.create({ ...at, title: "Draft", head: "bob/draft", base: "main", draft: true });
    expect([draft.draft, draft.requested_reviewers, draft.requested_teams]).toEqual([true, [], []]);
    await gh.settled();
    expect(reviewRequested(draft.number)).toEqual([]);

    const answer = await bob.graphql<{ markPullRequestReadyForReview: { pullRequest: { isDraft: boolean } } }>(
      "mutation($id: ID!) { markPullRequestReadyForReview(input: { pullRequestId: $id }) { pullRequest { isDraft } } }",
      { id: draft.node_id },
    );
    expect(answer.markPullRequestReadyForReview.pullRequest.isDraft).toBe(false);
    // bob is the author now, so alice is asked in his place.
    expect(await requested(draft.number)).toEqual({ users: ["alice"], teams: ["sre"] });
    await gh.settled();
    expect(gh.deliveries.filter((d) => d.payload.number === draft.number && d.action === "ready_for_review").map((d) => (d.payload.sender as { login: string }).login)).toEqual(["bob"]);
    expect(reviewRequested(draft.number)).toEqual([
      ["bob", "alice"],
      ["bob", "team:sre"],
    ]);
  });

  it("asks the owners of files a push adds, but not an owner asked before and removed", async () => {
    const alice = gh.as("alice");
    const pr = await alice.openPullRequest(REPO, { title: "More docs", files: { "docs/b.md": "# b\n" } });
    await gh.octokitFor("alice").rest.pulls.removeRequestedReviewers({ ...at, pull_number: pr.number, reviewers: ["erin"] });
    expect(await requested(pr.number)).toEqual({ users: [], teams: ["writers"] });
    await alice.pushToPull(REPO, pr.number, { "requests/prod/c.yaml": "reason: z\n" });
    expect(await requested(pr.number)).toEqual({ users: [], teams: ["writers", "sre"] });
    await gh.settled();
    expect(reviewRequested(pr.number)).toEqual([
      ["alice", "erin"],
      ["alice", "team:writers"],
      ["alice", "team:sre"],
    ]);
  });

  it("sends review_requested for a request made through the API too, from whoever made it, once per new reviewer", async () => {
    const pr = await gh.as("dave").openPullRequest(REPO, { title: "dave", files: { "requests/d.yaml": "reason: d\n" } });
    await gh.octokitFor("carol").rest.pulls.requestReviewers({ ...at, pull_number: pr.number, reviewers: ["bob", "erin"] });
    await gh.settled();
    expect(reviewRequested(pr.number)).toEqual([
      ["dave", "bob"],
      ["dave", "alice"],
      ["dave", "team:sre"],
      ["carol", "erin"],
    ]);
  });

  it("loads no CODEOWNERS of 3 MB or more, and asks nobody", async () => {
    const padding = `# ${"x".repeat(3 * 1024 * 1024)}\n`;
    await gh.createRepo("acme/big", { files: { ".github/CODEOWNERS": `* @bob\n${padding}` }, collaborators: { alice: "write", bob: "write" } });
    const pr = await gh.as("alice").openPullRequest("acme/big", { title: "Big", files: { "a.txt": "a\n" } });
    const { data } = await gh.octokitFor("alice").rest.pulls.get({ owner: "acme", repo: "big", pull_number: pr.number });
    expect([data.requested_reviewers, data.requested_teams]).toEqual([[], []]);
  });
});
