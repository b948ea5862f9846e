import { ownerKind, ownerName } from "../codeowners/owner-kind.js";
import type { TeamDirectory } from "./types.js";

/** Team directory with lower-cased keys and members, for case-insensitive lookups. */
export type Memberships = Map<string, Set<string>>;

export function membershipsOf(teams: TeamDirectory): Memberships {
  return new Map(Object.entries(teams).map(([team, members]) => [team.toLowerCase(), new Set(members.map((m) => m.toLowerCase()))]));
}

/**
 * Whether `login` speaks for a CODEOWNERS owner: the user themselves, or an
 * active member of the team. An email owner never matches: the app cannot map
 * an address to a GitHub account the way GitHub does for commit authors.
 */
export function speaksFor(owner: string, login: string, memberships: Memberships): boolean {
  const kind = ownerKind(owner);
  const name = ownerName(owner).toLowerCase();
  if (kind === "user") return name === login;
  if (kind === "team") return memberships.get(name)?.has(login) ?? false;
  return false;
}

/** Whether `login` is one of a rule's approvers, directly or by active team membership. */
export function approvesFor(users: string[], teams: string[], login: string, memberships: Memberships): boolean {
  return users.some((u) => u.toLowerCase() === login) || teams.some((t) => memberships.get(t.toLowerCase())?.has(login) ?? false);
}

/** "a", "a and b", "a, b and c". */
export function listForPeople(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
