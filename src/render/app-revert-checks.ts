/** Both checks on a revert pull request the app opened itself: complete at once, nobody to wait for. */
import type { PullEvaluation } from "../evaluate/types.js";
import type { CheckRunInput } from "../github/check-run.js";
import { APPROVAL_CHECK } from "./approval-check.js";
import { inertCode } from "./inert-text.js";
import { VALIDATION_CHECK } from "./validation-check.js";

export const APP_REVERT_SUMMARY =
  "Revert opened by access-pr: it removes request files whose access has already been revoked in the cloud. A removal grants nothing, so it needs no approval.";

/**
 * @example
 *   for (const check of renderAppRevertChecks(evaluation)) await upsertCheckRun(gh, repo, check);
 *   // [{ name: "access-pr / validation", conclusion: "success", title: "Revert by access-pr" }, { name: "access-pr / approval", conclusion: "success", title: "No approval needed" }]
 */
export function renderAppRevertChecks(evaluation: Pick<PullEvaluation, "headSha"> & { requests: readonly { path: string }[] }): CheckRunInput[] {
  const files = evaluation.requests.map((r) => `- ${inertCode(r.path, { inTable: false })}`).join("\n");
  const base = { headSha: evaluation.headSha, status: "completed" as const, conclusion: "success" as const, summary: APP_REVERT_SUMMARY, text: `Removed request files:\n\n${files}` };
  return [
    { ...base, name: VALIDATION_CHECK, title: "Revert by access-pr" },
    { ...base, name: APPROVAL_CHECK, title: "No approval needed" },
  ];
}
