import { ownerKind } from "../codeowners/owner-kind.js";
import { ownersOf } from "../codeowners/owners-of.js";
import type { ParsedCodeowners } from "../codeowners/types.js";
import type { ChangedFile } from "../core/pull.js";
import type { Memberships } from "./people.js";
import { approvesFor, listForPeople, speaksFor } from "./people.js";
import type { MissingApproval, Quorum } from "./types.js";

/** Every path a change touches: for renames and copies the previous path too. */
export function touchedPaths(files: ChangedFile[]): string[] {
  const paths = new Set<string>();
  for (const file of files) {
    paths.add(file.path);
    if (file.previousPath !== undefined) paths.add(file.previousPath);
  }
  return [...paths];
}

export interface OwnedPath {
  path: string;
  owners: string[];
  line: number;
}

/** Paths with code owners; unowned paths need no code owner. */
export function ownedPaths(codeowners: ParsedCodeowners | null, paths: string[]): OwnedPath[] {
  if (codeowners === null) return [];
  return paths.flatMap((path) => {
    const { owners, line } = ownersOf(codeowners, path);
    return owners.length > 0 && line !== null ? [{ path, owners, line }] : [];
  });
}

/** What a path still needs when none of `approvers` speaks for its owners; undefined when satisfied. */
export function missingOwner(owned: OwnedPath, approvers: string[], excluded: Map<string, string>, memberships: Memberships): MissingApproval | undefined {
  if (approvers.some((login) => owned.owners.some((owner) => speaksFor(owner, login, memberships)))) return undefined;
  const emails = owned.owners.filter((o) => ownerKind(o) === "email");
  const candidates = owned.owners.filter((o) => ownerKind(o) === "team" || (ownerKind(o) === "user" && !excluded.has(o.slice(1).toLowerCase())));
  const where = `CODEOWNERS line ${owned.line}`;
  const emailNote =
    emails.length > 0 ? `; ${listForPeople(emails)} ${emails.length === 1 ? "is an email owner" : "are email owners"}, which access-pr cannot match to a GitHub account` : "";
  const need =
    candidates.length > 0
      ? `an approval from ${candidates.length === 1 ? "" : "one of "}${listForPeople(candidates)} (${where})${emailNote}`
      : `an approval from a code owner, but no owner on ${where} can approve this pull request (${listForPeople(owned.owners)})${emailNote}; name a @user or @org/team who did not author or push to it`;
  return { path: owned.path, need, candidates };
}

/** What a rule still needs when fewer than `min` distinct approvers approved; undefined when met. */
export function missingQuorum(quorum: Quorum, approvers: string[], excluded: Map<string, string>, memberships: Memberships): MissingApproval | undefined {
  const have = approvers.filter((login) => approvesFor(quorum.users, quorum.teams, login, memberships)).length;
  if (have >= quorum.min) return undefined;
  const candidates = [...quorum.users.filter((u) => !excluded.has(u.toLowerCase())).map((u) => `@${u}`), ...quorum.teams.map((t) => `@${t}`)];
  const more = quorum.min - have;
  const from = candidates.length > 0 ? `from ${listForPeople(candidates)}` : "but the rule names no approver who can approve this pull request";
  return {
    rule: quorum.rule,
    need: `${more} more ${more === 1 ? "approval" : "approvals"} ${from} (rule '${quorum.rule}' needs ${quorum.min} distinct ${quorum.min === 1 ? "person" : "people"}, has ${have})`,
    candidates,
  };
}
