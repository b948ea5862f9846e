/** Times for people: exact UTC, plus a relative phrase from the evaluation clock. */
import { formatDistanceStrict } from "date-fns";

/**
 * @example
 *   formatUtc(new Date("2026-11-24T10:00:00Z")); // "2026-11-24 10:00 UTC"
 */
export function formatUtc(at: Date): string {
  const iso = at.toISOString();
  const seconds = iso.slice(17, 19) === "00" ? "" : iso.slice(16, 19);
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}${seconds} UTC`;
}

/**
 * @example
 *   relativeTo(new Date("2026-11-24T10:00:00Z"), new Date("2026-11-24T08:00:00Z")); // "in 2 hours"
 */
export function relativeTo(at: Date, now: Date): string {
  return formatDistanceStrict(at, now, { addSuffix: true });
}
