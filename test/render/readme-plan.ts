// The README's example of the plan comment and both checks, generated from the real renderers
// so it cannot drift from what approvers see.
import { decidePull } from "../../src/evaluate/decide-pull.js";
import type { CheckRunInput } from "../../src/github/check-run.js";
import { renderApprovalCheck } from "../../src/render/approval-check.js";
import { renderPlanComment } from "../../src/render/plan-comment.js";
import { renderValidationCheck } from "../../src/render/validation-check.js";
import { PROD_PATH, requestFacts } from "../evaluate/facts.js";

export const START = "<!-- plan:start (generated from src/render by test/render/readme-plan.test.ts; refresh with UPDATE_README=1) -->";
export const END = "<!-- plan:end -->";

const quote = (text: string): string =>
  text
    .split("\n")
    .map((line) => (line === "" ? ">" : `> ${line}`))
    .join("\n");

function check(input: CheckRunInput): string {
  const state = input.status === "completed" ? (input.conclusion ?? "neutral") : "in progress";
  return [`**${input.name}**: ${state}, *${input.title}*`, "", quote([input.summary, ...(input.text ? ["", input.text] : [])].join("\n"))].join("\n");
}

export function readmePlanSection(): string {
  const evaluation = decidePull(requestFacts());
  return [
    START,
    `alice (payments engineering) opens a pull request that adds \`${PROD_PATH}\`. access-pr answers with one comment, edited in place at every push and review:`,
    "",
    quote(renderPlanComment(evaluation)),
    "",
    "and two checks on the head commit:",
    "",
    check(renderValidationCheck(evaluation)),
    "",
    check(renderApprovalCheck(evaluation)),
    "",
    "When an active SRE other than alice (and other than anyone who pushed to the branch) approves this head, the approval check turns green; any later push makes it wait again.",
    END,
  ].join("\n");
}
