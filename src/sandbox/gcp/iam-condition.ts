/**
 * The slice of CEL the emulator understands: time bounds on `request.time`
 * joined by `&&`. Anything else is accepted on write (as IAM accepts any CEL)
 * but never honoured by `holds`, so a test cannot pass by accident.
 *
 * @example
 *   conditionHolds('request.time < timestamp("2026-11-24T10:00:00Z")', new Date("2026-11-24T09:00:00Z")); // true
 */
const TIME_CLAUSE = /^request\.time\s*(<=|>=|<|>)\s*timestamp\(\s*"([^"]+)"\s*\)$/;

export function conditionHolds(expression: string, at: Date): boolean {
  const clauses = splitConjunction(expression);
  if (clauses === undefined) return false;
  return clauses.every((clause) => clauseHolds(clause, at));
}

/** `&&`, `||` and `!` count as logical operators; IAM allows at most 12 per expression. */
export function countLogicalOperators(expression: string): number {
  const withoutStrings = expression.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const binary = withoutStrings.match(/&&|\|\|/g)?.length ?? 0;
  const negations = withoutStrings.match(/!(?!=)/g)?.length ?? 0;
  return binary + negations;
}

function splitConjunction(expression: string): string[] | undefined {
  const text = stripParens(expression.trim());
  if (text.includes("||")) return undefined;
  return text.split("&&").map((part) => stripParens(part.trim()));
}

function stripParens(text: string): string {
  let current = text;
  while (current.startsWith("(") && current.endsWith(")")) current = current.slice(1, -1).trim();
  return current;
}

function clauseHolds(clause: string, at: Date): boolean {
  const match = TIME_CLAUSE.exec(clause);
  if (!match) return false;
  const bound = Date.parse(match[2] ?? "");
  if (Number.isNaN(bound)) return false;
  const now = at.getTime();
  switch (match[1]) {
    case "<":
      return now < bound;
    case "<=":
      return now <= bound;
    case ">":
      return now > bound;
    default:
      return now >= bound;
  }
}
