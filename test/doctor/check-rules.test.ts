// `access-pr doctor`'s rules check against the embedded GitHub's rulesets, through the app's own auth.
import { afterEach, describe, expect, it } from "vitest";
import { rulesFindings } from "../../src/doctor/check-rules.js";
import type { GitHubClient } from "../../src/github/client.js";
import type { RulesetRule } from "../../src/sandbox/github/index.js";
import type { AppHarness } from "../helpers/app-harness.js";
import { seedAccessRepo, startAppHarness } from "../helpers/app-harness.js";

const repo = { owner: "acme", repo: "access" };
const open: AppHarness[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});

const review = (count: number, codeOwners = true): RulesetRule => ({
  type: "pull_request",
  parameters: { required_approving_review_count: count, require_code_owner_review: codeOwners, dismiss_stale_reviews_on_push: true, require_last_push_approval: true, required_review_thread_resolution: false },
});
const checks = (...list: Array<{ context: string; integration_id?: number }>): RulesetRule => ({ type: "required_status_checks", parameters: { required_status_checks: list, strict_required_status_checks_policy: false } });

async function findings(h: AppHarness) {
  const gh = (await h.probot.auth(h.github.app.installationId)) as GitHubClient;
  return new Map((await rulesFindings(gh, repo, "main", h.github.app.appId)).map((f) => [f.check, f]));
}

describe("doctor's check of the rules on the access repo's default branch", () => {
  it("passes a ruleset as the deployment guide sets it: approvals, code owners, both checks from the app, the app bypassing for pull requests only", async () => {
    const h = await startAppHarness();
    open.push(h);
    await seedAccessRepo(h.github);
    const appId = h.github.app.appId;
    h.github.createRuleset("acme/access", {
      name: "main",
      include: ["~DEFAULT_BRANCH"],
      rules: [review(1), checks({ context: "access-pr / validation", integration_id: appId }, { context: "access-pr / approval", integration_id: appId })],
      bypassActors: [{ actor_id: appId, actor_type: "Integration", bypass_mode: "pull_request" }],
    });
    const byCheck = await findings(h);
    expect([...byCheck.values()].filter((f) => !f.ok)).toEqual([]);
    expect(byCheck.get("ruleset bypass")?.detail).toBe(
      "the app may bypass the review rules on main for pull requests only. GitHub shows the bypass list only to those who may edit the ruleset: check by hand that the app is its only entry.",
    );
  });

  it("names each gap with its fix: no approval, no code owners, a check from any source, a missing check, an app that may always bypass", async () => {
    const h = await startAppHarness();
    open.push(h);
    await seedAccessRepo(h.github);
    h.github.createRuleset("acme/access", {
      name: "main",
      include: ["refs/heads/main"],
      rules: [review(0, false), checks({ context: "access-pr / approval" })],
      bypassActors: [{ actor_id: h.github.app.appId, actor_type: "Integration", bypass_mode: "always" }],
    });
    const byCheck = await findings(h);
    expect(byCheck.get("ruleset approvals")).toMatchObject({ ok: false, fix: 'Under Settings → Rules → Rulesets → the ruleset that targets the default branch, turn on "Require a pull request before merging" with at least 1 required approval.' });
    expect(byCheck.get("ruleset code owners")).toMatchObject({ ok: false, fix: 'Under Settings → Rules → Rulesets → the ruleset that targets the default branch, turn on "Require review from Code Owners".' });
    expect(byCheck.get("required check access-pr / validation")).toMatchObject({ ok: false, detail: "main does not require the access-pr / validation check" });
    expect(byCheck.get("required check access-pr / approval")).toMatchObject({ ok: false, detail: "access-pr / approval is required from any source, so another app or a workflow can post a passing check of that name" });
    expect(byCheck.get("ruleset bypass")).toMatchObject({ ok: false, fix: 'Under Settings → Rules → Rulesets → the ruleset that targets the default branch → Bypass list, set the access-pr app\'s mode to "For pull requests only".' });
  });

  it("says so when nothing protects the branch, and when the app may not bypass the review rules", async () => {
    const h = await startAppHarness();
    open.push(h);
    await seedAccessRepo(h.github);
    expect((await findings(h)).get("ruleset approvals")).toMatchObject({ ok: false, detail: "no active ruleset requires a pull request to change main" });
    h.github.createRuleset("acme/access", { name: "main", include: ["~DEFAULT_BRANCH"], rules: [review(1)] });
    expect((await findings(h)).get("ruleset bypass")).toMatchObject({ ok: false, fix: 'Under Settings → Rules → Rulesets → the ruleset that targets the default branch → Bypass list, add the access-pr app with "For pull requests only".' });
  });
});
