/** A problem in a CODEOWNERS file, positioned for a person (1-based line and column). */
export interface CodeownersProblem {
  line: number;
  column: number;
  message: string;
}

/** One valid CODEOWNERS line: a pattern and the owners as written (`@user`, `@org/team`, or an email). */
export interface CodeownersRule {
  pattern: string;
  /** Empty when the line deliberately leaves matching paths unowned. */
  owners: string[];
  /** 1-based line number in the file. */
  line: number;
}

export interface ParsedCodeowners {
  /** Valid rules in file order; the last matching one wins. */
  rules: CodeownersRule[];
  /** Lines GitHub skips, one problem each (a line may report several). */
  problems: CodeownersProblem[];
}

/** Who owns a path: the owners of the last matching line, or none when no line matched. */
export interface PathOwners {
  owners: string[];
  /** The matching line, or null when no line matched. */
  line: number | null;
}

export type OwnerKind = "user" | "team" | "email";
