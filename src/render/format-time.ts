/** Times for people: UTC always, with a relative hint. Formatting happens only here, at the edge. */
import { formatDistanceStrict } from "date-fns";

/**
 * @example
 *   utc(new Date("2026-11-24T10:00:00Z")); // "2026-11-24 10:00 UTC"
 */
export function utc(date: Date): string {
  const iso = date.toISOString();
  const seconds = iso.slice(17, 19) === "00" ? "" : iso.slice(16, 19);
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}${seconds} UTC`;
}

/**
 * @example
 *   relative(new Date("2026-11-24T10:00:00Z"), new Date("2026-11-24T08:00:00Z")); // "in 2 hours"
 */
export function relative(date: Date, from: Date): string {
  if (date.getTime() === from.getTime()) return "now";
  return formatDistanceStrict(date, from, { addSuffix: true });
}

/** "2026-11-24 10:00 UTC (in 2 hours)". */
export function utcWithRelative(date: Date, from: Date): string {
  return `${utc(date)} (${relative(date, from)})`;
}
