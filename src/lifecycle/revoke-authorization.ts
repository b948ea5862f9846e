import { inertCode } from "../render/inert-text.js";

/**
 * Who may end a request early with `/revoke`: its requester, someone whose
 * approval counted, or a code owner of the request file (a user named in
 * CODEOWNERS or an ACTIVE member of a team named there).
 */
export interface RevokeAuthorizationInput {
  commenter: string;
  requester: string;
  /** Logins whose approval counted at the merge. */
  approvers: string[];
  /** CODEOWNERS owners of the request files: "@user", "@org/team" or emails (which never match a login). */
  owners: string[];
  /** Active members of each owning team, keyed "org/team". */
  teams: Record<string, string[]>;
}

export type RevokeAuthorization = { allowed: true; as: string } | { allowed: false };

/**
 * @example
 *   mayRevoke({ commenter: "bob", requester: "alice", approvers: ["bob"], owners: ["@acme/sre"], teams: {} });
 *   // { allowed: true, as: "an approver of this request" }
 */
export function mayRevoke(input: RevokeAuthorizationInput): RevokeAuthorization {
  const who = input.commenter.toLowerCase();
  const same = (login: string) => login.toLowerCase() === who;
  if (same(input.requester)) return { allowed: true, as: "the requester" };
  if (input.approvers.some(same)) return { allowed: true, as: "an approver of this request" };
  for (const owner of input.owners) {
    const name = owner.replace(/^@/, "");
    if (!owner.startsWith("@")) continue;
    if (!name.includes("/") && same(name)) return { allowed: true, as: "a code owner of the request file" };
    const members = Object.entries(input.teams).find(([team]) => team.toLowerCase() === name.toLowerCase())?.[1] ?? [];
    if (name.includes("/") && members.some(same)) return { allowed: true, as: "a code owner of the request file" };
  }
  return { allowed: false };
}

export function revokeRefusedText(commenter: string, requester: string, approvers: string[]): string {
  const approvedBy = approvers.length > 0 ? `, an approver whose approval counted (${approvers.map((a) => `@${a}`).join(", ")})` : "";
  return `@${commenter}, only the requester (@${requester})${approvedBy} or a code owner of the request file can end this access with \`/revoke\`. Nothing was changed.`;
}

/** The reply when some request files of the pull request were ended and others were not the commenter's to end. */
export function revokeRefusedForFilesText(commenter: string, ended: string[], refused: { path: string; status: string; decision?: { approvers: string[] } }[]): string {
  const list = (paths: string[]) => paths.map((p) => inertCode(p, { inTable: false })).join(", ");
  const approvers = [...new Set(refused.flatMap((r) => r.decision?.approvers ?? []))].sort();
  const approvedBy = approvers.length > 0 ? ` (approved by ${approvers.map((a) => `@${a}`).join(", ")})` : "";
  return `@${commenter}, ended ${list(ended)}. ${list(refused.map((r) => r.path))}${approvedBy} stays: only its requester, an approver whose approval counted for its current version, or a code owner of the file can end it with \`/revoke\`.`;
}
