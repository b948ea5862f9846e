/** How `access-pr validate` prints its report: text for people, json for scripts, github for workflow annotations. */
import type { Evaluation, PlannedGrant, Problem } from "../model/index.js";
import { compareProblems, formatProblem } from "../model/index.js";
import { describeApprovers, describeGrant } from "../model/describe.js";

export interface FileResult {
  path: string;
  problems: Problem[];
  evaluation?: Evaluation;
}

export interface Report {
  configProblems: Problem[];
  results: FileResult[];
  notes: string[];
  valid: boolean;
  requester: string | null;
}

function summary(report: Report): string {
  const invalid = report.results.filter((result) => result.problems.length > 0).length;
  const files = report.results.length;
  const policies = report.configProblems.length > 0 ? `; the policies have ${report.configProblems.length} problem${report.configProblems.length === 1 ? "" : "s"}` : "";
  return `${files} request file${files === 1 ? "" : "s"} checked: ${files - invalid} valid, ${invalid} invalid${policies}`;
}

function grantsOf(result: FileResult): PlannedGrant[] {
  return result.evaluation?.status === "allowed" ? result.evaluation.grants : [];
}

function renderText(report: Report): string {
  const lines = report.configProblems.map((problem) => `${formatProblem(problem)}`);
  for (const result of report.results) {
    if (result.problems.length > 0) {
      lines.push(...result.problems.map(formatProblem));
      continue;
    }
    lines.push(`${result.path}: valid`);
    lines.push(...grantsOf(result).map((grant) => `  grant ${grant.index + 1}: ${describeGrant(grant)}`));
    if (result.evaluation?.status === "allowed") lines.push(...result.evaluation.approvals.map((approval) => `  needs ${describeApprovers(approval)}`));
  }
  lines.push(...report.notes.map((note) => `note: ${note}`), summary(report));
  return lines.join("\n");
}

function renderJson(report: Report): string {
  const files = report.results.map((result) => ({
    path: result.path,
    valid: result.problems.length === 0,
    problems: result.problems,
    grants: grantsOf(result).map((grant) => ({ ...grant, window: { start: grant.window.start.toISOString(), end: grant.window.end.toISOString() } })),
    approvals: result.evaluation?.status === "allowed" ? result.evaluation.approvals : [],
  }));
  const problems = [...report.configProblems, ...report.results.flatMap((result) => result.problems)].sort(compareProblems);
  return JSON.stringify({ valid: report.valid, requester: report.requester, requesterChecked: report.requester !== null, notes: report.notes, summary: summary(report), problems, files }, null, 2);
}

/** Workflow commands: data escapes %, CR, LF; properties also escape ":" and ",". */
function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

function renderGithub(report: Report): string {
  const problems = [...report.configProblems, ...report.results.flatMap((result) => result.problems)];
  const lines = problems.map((p) => `::error file=${escapeProperty(p.file)},line=${p.line},col=${p.column},title=access-pr::${escapeData(p.message)}`);
  lines.push(...report.notes.map((note) => `::notice title=access-pr::${escapeData(note)}`), summary(report));
  return lines.join("\n");
}

/** The output formats, by the one name each has across commands. */
export const renderers = { text: renderText, json: renderJson, github: renderGithub } as const;
export type ValidateFormat = keyof typeof renderers;
