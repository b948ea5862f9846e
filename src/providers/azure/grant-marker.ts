/**
 * How access-pr marks what it makes in Azure, so it can find its own work
 * again and never mistake someone else's assignment for its own.
 *
 * @example
 *   describeAssignment(spec) // "access-pr:req/alice.yaml#0 acme/access requests/azure/alice.yaml PR #12"
 *   readMarker("access-pr:req/alice.yaml#0 acme/access …") // "req/alice.yaml#0"
 *   markerRepo("access-pr:req/alice.yaml#0 acme/access …") // { repo: "acme/access" }
 */
import type { GrantOrigin, GrantSpec } from "../../core/grant.js";

export const MARKER = "access-pr:";
export const MAX_KEY = 200;
/** ARM limits a role assignment description to 2,048 characters. */
const MAX_DESCRIPTION = 2048;
/** PIM keeps justifications short; 500 is what the portal allows. */
const MAX_JUSTIFICATION = 500;

export function describeAssignment(spec: Pick<GrantSpec, "key" | "origin">): string {
  return clip(`${MARKER}${spec.key} ${originText(spec.origin)}`, MAX_DESCRIPTION);
}

export function justification(spec: Pick<GrantSpec, "key" | "origin">): string {
  const approvers = spec.origin.approvers.length > 0 ? `approved by ${spec.origin.approvers.join(", ")}` : "no approvers recorded";
  return clip(`${MARKER}${spec.key} ${originText(spec.origin)}; ${approvers}; reason: ${spec.origin.reason}`, MAX_JUSTIFICATION);
}

/** The grant key in a description or justification made by access-pr, else undefined. */
export function readMarker(text: string | null | undefined): string | undefined {
  if (!text?.startsWith(MARKER)) return undefined;
  return text.slice(MARKER.length).split(/\s/, 1)[0] || undefined;
}

/**
 * The access repo a marker names right after the key, as a HeldGrant field to
 * spread; empty when it names none (a deactivation request, a hand-edited text).
 */
export function markerRepo(text: string | null | undefined): { repo: string } | Record<string, never> {
  if (readMarker(text) === undefined) return {};
  const repo = text?.split(/\s/, 2)[1] ?? "";
  return REPO.test(repo) ? { repo } : {};
}

/** GitHub's owner/name: letters, digits, "-", "_" and "." on each side of one slash. */
const REPO = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

function originText(origin: GrantOrigin): string {
  const pr = origin.pr === undefined ? "" : ` PR #${origin.pr}`;
  return `${origin.repo} ${origin.requestPath}${pr} requested by ${origin.requester}`;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
