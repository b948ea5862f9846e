/** The one plan comment per PR: exactly what a merge would grant, and what is still missing. */
import { MAX_COMMENT_BODY, fitSections } from "./fit-to-limit.js";
import { formatDuration } from "../core/duration.js";
import type { GrantSpec } from "../core/grant.js";
import type { PullEvaluation, RequestFileResult } from "../evaluate/types.js";
import { formatProblem } from "../model/problem.js";
import type { EffectText } from "../providers/definition.js";
import { providerDefinitions } from "../providers/definitions.js";
import { utc, utcWithRelative } from "./format-time.js";
import { inertCode, inertText } from "./inert-text.js";
import { cell, code, table } from "./markdown.js";
import { revokeLimits } from "./revoke-limits.js";
import { allProblems } from "./validation-check.js";

/** The marker kind for upsertMarkedComment. */
export const PLAN_COMMENT = "plan";

const CHANGE_WORDS: Record<RequestFileResult["change"], string> = {
  added: "new request",
  modified: "changes an existing request; needs approval again",
  removed: "deleted: ends this access early",
  renamed: "renamed",
};

function headline(evaluation: PullEvaluation): string {
  const problems = allProblems(evaluation).length;
  if (evaluation.kind === "not-default-branch") {
    return `This pull request targets ${inertCode(evaluation.baseRef, { inTable: false })}, not ${inertCode(evaluation.defaultBranch, { inTable: false })}: merging it grants nothing.`;
  }
  if (evaluation.kind === "empty") return "This pull request changes no access: merging it grants nothing.";
  if (evaluation.kind === "policy-change") {
    return problems > 0
      ? "**Policy change with problems.** It grants nothing; fix the problems below before merging."
      : "**Policy change.** It grants nothing; once merged, the new configuration applies to requests opened or updated afterwards.";
  }
  if (evaluation.kind === "mixed") return "**Not grantable:** request files are mixed with other changes. Merging this pull request grants nothing.";
  if (problems > 0) return "**Not grantable yet:** fix the problems below. Merging now grants nothing.";
  if (evaluation.approval?.status === "blocked") return "**Blocked:** changes were requested. Merging now grants nothing.";
  if (evaluation.approval?.status === "pending") return "**Waiting for approval.** Merging before the approvals below are given grants nothing and is reverted.";
  return "**Ready.** Merging this pull request grants the access below.";
}

/** The expiry as the cloud enforces it (a GCP IAM condition, an Azure PIM schedule, …), in the provider's words. */
export function cloudEffect(spec: GrantSpec, now: Date): string {
  return renderEffect(providerDefinitions[spec.provider].describeEffect(spec, now));
}

function renderEffect(text: EffectText): string {
  return text.map((part) => (typeof part === "string" ? part : "code" in part ? code(part.code) : utc(part.time))).join("");
}

function grantTable(request: RequestFileResult, now: Date): string {
  const rows = request.planned.map((planned, i) => {
    const spec = request.grants[i] as GrantSpec;
    const principal = planned.principalName ? `${code(planned.principal ?? "")} (${cell(planned.principalName)})` : code(planned.principal ?? "");
    const starts = planned.window.start.getTime() > now.getTime() ? utcWithRelative(planned.window.start, now) : "at merge";
    return [
      principal,
      code(planned.role),
      code(planned.scope),
      cell(planned.rule),
      starts,
      formatDuration(planned.durationMs),
      `${utcWithRelative(planned.window.end, now)} if merged now`,
      cloudEffect(spec, now),
    ];
  });
  return table(["Principal", "Role", "Scope", "Rule", "Starts", "Length", "Ends", "In the cloud"], rows);
}

function requestSection(request: RequestFileResult, now: Date): string {
  const lines = [`#### ${inertCode(request.path, { inTable: false })} (${CHANGE_WORDS[request.change]})`];
  if (request.reason !== undefined) {
    lines.push(`Reason: ${inertText(request.reason)}${request.ticket ? ` · Ticket: ${inertCode(request.ticket, { inTable: false })}` : ""}`);
  }
  if (request.status === "planned") lines.push(grantTable(request, now));
  else if (request.status === "ends-early") lines.push("Merging revokes this request's access at once.");
  else lines.push(`Refused; see the problems below.`);
  return lines.join("\n\n");
}

/** Whose approval cannot count because they pushed, as GitHub's activity log shows (names in code, so nobody is pinged). */
function pushersLine(evaluation: PullEvaluation): string {
  const { pushers } = evaluation;
  if (!pushers.known) return `**No approval can count yet:** ${pushers.why}. To fix: ${pushers.fix}.`;
  const names = pushers.pushers.map((login) => `\`${login}\``).join(", ");
  return `Pushed to this branch up to \`${evaluation.headSha.slice(0, 7)}\` (GitHub's activity log): ${names}. Whoever pushed cannot approve.`;
}

/**
 * @example
 *   await upsertMarkedComment(gh, repo, evaluation.number, PLAN_COMMENT, renderPlanComment(evaluation));
 */
export function renderPlanComment(evaluation: PullEvaluation): string {
  const now = evaluation.evaluatedAt;
  const parts = [`### access-pr plan`, headline(evaluation)];
  for (const request of evaluation.requests) parts.push(requestSection(request, now));
  const limits = revokeLimits(evaluation.requests.filter((r) => r.status === "planned").flatMap((r) => r.grants.map((g) => g.provider)));
  if (limits) parts.push(limits);

  const problems = allProblems(evaluation);
  if (problems.length > 0) parts.push(`#### Problems\n\n${problems.map((p) => `- ${inertText(formatProblem(p))}`).join("\n")}`);

  const approval = evaluation.approval;
  if (approval && evaluation.kind !== "empty") {
    if (approval.missing.length > 0) {
      parts.push(`#### Approvals still missing\n\n${approval.missing.map((m) => `- ${m.path ? inertCode(m.path, { inTable: false }) : m.rule ? `rule ${inertCode(m.rule, { inTable: false })}` : "every grant"}: ${m.need}`).join("\n")}`);
    }
    if (approval.blockers.length > 0) parts.push(`#### Changes requested\n\n${approval.blockers.map((b) => `- @${b.login} ${b.why}`).join("\n")}`);
    if (approval.counted.length > 0) parts.push(`Approved by ${approval.counted.map((login) => `@${login}`).join(", ")} at \`${evaluation.headSha.slice(0, 7)}\`.`);
    parts.push(pushersLine(evaluation));
  }
  parts.push(`<sub>Evaluated at ${utc(now)} against ${inertCode(evaluation.baseRef, { inTable: false })} at \`${evaluation.baseSha.slice(0, 7)}\` (policies, identities and CODEOWNERS) and head \`${evaluation.headSha.slice(0, 7)}\`.</sub>`);
  // The app's marker line goes before it: keep well under GitHub's comment limit.
  return fitSections(parts, MAX_COMMENT_BODY - 200, (left, total) =>
    `_This plan is too long for one comment (GitHub takes at most 65,536 characters): ${left} of its ${total} sections are left out. The \`access-pr / validation\` check annotates each problem on its line, the \`access-pr / approval\` check lists the approvals still missing, and the Files changed tab lists all ${evaluation.requests.length} request files._`);
}
