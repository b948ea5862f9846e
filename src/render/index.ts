/** Renderers: evaluation data in, the words people read out (checks, the plan comment). */
export { renderValidationCheck, renderClosedCheck, VALIDATION_CHECK, allProblems } from "./validation-check.js";
export { renderApprovalCheck, approvalDetails, APPROVAL_CHECK } from "./approval-check.js";
export { renderPlanComment, PLAN_COMMENT } from "./plan-comment.js";
export { utc, relative, utcWithRelative } from "./format-time.js";
