import { createHash } from "node:crypto";

/**
 * A GUID that is the same every time for the same text (a name-based, version 5 style UUID),
 * so a retried or replayed grant names the same Azure object as the first attempt.
 *
 * @example deterministicGuid("requests/azure/alice.yaml#0|2026-11-24T10:00:00.000Z") // "9b1c…-…"
 */
export function deterministicGuid(text: string): string {
  const bytes = createHash("sha1").update(`access-pr:${text}`).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
