/** What the revert pull request says, and the hidden line that lets a later sweep recognise it. */
import { MAX_COMMENT_BODY } from "../render/fit-to-limit.js";
import { commentSafe, inertCode, inertPlain, inertText } from "../render/inert-text.js";
import type { RevertFile } from "./types.js";

/** One label per reason a revert removes a file, so a maintainer can tell an expiry from a /revoke or a bypass. */
export const REVERT_LABELS: Record<RevertFile["why"], string> = {
  expired: "access-pr:expired",
  revoked: "access-pr:revoked",
  unbacked: "access-pr:unapproved",
};

/** The branch prefix of every revert; with the app as author it identifies a revert even before it is labelled. */
export const REVERT_BRANCH_PREFIX = "access-pr/expire/";

/** The labels a revert of these files carries, e.g. ["access-pr:revoked"]. */
export function revertLabels(files: RevertFile[]): string[] {
  return [...new Set(files.map((f) => REVERT_LABELS[f.why]))].sort();
}

/**
 * A pull request the app opened to remove request files. Author first: any
 * person can pick a branch name or a label, only the app posts as itself.
 *
 * @example
 *   isAppRevert({ user: { login: "access-pr[bot]" }, labels: [{ name: "access-pr:revoked" }], head: { ref: "x" } }, "access-pr[bot]"); // true
 */
export function isAppRevert(pull: { user?: { login: string } | null; labels: { name?: string }[]; head: { ref: string } }, botLogin: string): boolean {
  if (!botLogin || pull.user?.login !== botLogin) return false;
  const labels = new Set(Object.values(REVERT_LABELS));
  return pull.labels.some((l) => l.name !== undefined && labels.has(l.name)) || pull.head.ref.startsWith(REVERT_BRANCH_PREFIX);
}
const PATHS_MARKER = "<!-- access-pr:revert ";

const WHY: Record<RevertFile["why"], string> = {
  expired: "expired access",
  unbacked: "ungranted request",
  revoked: "revoked access",
};

export function revertTitle(files: RevertFile[]): string {
  const [only] = files;
  if (files.length === 1 && only) return inertPlain(`Revert ${WHY[only.why]}: ${only.path}`);
  return `Revert ${files.length} ended access requests`;
}

export function revertBody(files: RevertFile[]): string {
  const lines = files.map((f) => `- ${inertCode(f.path, { inTable: false })}${f.pr ? ` from #${f.pr}` : ""}: ${inertText(f.detail)}`);
  const granted = files.some((f) => f.why !== "unbacked");
  const closing = [
    "",
    granted
      ? "Their access was revoked in the cloud before this pull request was opened; merging it brings the default branch back in step with what is granted."
      : "Nothing was granted for them; merging this pull request brings the default branch back in step with what is granted.",
    `${PATHS_MARKER}${commentSafe(JSON.stringify({ paths: files.map((f) => f.path) }))} -->`,
  ];
  // GitHub takes at most 65,536 characters in a body: list what fits, and point to the rest.
  const room = MAX_COMMENT_BODY - closing.join("\n").length - 400;
  const shown: string[] = [];
  let used = 0;
  for (const line of lines) {
    if (used + line.length + 1 > room) break;
    shown.push(line);
    used += line.length + 1;
  }
  if (shown.length < lines.length) shown.push(`- … and ${lines.length - shown.length} more request files: the Files changed tab lists every one.`);
  return ["access-pr removes these request files from the default branch:", "", ...shown, ...closing].join("\n");
}

/** The request paths an earlier revert pull request removes, read back from its body. */
export function revertPaths(body: string | null | undefined): string[] {
  const at = body?.lastIndexOf(PATHS_MARKER) ?? -1;
  if (!body || at < 0) return [];
  const json = body.slice(at + PATHS_MARKER.length, body.indexOf(" -->", at));
  try {
    const parsed = JSON.parse(json) as { paths?: unknown };
    return Array.isArray(parsed.paths) ? parsed.paths.filter((p): p is string => typeof p === "string") : [];
  } catch {
    return [];
  }
}

export function mergeRefusedText(status: number, message: string): string {
  return [
    `access-pr could not merge this pull request: GitHub answered ${status} "${message}".`,
    "",
    "The access is already revoked in the cloud. A maintainer should merge this pull request so the default branch lists only current access.",
    "To let access-pr merge its reverts itself, add the app as a bypass actor of the branch protection or ruleset of the default branch.",
  ].join("\n");
}
