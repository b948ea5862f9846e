/** The `access-pr / validation` check: is this a well-formed access request (or policy change)? */
import { PULL_LEVEL } from "../evaluate/decide-pull.js";
import type { PullEvaluation } from "../evaluate/types.js";
import type { CheckAnnotation, CheckRunInput } from "../github/check-run.js";
import type { Problem } from "../model/problem.js";
import { compareProblems, formatProblem } from "../model/problem.js";
import { inertCode, inertText } from "./inert-text.js";

export const VALIDATION_CHECK = "access-pr / validation";

export function allProblems(evaluation: PullEvaluation): Problem[] {
  return [...evaluation.problems, ...evaluation.requests.flatMap((r) => r.problems)].sort(compareProblems);
}

function annotation(problem: Problem): CheckAnnotation {
  return {
    path: problem.file,
    startLine: problem.line,
    startColumn: problem.column,
    level: "failure",
    title: problem.rule ? `access-pr: rule ${problem.rule}` : "access-pr",
    message: problem.message,
  };
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

function problemList(problems: Problem[]): string {
  return problems.map((p) => `- ${inertText(formatProblem(p))}`).join("\n");
}

/**
 * @example
 *   await upsertCheckRun(gh, repo, renderValidationCheck(evaluation));
 *   // { name: "access-pr / validation", conclusion: "failure", title: "1 problem in the request", annotations: [{ path, startLine: 4, ... }] }
 */
export function renderValidationCheck(evaluation: PullEvaluation): CheckRunInput {
  const base = { name: VALIDATION_CHECK, headSha: evaluation.headSha, status: "completed" as const };
  const problems = allProblems(evaluation);
  const annotations = problems.filter((p) => !p.file.startsWith(PULL_LEVEL)).map(annotation);
  const details = problems.length > 0 ? `\n\n${problemList(problems)}` : "";
  switch (evaluation.kind) {
    case "not-default-branch":
      return {
        ...base,
        conclusion: "neutral",
        title: "Not an access request",
        summary: `This pull request targets ${inertCode(evaluation.baseRef, { inTable: false })}, not the default branch ${inertCode(evaluation.defaultBranch, { inTable: false })}. Only merges into the default branch grant access, so access-pr does not evaluate it.`,
      };
    case "empty":
      return {
        ...base,
        conclusion: "neutral",
        title: "No access changes",
        summary: "This pull request changes no request files, policies, identities or CODEOWNERS, so access-pr has nothing to check.",
      };
    case "policy-change":
      return {
        ...base,
        conclusion: problems.length > 0 ? "failure" : "success",
        title: problems.length > 0 ? `Policy change: ${plural(problems.length, "problem")}` : "Policy change: valid",
        summary:
          "This pull request changes policies, identities or CODEOWNERS. It grants nothing itself; once merged, the new configuration applies to requests opened or updated afterwards." +
          details,
        annotations,
      };
    case "mixed":
      return {
        ...base,
        conclusion: "failure",
        title: "Request mixed with other changes",
        summary:
          "This pull request changes request files together with other files. A request must change request files only, so that what is approved is exactly what is granted; merging it would grant nothing. Split it into separate pull requests." +
          details,
        annotations,
      };
    case "request": {
      if (problems.length > 0) {
        return {
          ...base,
          conclusion: "failure",
          title: `${plural(problems.length, "problem")} in the request`,
          summary: `Merging this pull request would grant nothing until ${problems.length === 1 ? "this is" : "these are"} fixed:${details}`,
          annotations,
        };
      }
      const grants = evaluation.requests.reduce((n, r) => n + r.planned.length, 0);
      const endings = evaluation.requests.filter((r) => r.status === "ends-early").map((r) => r.path);
      const parts = [
        ...(grants > 0 ? [`Merging it grants ${plural(grants, "role")} as shown in the plan comment, once approved.`] : []),
        ...(endings.length > 0 ? [`Merging it ends ${endings.map((path) => inertCode(path, { inTable: false })).join(", ")} early and revokes that access.`] : []),
      ];
      return {
        ...base,
        conclusion: "success",
        title: grants > 0 ? `Valid: ${plural(grants, "grant")} planned` : "Valid: ends access early",
        summary: `The request follows the policies on ${inertCode(evaluation.baseRef, { inTable: false })}. ${parts.join(" ")}`,
      };
    }
  }
}

/** Both checks when a PR is closed without merging: nothing is granted. */
export function renderClosedCheck(name: string, headSha: string): CheckRunInput {
  return {
    name,
    headSha,
    status: "completed",
    conclusion: "neutral",
    title: "Closed without merging",
    summary: "This pull request was closed without merging, so nothing is granted.",
  };
}
