/**
 * A problem with user input, pinned to where a person can fix it. Every
 * check in the model returns these as values; nothing about bad input throws.
 */
export interface Problem {
  /** Repo-relative path, e.g. "requests/gcp/prod/alice.yaml". */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  message: string;
  /** The policy rule the problem is about, when there is one. */
  rule?: string;
  /** Index of the grant within its request, when the problem is about one grant. */
  grant?: number;
}

/**
 * The one-line form editors and terminals link to.
 *
 * @example
 *   formatProblem({ file: "requests/a.yaml", line: 4, column: 11, message: "duration \"0h\" is zero" });
 *   // "requests/a.yaml:4:11: duration \"0h\" is zero"
 */
export function formatProblem(problem: Problem): string {
  return `${problem.file}:${problem.line}:${problem.column}: ${problem.message}`;
}

/** Stable order for output: by file, then position. */
export function compareProblems(a: Problem, b: Problem): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column;
}

/** Problems in file order, each line:column:message once. */
export function uniqueProblems(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.sort(compareProblems).filter((problem) => {
    const key = `${problem.line}:${problem.column}:${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
