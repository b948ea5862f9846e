import { badRequest } from "./arm-error.js";

/** The `$filter` clauses the Authorization endpoints accept, ANDed together. */
export interface ArmFilter {
  atScope: boolean;
  principalId?: string;
  roleName?: string;
}

const CLAUSES: Array<[RegExp, (f: ArmFilter, value: string) => void]> = [
  [/^atScope\(\)$/i, (f) => (f.atScope = true)],
  [/^principalId eq '([^']*)'$/i, (f, v) => (f.principalId = v)],
  [/^assignedTo\('([^']*)'\)$/i, (f, v) => (f.principalId = v)],
  [/^roleName eq '((?:[^']|'')*)'$/i, (f, v) => (f.roleName = v.replaceAll("''", "'"))],
];

export function parseFilter(text: string | null): ArmFilter {
  const filter: ArmFilter = { atScope: false };
  if (!text) return filter;
  for (const clause of text.split(/\s+and\s+/i)) {
    const trimmed = clause.trim();
    const match = CLAUSES.map(([re, apply]) => [re.exec(trimmed), apply] as const).find(([m]) => m);
    if (!match) throw badRequest("InvalidFilter", `The filter '${text}' is not supported: use atScope(), principalId eq '<id>', assignedTo('<id>') or roleName eq '<name>'.`);
    const [m, apply] = match;
    apply(filter, m?.[1] ?? "");
  }
  return filter;
}
