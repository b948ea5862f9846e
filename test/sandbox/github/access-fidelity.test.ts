// Who may do what on the embedded GitHub, through the real Octokit as Probot makes it.
// Follows GitHub's REST docs and OpenAPI description (github/rest-api-description):
// - pulls/request-reviewers: asking the author, or a user or team without access, is 422, and none of the
//   call's reviewers are requested;
// - apps/create-installation-access-token: a token carries `expires_at`, an hour on; after it every call is 401;
// - teams/get-membership-for-user-in-org and teams/list-members-in-org: "Team members will include the
//   members of child teams";
// - an installation token reaches only the installation's selected repositories (404 elsewhere) and only with
//   the permissions the installation was granted (403 "Resource not accessible by integration"), per
//   "Permissions required for GitHub Apps".
import { Probot, ProbotOctokit } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { withTokenRefresh } from "../../../src/github/token-refresh.js";
import { GitHubEmulator } from "../../../src/sandbox/github/index.js";

const NO_RETRY = ProbotOctokit.defaults((o: Record<string, unknown>) => ({ ...o, retry: { enabled: false }, throttle: { enabled: false } }));
const at = { owner: "acme", repo: "access" };

async function refusal(promise: Promise<unknown>): Promise<{ status: number; message: string }> {
  return promise.then(
    () => ({ status: 200, message: "" }),
    (e: { status: number; response?: { data?: { message?: string } } }) => ({ status: e.status, message: e.response?.data?.message ?? "" }),
  );
}

describe("the embedded GitHub's access rules", () => {
  const clock = new ManualClock("2026-11-24T08:00:00Z");
  let gh: GitHubEmulator;

  beforeAll(async () => {
    gh = await GitHubEmulator.start({ clock });
    for (const login of ["alice", "bob", "erin", "zed"]) gh.createUser(login);
    gh.createTeam("acme", "sre", { active: ["bob"] });
    gh.createTeam("acme", "sre-oncall", { active: ["erin"], pending: ["zed"], parent: "sre" });
    await gh.createRepo("acme/access", { collaborators: { alice: "write", bob: "write", erin: "write" } });
    await gh.createRepo("acme/tools");
    await gh.as("alice").openPullRequest("acme/access", { title: "Access", files: { "requests/a.yaml": "reason: x\n" } });
  });
  afterAll(async () => gh.close());

  const probot = (Octokit = NO_RETRY) => new Probot({ appId: gh.app.appId, privateKey: gh.app.privateKey, baseUrl: gh.url, Octokit, logLevel: "fatal" });

  it("refuses a review request naming the author or someone without access, and requests nobody of that call", async () => {
    const app = await probot().auth(gh.app.installationId);
    const requested = async () => (await app.rest.pulls.get({ ...at, pull_number: 1 })).data.requested_reviewers?.map((u) => u.login);
    expect(await refusal(app.rest.pulls.requestReviewers({ ...at, pull_number: 1, reviewers: ["bob", "alice"] }))).toEqual({ status: 422, message: "Review cannot be requested from pull request author." });
    expect((await refusal(app.rest.pulls.requestReviewers({ ...at, pull_number: 1, reviewers: ["bob", "zed"] }))).message).toBe(
      "Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the acme/access repository.",
    );
    expect(await requested()).toEqual([]);
    await app.rest.pulls.requestReviewers({ ...at, pull_number: 1, reviewers: ["bob"], team_reviewers: ["sre"] });
    expect(await requested()).toEqual(["bob"]);
  });

  it("answers 401 to an installation token past its expires_at, and an app that renews on the clock keeps working", async () => {
    const plain = await probot().auth(gh.app.installationId);
    const renewing = await probot(withTokenRefresh(NO_RETRY, clock)).auth(gh.app.installationId);
    expect((await plain.rest.repos.get(at)).status).toBe(200);
    expect((await renewing.rest.repos.get(at)).status).toBe(200);
    const { token, expiresAt } = (await renewing.auth({ type: "installation" })) as { token: string; expiresAt: string };
    expect(Date.parse(expiresAt) - clock.now().getTime()).toBe(60 * 60 * 1000);
    clock.advance(61 * 60 * 1000);
    expect(await refusal(plain.rest.repos.get(at))).toEqual({ status: 401, message: "Bad credentials" });
    expect((await renewing.rest.repos.get(at)).status).toBe(200);
    const renewed = (await renewing.auth({ type: "installation" })) as { token: string; expiresAt: string };
    expect(renewed.token).not.toBe(token);
    expect(Date.parse(renewed.expiresAt)).toBe(clock.now().getTime() + 60 * 60 * 1000);
  });

  it("counts members of child teams as members of the parent team, pending ones as pending", async () => {
    const app = await probot().auth(gh.app.installationId);
    const state = async (team: string, username: string) =>
      app.rest.teams.getMembershipForUserInOrg({ org: "acme", team_slug: team, username }).then((r) => r.data.state, (e: { status: number }) => e.status);
    expect([await state("sre", "bob"), await state("sre", "erin"), await state("sre", "zed"), await state("sre-oncall", "bob")]).toEqual(["active", "active", "pending", 404]);
    const members = (await app.rest.teams.listMembersInOrg({ org: "acme", team_slug: "sre" })).data.map((u) => u.login);
    expect(members.sort()).toEqual(["bob", "erin"]);
  });

  it("reaches only the selected repositories, and only with the permissions the installation was granted", async () => {
    gh.configureInstallation({ repositories: ["acme/access"], permissions: { metadata: "read", contents: "read", pull_requests: "read", checks: "write" } });
    try {
      const app = await probot().auth(gh.app.installationId);
      const { data: listed } = await app.rest.apps.listReposAccessibleToInstallation();
      expect([listed.repository_selection, listed.repositories.map((r) => r.full_name)]).toEqual(["selected", ["acme/access"]]);
      expect((await refusal(app.rest.repos.get({ owner: "acme", repo: "tools" }))).status).toBe(404);
      expect((await app.rest.pulls.get({ ...at, pull_number: 1 })).status).toBe(200);
      expect(await refusal(app.rest.issues.createComment({ ...at, issue_number: 1, body: "hi" }))).toEqual({ status: 403, message: "Resource not accessible by integration" });
      expect(await refusal(app.rest.teams.getMembershipForUserInOrg({ org: "acme", team_slug: "sre", username: "bob" }))).toEqual({ status: 403, message: "Resource not accessible by integration" });
      expect(await refusal(app.rest.git.createRef({ ...at, ref: "refs/heads/x", sha: "0".repeat(40) }))).toEqual({ status: 403, message: "Resource not accessible by integration" });
      const { data: installation } = await (await probot().auth()).rest.apps.getRepoInstallation(at);
      expect([installation.repository_selection, installation.permissions.issues]).toEqual(["selected", undefined]);
    } finally {
      gh.configureInstallation({ repositories: "all", permissions: { contents: "write", pull_requests: "write", checks: "write", issues: "write", members: "read", metadata: "read", statuses: "write" } });
    }
  });
});
