import { ownerKind, ownerName } from "../codeowners/owner-kind.js";
import type { ParsedCodeowners } from "../codeowners/types.js";
import type { PullView } from "../core/pull.js";
import { ownedPaths, touchedPaths } from "./requirements.js";
import type { Quorum } from "./types.js";

/**
 * The teams ("org/team") whose ACTIVE members the adapter must look up before
 * {@link evaluateApproval}: team owners of the touched paths and the rules'
 * approver teams, each once (case-insensitively), in first-seen order.
 *
 * Example: `teamsToResolve(pull, parseCodeowners("* @acme/sre"), [])` is `["acme/sre"]`.
 */
export function teamsToResolve(pull: Pick<PullView, "changedFiles">, codeowners: ParsedCodeowners | null, quorums: Quorum[]): string[] {
  const teams = new Map<string, string>();
  const add = (team: string): void => {
    if (!teams.has(team.toLowerCase())) teams.set(team.toLowerCase(), team);
  };
  for (const { owners } of ownedPaths(codeowners, touchedPaths(pull.changedFiles))) {
    for (const owner of owners) if (ownerKind(owner) === "team") add(ownerName(owner));
  }
  for (const quorum of quorums) quorum.teams.forEach(add);
  return [...teams.values()];
}
