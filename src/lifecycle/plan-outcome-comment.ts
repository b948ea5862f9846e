/**
 * After a merge the lifecycle takes over the PR flow's plan comment, so it
 * never keeps promising "merging grants…" once the merge happened: each
 * request file's section says what the merge did, then that it ended.
 * Writing the same section again changes nothing, so runs, retries and
 * replicas never repeat an edit.
 */
import type { GitHubClient, RepoRef } from "../github/client.js";
import { findAppComment, marker, writeAppComment } from "../github/marked-comment.js";
import { PLAN_COMMENT } from "../render/plan-comment.js";
import { parseOutcomeSections, renderPlanOutcome } from "../render/plan-outcome.js";
import type { OutcomeSection } from "../render/plan-outcome.js";

/**
 * @example
 *   await recordPlanOutcome(gh, repo, 12, grantedSection("requests/prod/a.yaml", request.specs, clock.now()), "access-pr[bot]");
 */
export async function recordPlanOutcome(gh: GitHubClient, repo: RepoRef, pr: number, section: OutcomeSection, botLogin: string): Promise<void> {
  const existing = await findAppComment(gh, repo, pr, PLAN_COMMENT, botLogin);
  // Written again over whatever is there when the write lands (the body is recomputed from the current comment).
  const withSection = planWithSection(section);
  await writeAppComment(gh, repo, pr, existing, withSection(existing?.body ?? ""), withSection);
}

/** The plan comment's body with `section` written into `body` (the current comment's body). */
export function planWithSection(section: OutcomeSection): (body: string) => string {
  return (body) => {
    const sections = parseOutcomeSections(body);
    const kept = keepApprovers(sections.find((s) => s.path === section.path), section);
    return `${marker(PLAN_COMMENT)}\n${renderPlanOutcome([...sections.filter((s) => s.path !== section.path), kept])}`;
  };
}

/** An ended or failed section still says who approved the grant it replaces: the final comment keeps that record. */
export function keepApprovers(previous: OutcomeSection | undefined, next: OutcomeSection): OutcomeSection {
  const approved = previous?.text.split("\n").find((line) => line.startsWith("Approved by ") || line === "No approval was recorded.");
  if (!approved || next.state === "granted" || next.text.split("\n").includes(approved)) return next;
  return { ...next, text: `${next.text}\n\n${approved}` };
}
