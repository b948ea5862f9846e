/**
 * Access durations: ISO 8601 (`PT2H`, `P1DT12H`) or shorthand (`90m`, `2h`,
 * `1d`, `1h30m`). A day is 24 hours: windows are computed in UTC, where DST
 * does not exist.
 */
import { formatDuration as formatDurationWords } from "date-fns";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** No request and no rule may ask for longer than this. */
export const MAX_DURATION_MS = 90 * DAY;
/** Shorter than this is a typo, not an access window. */
export const MIN_DURATION_MS = MINUTE;

export type DurationResult = { ok: true; ms: number } | { ok: false; message: string };

const EXAMPLES = "write it like 90m, 2h, 1d or PT2H";
const SHORTHAND = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$/;
const ISO = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/**
 * Parses a duration written by a person.
 *
 * @example
 *   parseDuration("2h");     // { ok: true, ms: 7_200_000 }
 *   parseDuration("PT90M");  // { ok: true, ms: 5_400_000 }
 *   parseDuration("0h");     // { ok: false, message: "duration \"0h\" is zero; ..." }
 */
export function parseDuration(input: unknown): DurationResult {
  if (typeof input !== "string") {
    return { ok: false, message: `duration must be text, not ${typeof input === "number" ? "a bare number" : typeof input}; ${EXAMPLES}` };
  }
  const text = input.trim();
  const quoted = JSON.stringify(input);
  if (text === "") return { ok: false, message: `duration is empty; ${EXAMPLES}` };
  if (text.startsWith("-")) return { ok: false, message: `duration ${quoted} is negative; ${EXAMPLES}` };
  const ms = shorthandMs(text) ?? isoMs(text);
  if (ms === undefined) {
    if (/^P[^T]*\d[YM]/.test(text)) {
      return { ok: false, message: `duration ${quoted} uses months or years, whose length varies; use days instead (e.g. P30D or 30d)` };
    }
    return { ok: false, message: `duration ${quoted} is not a duration; ${EXAMPLES}` };
  }
  if (ms === 0) return { ok: false, message: `duration ${quoted} is zero; ${EXAMPLES}` };
  if (ms < MIN_DURATION_MS) return { ok: false, message: `duration ${quoted} is shorter than one minute` };
  if (ms > MAX_DURATION_MS) {
    return { ok: false, message: `duration ${quoted} is longer than the 90-day limit (${formatDuration(MAX_DURATION_MS)}); ask for less and extend later` };
  }
  return { ok: true, ms };
}

function shorthandMs(text: string): number | undefined {
  const match = SHORTHAND.exec(text);
  if (!match || text === "") return undefined;
  const [, d, h, m] = match;
  return Number(d ?? 0) * DAY + Number(h ?? 0) * HOUR + Number(m ?? 0) * MINUTE;
}

function isoMs(text: string): number | undefined {
  const match = ISO.exec(text);
  // "P" and "PT" alone match the pattern but say nothing.
  if (!match || text === "P" || text.endsWith("T")) return undefined;
  const [, w, d, h, m, s] = match;
  return Number(w ?? 0) * 7 * DAY + Number(d ?? 0) * DAY + Number(h ?? 0) * HOUR + Number(m ?? 0) * MINUTE + Number(s ?? 0) * 1000;
}

/**
 * Formats a duration for people, largest units first, in UTC days.
 *
 * @example
 *   formatDuration(5_400_000);   // "1 hour 30 minutes"
 *   formatDuration(86_400_000);  // "1 day"
 */
export function formatDuration(ms: number): string {
  const days = Math.floor(ms / DAY);
  const hours = Math.floor((ms % DAY) / HOUR);
  const minutes = Math.floor((ms % HOUR) / MINUTE);
  const seconds = Math.floor((ms % MINUTE) / 1000);
  const words = formatDurationWords({ days, hours, minutes, seconds });
  return words === "" ? "0 seconds" : words;
}

/**
 * The compact form a person would type back: "1d2h30m".
 *
 * @example
 *   formatDurationShort(5_400_000); // "1h30m"
 */
export function formatDurationShort(ms: number): string {
  const days = Math.floor(ms / DAY);
  const hours = Math.floor((ms % DAY) / HOUR);
  const minutes = Math.floor((ms % HOUR) / MINUTE);
  const parts = [days ? `${days}d` : "", hours ? `${hours}h` : "", minutes ? `${minutes}m` : ""].join("");
  return parts === "" ? "0m" : parts;
}
