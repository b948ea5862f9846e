/**
 * `access-pr doctor`'s look at the rules on the access repo's default branch,
 * as the deployment guide (README, "Protect main") sets them: a pull request
 * with at least one approval and code owners' review, the `access-pr /
 * validation` and `access-pr / approval` checks required from this app, and
 * the app on the bypass list "for pull requests only" (it merges its own
 * reverts; it never pushes to the default branch). Read with the
 * installation's token: "Get rules for a branch" and "Get a repository
 * ruleset" need Metadata: read; GitHub shows the bypass list itself only to
 * those who may edit the ruleset, so the app reads its own bypass mode
 * (`current_user_can_bypass`).
 *
 * @example
 *   const findings = await rulesFindings(gh, { owner: "acme", repo: "access" }, "main", 4242);
 */
import type { GitHubClient, RepoRef } from "../github/client.js";
import { APPROVAL_CHECK } from "../render/approval-check.js";
import { VALIDATION_CHECK } from "../render/validation-check.js";
import type { Finding } from "./findings.js";

const REQUIRED_CHECKS = [VALIDATION_CHECK, APPROVAL_CHECK];
const WHERE = "Settings → Rules → Rulesets → the ruleset that targets the default branch";

interface BranchRule {
  type: string;
  ruleset_id: number;
  parameters?: {
    required_approving_review_count?: number;
    require_code_owner_review?: boolean;
    required_status_checks?: Array<{ context: string; integration_id?: number }>;
  };
}

function pullRequestFindings(rules: BranchRule[], branch: string): Finding[] {
  const reviews = rules.filter((r) => r.type === "pull_request");
  const approvals = Math.max(0, ...reviews.map((r) => r.parameters?.required_approving_review_count ?? 0));
  const codeOwners = reviews.some((r) => r.parameters?.require_code_owner_review === true);
  return [
    approvals >= 1
      ? { check: "ruleset approvals", ok: true, detail: `${branch} needs a pull request with ${approvals} approval${approvals === 1 ? "" : "s"}` }
      : {
          check: "ruleset approvals",
          ok: false,
          detail: reviews.length === 0 ? `no active ruleset requires a pull request to change ${branch}` : `the rulesets on ${branch} require a pull request but no approval`,
          fix: `Under ${WHERE}, turn on "Require a pull request before merging" with at least 1 required approval.`,
        },
    codeOwners
      ? { check: "ruleset code owners", ok: true, detail: `${branch} needs a code owner's review` }
      : { check: "ruleset code owners", ok: false, detail: `no active ruleset on ${branch} requires review from code owners`, fix: `Under ${WHERE}, turn on "Require review from Code Owners".` },
  ];
}

function statusCheckFindings(rules: BranchRule[], branch: string, appId: number): Finding[] {
  const required = rules.filter((r) => r.type === "required_status_checks").flatMap((r) => r.parameters?.required_status_checks ?? []);
  return REQUIRED_CHECKS.map((context) => {
    const check = `required check ${context}`;
    const entries = required.filter((c) => c.context === context);
    if (entries.length === 0) {
      return { check, ok: false, detail: `${branch} does not require the ${context} check`, fix: `Under ${WHERE}, turn on "Require status checks to pass" and add ${context} (it is listed once the app has posted it on a pull request).` };
    }
    if (!entries.some((c) => c.integration_id === appId)) {
      return { check, ok: false, detail: `${context} is required from any source, so another app or a workflow can post a passing check of that name`, fix: `Under ${WHERE}, in "Require status checks to pass", choose access-pr as the source of ${context}.` };
    }
    return { check, ok: true, detail: `${branch} requires ${context} from this app` };
  });
}

async function bypassFinding(gh: GitHubClient, repo: RepoRef, rules: BranchRule[], branch: string): Promise<Finding> {
  const ids = [...new Set(rules.filter((r) => r.type === "pull_request").map((r) => r.ruleset_id))];
  const check = "ruleset bypass";
  if (ids.length === 0) return { check, ok: true, detail: `no ruleset on ${branch} requires reviews, so the app needs no bypass` };
  const modes = await Promise.all(ids.map(async (id) => (await gh.rest.repos.getRepoRuleset({ ...repo, ruleset_id: id })).data.current_user_can_bypass ?? "never"));
  const handBypassList = "GitHub shows the bypass list only to those who may edit the ruleset: check by hand that the app is its only entry.";
  if (modes.every((m) => m === "pull_requests_only")) return { check, ok: true, detail: `the app may bypass the review rules on ${branch} for pull requests only. ${handBypassList}` };
  if (modes.some((m) => m === "never")) {
    return { check, ok: false, detail: `the app may not bypass the rules on ${branch}: its revert pull requests (window ended, /revoke) stay open until someone approves them`, fix: `Under ${WHERE} → Bypass list, add the access-pr app with "For pull requests only".` };
  }
  return {
    check,
    ok: false,
    detail: `the app may bypass the rules on ${branch} ${modes.includes("exempt") ? "as exempt" : "always"}, so it could also push to ${branch} directly; it needs the bypass only to merge its own pull requests`,
    fix: `Under ${WHERE} → Bypass list, set the access-pr app's mode to "For pull requests only".`,
  };
}

export async function rulesFindings(gh: GitHubClient, repo: RepoRef, branch: string, appId: number): Promise<Finding[]> {
  let rules: BranchRule[];
  try {
    rules = (await gh.rest.repos.getBranchRules({ ...repo, branch, per_page: 100 })).data as BranchRule[];
  } catch (error) {
    const status = (error as { status?: number }).status;
    return [{ check: "rulesets", ok: false, detail: `GitHub did not answer the rules of ${branch} (${status ?? "no answer"})`, fix: "Give the app Metadata: read (every app has it) and run doctor again; if it persists, check the rules by hand (README, Protect main)." }];
  }
  return [...pullRequestFindings(rules, branch), ...statusCheckFindings(rules, branch, appId), await bypassFinding(gh, repo, rules, branch)];
}
