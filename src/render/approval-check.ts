/** The `access-pr / approval` check: have the right people approved the current head? */
import type { ApprovalResult } from "../approval/types.js";
import type { PullEvaluation } from "../evaluate/types.js";
import type { CheckRunInput } from "../github/check-run.js";
import { inertCode } from "./inert-text.js";
import { cell, table } from "./markdown.js";

export const APPROVAL_CHECK = "access-pr / approval";

/** What is still needed, who could give it, and which reviews did not count (and why). */
export function approvalDetails(approval: ApprovalResult): string {
  const sections: string[] = [];
  if (approval.missing.length > 0) {
    const rows = approval.missing.map((m) => [m.path ? inertCode(m.path) : m.rule ? `rule ${inertCode(m.rule)}` : "every grant", cell(m.need)]);
    sections.push(`**Still needed**\n\n${table(["For", "Needs"], rows)}`);
  }
  if (approval.blockers.length > 0) {
    sections.push(`**Changes requested**\n\n${approval.blockers.map((b) => `- @${b.login} ${b.why}`).join("\n")}`);
  }
  if (approval.counted.length > 0) {
    sections.push(`**Approvals that count**: ${approval.counted.map((login) => `@${login}`).join(", ")}`);
  }
  if (approval.ignored.length > 0) {
    sections.push(`**Reviews that do not count**\n\n${approval.ignored.map((note) => `- @${note.login} ${note.why}`).join("\n")}`);
  }
  return sections.join("\n\n");
}

/**
 * @example
 *   await upsertCheckRun(gh, repo, renderApprovalCheck(evaluation));
 *   // pending: { status: "in_progress", title: "Waiting for approval", summary: "Waiting for approval: 1 file needs a code owner's approval." }
 */
export function renderApprovalCheck(evaluation: PullEvaluation): CheckRunInput {
  const base = { name: APPROVAL_CHECK, headSha: evaluation.headSha };
  const { approval } = evaluation;
  if (approval === null || evaluation.kind === "not-default-branch") {
    return {
      ...base,
      status: "completed",
      conclusion: "neutral",
      title: "Not an access request",
      summary: `This pull request targets ${inertCode(evaluation.baseRef, { inTable: false })}, not ${inertCode(evaluation.defaultBranch, { inTable: false })}; approval does not grant anything here.`,
    };
  }
  if (evaluation.kind === "empty") {
    return { ...base, status: "completed", conclusion: "neutral", title: "No access changes", summary: "Nothing here needs an access approval." };
  }
  const text = approvalDetails(approval);
  const withText = text === "" ? {} : { text };
  switch (approval.status) {
    case "approved":
      return { ...base, status: "completed", conclusion: "success", title: "Approved", summary: approval.summary, ...withText };
    case "blocked":
      return { ...base, status: "completed", conclusion: "failure", title: "Changes requested", summary: approval.summary, ...withText };
    case "pending": {
      if (!evaluation.pushers.known) return { ...base, status: "in_progress", title: "Who pushed this head is not established", summary: approval.summary, ...withText };
      const who = [...new Set(approval.missing.flatMap((m) => m.candidates))];
      const title = who.length > 0 ? `Waiting for ${who.join(", ")}` : "Waiting for approval";
      return { ...base, status: "in_progress", title, summary: approval.summary, ...withText };
    }
  }
}
