/** The words of the lifecycle's story lines. Times in UTC, with a relative hint where it helps. */
import type { GrantSpec } from "../core/grant.js";
import { utc, utcWithRelative } from "../render/format-time.js";
import { inertCode, inertText } from "../render/inert-text.js";

export function describeGrant(spec: Pick<GrantSpec, "provider" | "role" | "scope" | "principal">): string {
  return `${spec.provider} ${inertCode(spec.role, { inTable: false })} on ${inertCode(spec.scope, { inTable: false })} for ${inertCode(spec.principal, { inTable: false })}`;
}

export function grantedText(specs: GrantSpec[], now: Date): string {
  const [first] = specs;
  if (!first) return "Nothing to grant.";
  const start = first.window.start.getTime() > now.getTime() ? ` from ${utcWithRelative(first.window.start, now)}` : "";
  return `✅ Granted${start} until ${utcWithRelative(first.window.end, now)}: ${specs.map(describeGrant).join("; ")}.`;
}

export function grantFailedText(failed: GrantSpec, index: number, message: string): string {
  return `❌ Nothing was granted: grant ${index + 1} (${describeGrant(failed)}) failed: ${inertText(message.replace(/\.$/, ""))}. Grants already applied for this request were revoked (all or nothing); access-pr tries again at the next reconcile.`;
}

export function endedText(end: Date, revert: string): string {
  return `⏹️ Access ended at ${utc(end)}: the window is over and the grants are revoked. ${revert}`;
}

export function unbackedText(reason: string, revert: string): string {
  return `⛔ Nothing was granted: ${inertText(reason)}. ${revert}`;
}

export function revokedText(by: string, at: Date, revert: string): string {
  return `⏹️ Access ended early at ${utc(at)}: ${by}. The grants are revoked. ${revert}`;
}

export function revertText(result: { number: number; merged: boolean; refused?: string } | undefined): string {
  if (!result) return "The request file is no longer on the default branch.";
  if (result.merged) return `The request file is removed by #${result.number} (merged).`;
  if (result.refused === undefined) return `The request file is removed by #${result.number}, which access-pr merges at its next sweep.`;
  return `The request file is removed by #${result.number}, which access-pr could not merge (${result.refused}); a maintainer should merge it.`;
}
