/**
 * After a merge the lifecycle takes over the PR flow's plan comment, so it
 * never keeps promising "merging grants…" once the merge happened: each
 * request file's section says what the merge did, then that it ended.
 * Writing the same section again changes nothing, so runs, retries and
 * replicas never repeat an edit.
 */
import type { GitHubClient, RepoRef } from "../github/client.js";
import { marker } from "../github/marked-comment.js";
import { pushersIn, withPushers } from "../github/pushers-line.js";
import { PLAN_COMMENT } from "../render/plan-comment.js";
import { parseOutcomeSections, renderPlanOutcome } from "../render/plan-outcome.js";
import type { OutcomeSection } from "../render/plan-outcome.js";

/**
 * @example
 *   await recordPlanOutcome(gh, repo, 12, grantedSection("requests/prod/a.yaml", request.specs, clock.now()));
 */
export async function recordPlanOutcome(gh: GitHubClient, repo: RepoRef, pr: number, section: OutcomeSection): Promise<void> {
  const tag = marker(PLAN_COMMENT);
  const comments = await gh.paginate(gh.rest.issues.listComments, { ...repo, issue_number: pr, per_page: 100 });
  // Only a bot's comment is ours: a person pasting the marker must not steer what the app writes.
  const existing = comments.find((c) => c.user?.type === "Bot" && c.body?.startsWith(tag));
  const others = parseOutcomeSections(existing?.body ?? "").filter((s) => s.path !== section.path);
  // Who pushed still matters after the merge: the merged re-verification reads it.
  const body = withPushers(`${tag}\n${renderPlanOutcome([...others, section])}`, pushersIn(existing?.body));
  if (existing?.body === body) return;
  if (existing) await gh.rest.issues.updateComment({ ...repo, comment_id: existing.id, body });
  else await gh.rest.issues.createComment({ ...repo, issue_number: pr, body });
}
