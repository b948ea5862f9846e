/**
 * Repository rulesets as GitHub applies them to a branch: which active
 * rulesets target it, who may bypass them and when (`bypass_mode` "always",
 * "pull_request" — "an actor can only bypass rules on pull requests" — or
 * "exempt"), and why a merge or a push breaks them ("Repository rule
 * violations found"). Shapes per the OpenAPI `repository-ruleset`.
 */
import type { Hub } from "./hub.js";
import type { BypassActor, Pull, Repo, Ruleset } from "./model.js";
import { globToRegExp } from "./ref-patterns.js";

/** GitHub's built-in repository role ids a RepositoryRole bypass actor names (5 is the admin role). */
const ROLE_IDS: Record<number, "admin" | "maintain" | "write"> = { 5: "admin", 2: "maintain", 4: "write" };
const PASSING = new Set(["success", "neutral", "skipped"]);

function targets(repo: Repo, ruleset: Ruleset, branch: string): boolean {
  const ref = `refs/heads/${branch}`;
  const matches = (pattern: string) =>
    pattern === "~ALL" || (pattern === "~DEFAULT_BRANCH" && branch === repo.defaultBranch) || globToRegExp(pattern).test(ref);
  return ruleset.include.some(matches) && !ruleset.exclude.some(matches);
}

/** The active rulesets that apply to a branch ("evaluate" ones only report; "disabled" ones do nothing). */
export function rulesetsFor(repo: Repo, branch: string): Ruleset[] {
  return repo.rulesets.filter((r) => r.enforcement === "active" && targets(repo, r, branch));
}

/** The GitHub App a login acts for (its `[bot]` account), if any. */
export function appIdOf(hub: Hub, login: string): number | undefined {
  if (login === hub.botLogin) return hub.app.appId;
  for (const other of hub.otherApps.values()) if (login === `${other.slug}[bot]`) return other.appId;
  return undefined;
}

function isActor(hub: Hub, repo: Repo, actor: BypassActor, login: string): boolean {
  switch (actor.actor_type) {
    case "Integration":
      return appIdOf(hub, login) === actor.actor_id;
    case "OrganizationAdmin":
      return hub.users.get(login)?.admin === true;
    case "User":
      return hub.users.get(login)?.id === actor.actor_id;
    case "RepositoryRole":
      return actor.actor_id !== null && ROLE_IDS[actor.actor_id] !== undefined && hub.permission(repo, login) === ROLE_IDS[actor.actor_id];
    case "Team":
      return [...hub.teams.values()].some((t) => t.id === actor.actor_id && t.members.get(login) === "active");
    default:
      return false;
  }
}

/** How `login` may bypass a ruleset: the widest mode among the bypass actors it matches. */
export function bypassModeOf(hub: Hub, repo: Repo, ruleset: Ruleset, login: string): "always" | "pull_request" | "exempt" | null {
  const modes = ruleset.bypassActors.filter((a) => isActor(hub, repo, a, login)).map((a) => a.bypass_mode);
  return modes.includes("exempt") ? "exempt" : modes.includes("always") ? "always" : modes.includes("pull_request") ? "pull_request" : null;
}

function approvals(hub: Hub, repo: Repo, pull: Pull, staleDismissed: boolean): number {
  const latest = new Map<string, { state: string; commitId: string }>();
  for (const review of pull.reviews) if (review.user !== pull.user && review.state !== "COMMENTED") latest.set(review.user, review);
  const writers = new Set(["write", "maintain", "admin"]);
  return [...latest.entries()].filter(([login, r]) => r.state === "APPROVED" && (!staleDismissed || r.commitId === pull.headSha) && writers.has(hub.permission(repo, login))).length;
}

function statusChecksRefusal(repo: Repo, sha: string, required: Array<{ context: string; integration_id?: number }>): string | null {
  let expected = 0;
  let failed = 0;
  for (const check of required) {
    const runs = [...repo.checkRuns.values()].filter((r) => r.headSha === sha && r.name === check.context && (check.integration_id === undefined || r.app.id === check.integration_id));
    const run = runs.sort((a, b) => b.id - a.id)[0];
    const status = check.integration_id === undefined ? repo.statuses.filter((s) => s.sha === sha && s.context === check.context).at(-1) : undefined;
    if (run) {
      if (run.status !== "completed") expected += 1;
      else if (!PASSING.has(run.conclusion ?? "")) failed += 1;
    } else if (status) {
      if (status.state === "pending") expected += 1;
      else if (status.state !== "success") failed += 1;
    } else {
      expected += 1;
    }
  }
  if (expected > 0) return `${expected} of ${required.length} required status check${required.length === 1 ? " is" : "s are"} expected.`;
  if (failed > 0) return `${failed} of ${required.length} required status check${required.length === 1 ? " has" : "s have"} not succeeded.`;
  return null;
}

/** Why the rulesets on the pull's base refuse `login`'s merge ([] when it may go ahead). */
export function mergeViolations(hub: Hub, repo: Repo, pull: Pull, login: string): string[] {
  const violations: string[] = [];
  for (const ruleset of rulesetsFor(repo, pull.base)) {
    if (bypassModeOf(hub, repo, ruleset, login) !== null) continue;
    for (const rule of ruleset.rules) {
      if (rule.type === "pull_request") {
        const needed = rule.parameters.required_approving_review_count;
        if (needed > 0 && approvals(hub, repo, pull, rule.parameters.dismiss_stale_reviews_on_push) < needed) {
          violations.push(`At least ${needed} approving review${needed === 1 ? " is" : "s are"} required by reviewers with write access.`);
        }
      } else if (rule.type === "required_status_checks") {
        const refusal = statusChecksRefusal(repo, pull.headSha, rule.parameters.required_status_checks);
        if (refusal) violations.push(refusal);
      }
    }
  }
  return [...new Set(violations)];
}

/** Why the rulesets refuse `login` updating `branch` directly (not through a pull request), or [] when allowed. */
export function pushViolations(hub: Hub, repo: Repo, branch: string, login: string, kind: "update" | "deletion" | "force"): string[] {
  const violations: string[] = [];
  for (const ruleset of rulesetsFor(repo, branch)) {
    const mode = bypassModeOf(hub, repo, ruleset, login);
    if (mode === "always" || mode === "exempt") continue;
    for (const rule of ruleset.rules) {
      if (rule.type === "pull_request" || rule.type === "update") violations.push("Changes must be made through a pull request.");
      if (rule.type === "required_status_checks") violations.push("Required status checks must pass before the branch is updated.");
      if (rule.type === "deletion" && kind === "deletion") violations.push("Cannot delete this branch.");
      if (rule.type === "non_fast_forward" && kind === "force") violations.push("Cannot force-push to this branch.");
    }
  }
  return [...new Set(violations)];
}

export function violationMessage(violations: string[]): string {
  return `Repository rule violations found\n\n${violations.join("\n\n")}\n`;
}
