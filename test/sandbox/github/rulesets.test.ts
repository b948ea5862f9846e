// Repository rulesets on the embedded GitHub, through the real Octokit.
// Follows GitHub's REST docs and OpenAPI description (github/rest-api-description):
// - repos/get-repo-rulesets, repos/get-repo-ruleset ("the `bypass_actors` property is only returned if the user
//   making the API request has write access to the ruleset"; `current_user_can_bypass`: always,
//   pull_requests_only, never, exempt), repos/get-branch-rules (active rulesets only);
// - `bypass_mode` "pull_request" means "an actor can only bypass rules on pull requests";
// - a merge or push that breaks a rule is refused with "Repository rule violations found".
import { Probot, ProbotOctokit } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { GitHubEmulator } from "../../../src/sandbox/github/index.js";

const NO_RETRY = ProbotOctokit.defaults((o: Record<string, unknown>) => ({ ...o, retry: { enabled: false }, throttle: { enabled: false } }));
const at = { owner: "acme", repo: "access" };
const REVIEW = { type: "pull_request" as const, parameters: { required_approving_review_count: 1, require_code_owner_review: true, dismiss_stale_reviews_on_push: true, require_last_push_approval: false, required_review_thread_resolution: false } };
const CHECKS = { type: "required_status_checks" as const, parameters: { required_status_checks: [{ context: "access-pr / approval", integration_id: 4242 }], strict_required_status_checks_policy: false } };

async function refusal(promise: Promise<unknown>): Promise<{ status: number; message: string }> {
  return promise.then(
    () => ({ status: 200, message: "" }),
    (e: { status: number; response?: { data?: { message?: string } } }) => ({ status: e.status, message: e.response?.data?.message ?? "" }),
  );
}

describe("the embedded GitHub's rulesets", () => {
  let gh: GitHubEmulator;
  let rulesetId: number;
  let app: InstanceType<typeof ProbotOctokit>;

  beforeAll(async () => {
    gh = await GitHubEmulator.start({ clock: new ManualClock("2026-11-24T08:00:00Z") });
    gh.createUser("alice");
    gh.createUser("bob");
    gh.createUser("carol", { admin: true });
    await gh.createRepo("acme/access", { collaborators: { alice: "write", bob: "write" } });
    rulesetId = gh.createRuleset("acme/access", { name: "main", include: ["~DEFAULT_BRANCH"], rules: [REVIEW, CHECKS, { type: "non_fast_forward" }], bypassActors: [{ actor_id: gh.app.appId, actor_type: "Integration", bypass_mode: "pull_request" }] });
    gh.createRuleset("acme/access", { name: "draft", enforcement: "evaluate", include: ["~ALL"], rules: [{ type: "deletion" }] });
    app = await new Probot({ appId: gh.app.appId, privateKey: gh.app.privateKey, baseUrl: gh.url, Octokit: NO_RETRY, logLevel: "fatal" }).auth(gh.app.installationId);
  });
  afterAll(async () => gh.close());

  it("lists the rulesets, shows one with its rules and the caller's bypass, and the bypass list only to an admin", async () => {
    expect((await app.rest.repos.getRepoRulesets(at)).data.map((r) => [r.name, r.enforcement])).toEqual([["main", "active"], ["draft", "evaluate"]]);
    const { data: asApp } = await app.rest.repos.getRepoRuleset({ ...at, ruleset_id: rulesetId });
    expect([asApp.current_user_can_bypass, asApp.bypass_actors, asApp.rules?.map((r) => r.type)]).toEqual(["pull_requests_only", undefined, ["pull_request", "required_status_checks", "non_fast_forward"]]);
    const { data: asAdmin } = await gh.octokitFor("carol").rest.repos.getRepoRuleset({ ...at, ruleset_id: rulesetId });
    expect([asAdmin.current_user_can_bypass, asAdmin.bypass_actors]).toEqual(["never", [{ actor_id: gh.app.appId, actor_type: "Integration", bypass_mode: "pull_request" }]]);
    expect((await refusal(app.rest.repos.getRepoRuleset({ ...at, ruleset_id: 1 }))).status).toBe(404);
  });

  it("gives the active rules of a branch with their ruleset, and none for a branch no ruleset targets", async () => {
    const { data: rules } = await app.rest.repos.getBranchRules({ ...at, branch: "main" });
    expect(rules.map((r) => [r.type, r.ruleset_id, r.ruleset_source_type, r.ruleset_source])).toEqual([
      ["pull_request", rulesetId, "Repository", "acme/access"],
      ["required_status_checks", rulesetId, "Repository", "acme/access"],
      ["non_fast_forward", rulesetId, "Repository", "acme/access"],
    ]);
    expect((await app.rest.repos.getBranchRules({ ...at, branch: "feature/x" })).data).toEqual([]);
  });

  it("refuses a merge without the approval and the app's check, lets the app bypass on a pull request, and refuses its direct push", async () => {
    const pr = await gh.as("alice").openPullRequest("acme/access", { title: "Access", files: { "requests/a.yaml": "reason: x\n" } });
    expect(await refusal(gh.as("alice").merge("acme/access", pr.number))).toEqual({
      status: 405,
      message: "Repository rule violations found\n\nAt least 1 approving review is required by reviewers with write access.\n\n1 of 1 required status check is expected.\n",
    });
    await gh.as("bob").approve("acme/access", pr.number);
    // Another app's passing check of that name is not the one the rule asks for.
    await gh.installAnotherApp("ci", 9001).rest.checks.create({ ...at, name: "access-pr / approval", head_sha: pr.headSha, status: "completed", conclusion: "success" });
    expect((await refusal(gh.as("alice").merge("acme/access", pr.number))).message).toBe("Repository rule violations found\n\n1 of 1 required status check is expected.\n");
    await app.rest.checks.create({ ...at, name: "access-pr / approval", head_sha: pr.headSha, status: "completed", conclusion: "failure" });
    expect((await refusal(gh.as("alice").merge("acme/access", pr.number))).message).toBe("Repository rule violations found\n\n1 of 1 required status check has not succeeded.\n");

    const second = await gh.as("alice").openPullRequest("acme/access", { title: "More", files: { "requests/b.yaml": "reason: y\n" } });
    expect((await app.rest.pulls.merge({ ...at, pull_number: second.number })).data.merged).toBe(true);
    const { data: main } = await app.rest.git.getRef({ ...at, ref: "heads/main" });
    expect(await refusal(app.rest.git.updateRef({ ...at, ref: "heads/main", sha: main.object.sha }))).toEqual({ status: 422, message: "Repository rule violations found\n\nChanges must be made through a pull request.\n\nRequired status checks must pass before the branch is updated.\n" });
  });
});
