/** UTC ISO 8601 to the second, as audit evidence is asked for: "2026-11-24T08:00:00Z". */
export function isoSeconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}
