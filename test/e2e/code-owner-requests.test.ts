// The app and GitHub's own review requests to code owners (About code owners, github/docs): GitHub asks the code
// owners when a pull request is opened or marked ready for review, so the app asks only whom its rules need beyond
// them, and a draft asks nobody until it is ready. Every request is a `pull_request.review_requested` webhook, which
// the app does not handle: it costs no GitHub call.
import { afterEach, describe, expect, it } from "vitest";
import { ACCESS_REPO } from "../helpers/app-harness.js";
import type { World } from "./lifecycle-world.js";
import { GCP_PATH, gcpRequest, owner, repo, startWorld } from "./lifecycle-world.js";

let w: World;
afterEach(async () => w.close());

const REQUEST_REVIEWERS = "POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers";
/** bob (an SRE) asks for an admin role, under rule payments-prod-sre: approvers from SRE and security, two of them. */
const SRE_PATH = "requests/gcp/prod/bob-inc-4713.yaml";
const sreRequest = () => gcpRequest().replace("INC-4711", "INC-4713").replace("roles/cloudsql.client", "roles/cloudsql.admin");

async function requested(number: number): Promise<{ users: string[]; teams: string[] }> {
  const { data } = await w.h.github.octokitFor("carol").rest.pulls.get({ owner, repo, pull_number: number });
  return { users: (data.requested_reviewers ?? []).map((u) => u.login), teams: (data.requested_teams ?? []).map((t) => t.slug) };
}

/** Who asked whom for pull request `number`, from the `review_requested` webhooks. */
function askedBy(number: number): string[][] {
  return w.h.github.deliveries
    .filter((d) => d.event === "pull_request" && d.action === "review_requested" && d.payload.number === number)
    .map((d) => {
      const p = d.payload as { sender: { login: string }; requested_reviewer?: { login: string }; requested_team?: { slug: string } };
      return [p.sender.login, p.requested_reviewer?.login ?? `team:${p.requested_team?.slug ?? ""}`];
    });
}

const requestCalls = () => w.h.appGitHubCalls.table().filter((row) => row.route === REQUEST_REVIEWERS);

describe("review requests with GitHub asking the code owners", () => {
  it("asks nobody when GitHub already asked every code owner the rule needs; the approval check still names them", async () => {
    w = await startWorld();
    await w.settle();
    w.h.appGitHubCalls.reset();
    const pr = await w.h.github.as("alice").openPullRequest(ACCESS_REPO, { title: "Read prod DB for INC-4711", files: { [GCP_PATH]: gcpRequest() } });
    await w.settle();
    expect(await requested(pr.number)).toEqual({ users: [], teams: ["sre"] });
    expect(askedBy(pr.number)).toEqual([["alice", "team:sre"]]);
    expect(requestCalls()).toEqual([]);
    const { data } = await w.h.github.octokitFor("carol").rest.pulls.get({ owner, repo, pull_number: pr.number });
    expect(await w.h.checkRun(data.head.sha, "access-pr / approval")).toMatchObject({ status: "in_progress", output: { title: "Waiting for @acme/sre" } });
  });

  it("asks the approvers a rule needs beyond the code owners, and only those", async () => {
    w = await startWorld();
    await w.settle();
    w.h.appGitHubCalls.reset();
    const pr = await w.h.github.as("bob").openPullRequest(ACCESS_REPO, { title: "Admin on prod DB for INC-4713", files: { [SRE_PATH]: sreRequest() } });
    await w.settle();
    // SRE by GitHub (the author's own team is still asked), security by the app.
    expect(await requested(pr.number)).toEqual({ users: [], teams: ["sre", "security"] });
    expect(askedBy(pr.number)).toEqual([
      ["bob", "team:sre"],
      ["access-pr[bot]", "team:security"],
    ]);
    expect(requestCalls()).toEqual([{ route: REQUEST_REVIEWERS, calls: 1 }]);
  });

  it("asks nobody for a draft; once it is ready, GitHub asks the code owners and the app the rest", async () => {
    w = await startWorld();
    await w.settle();
    const bob = w.h.github.octokitFor("bob");
    await w.h.github.as("bob").commit(ACCESS_REPO, "bob/admin", { [SRE_PATH]: sreRequest() }, "Admin on prod DB");
    const { data: draft } = await bob.rest.pulls.create({ owner, repo, title: "Admin on prod DB for INC-4713", head: "bob/admin", base: "main", draft: true });
    await w.settle();
    expect(await requested(draft.number)).toEqual({ users: [], teams: [] });
    // The draft is evaluated all the same: its checks say what it still needs.
    expect(await w.h.checkRun(draft.head.sha, "access-pr / validation")).toMatchObject({ status: "completed", conclusion: "success" });

    await bob.graphql("mutation($id: ID!) { markPullRequestReadyForReview(input: { pullRequestId: $id }) { pullRequest { isDraft } } }", { id: draft.node_id });
    await w.settle();
    expect(await requested(draft.number)).toEqual({ users: [], teams: ["sre", "security"] });
    expect(askedBy(draft.number)).toEqual([
      ["bob", "team:sre"],
      ["access-pr[bot]", "team:security"],
    ]);
  });

  it("ignores review_requested deliveries without a single GitHub call", async () => {
    w = await startWorld();
    await w.settle();
    const pr = await w.h.github.as("bob").openPullRequest(ACCESS_REPO, { title: "Admin on prod DB for INC-4713", files: { [SRE_PATH]: sreRequest() } });
    await w.settle();
    const deliveries = w.h.github.deliveries.filter((d) => d.action === "review_requested" && d.payload.number === pr.number);
    expect(deliveries).toHaveLength(2);
    w.h.appGitHubCalls.reset();
    const again = await w.h.github.redeliverAll(deliveries.map((d) => d.guid));
    await w.settle();
    expect(again.map((d) => d.status)).toEqual([200, 200]);
    expect([w.h.appGitHubCalls.rateLimited(), w.h.appGitHubCalls.notModified()]).toEqual([0, 0]);
  });
});
