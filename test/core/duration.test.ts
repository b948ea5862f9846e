import { describe, expect, it } from "vitest";
import { formatDuration, formatDurationShort, parseDuration } from "../../src/core/duration.js";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe("parseDuration", () => {
  it.each([
    ["90m", 90 * MIN],
    ["2h", 2 * HOUR],
    ["1d", DAY],
    ["1h30m", 90 * MIN],
    ["1d12h", 36 * HOUR],
    ["PT2H", 2 * HOUR],
    ["PT90M", 90 * MIN],
    ["P1D", DAY],
    ["P1DT12H", 36 * HOUR],
    ["P2W", 14 * DAY],
    ["PT1M", MIN],
    ["90d", 90 * DAY],
  ])("reads %s", (text, ms) => {
    expect(parseDuration(text)).toEqual({ ok: true, ms });
  });

  it.each([
    [2, "duration must be text, not a bare number; write it like 90m, 2h, 1d or PT2H"],
    ["", "duration is empty; write it like 90m, 2h, 1d or PT2H"],
    ["0m", 'duration "0m" is zero; write it like 90m, 2h, 1d or PT2H'],
    ["PT0S", 'duration "PT0S" is zero; write it like 90m, 2h, 1d or PT2H'],
    ["-1h", 'duration "-1h" is negative; write it like 90m, 2h, 1d or PT2H'],
    ["-PT2H", 'duration "-PT2H" is negative; write it like 90m, 2h, 1d or PT2H'],
    ["91d", 'duration "91d" is longer than the 90-day limit (90 days); ask for less and extend later'],
    ["P13W", 'duration "P13W" is longer than the 90-day limit (90 days); ask for less and extend later'],
    ["P1Y", 'duration "P1Y" uses months or years, whose length varies; use days instead (e.g. P30D or 30d)'],
    ["PT30S", 'duration "PT30S" is shorter than one minute'],
    ["2 hours", 'duration "2 hours" is not a duration; write it like 90m, 2h, 1d or PT2H'],
    ["2H", 'duration "2H" is not a duration; write it like 90m, 2h, 1d or PT2H'],
    ["1.5h", 'duration "1.5h" is not a duration; write it like 90m, 2h, 1d or PT2H'],
    ["PT", 'duration "PT" is not a duration; write it like 90m, 2h, 1d or PT2H'],
    ["P", 'duration "P" is not a duration; write it like 90m, 2h, 1d or PT2H'],
    ["m", 'duration "m" is not a duration; write it like 90m, 2h, 1d or PT2H'],
  ])("refuses %j", (text, message) => {
    expect(parseDuration(text)).toEqual({ ok: false, message });
  });
});

describe("formatDuration", () => {
  it.each([
    [90 * MIN, "1 hour 30 minutes", "1h30m"],
    [DAY + 2 * HOUR, "1 day 2 hours", "1d2h"],
    [4 * HOUR, "4 hours", "4h"],
    [0, "0 seconds", "0m"],
  ])("formats %i ms as %s and %s", (ms, words, short) => {
    expect(formatDuration(ms)).toBe(words);
    expect(formatDurationShort(ms)).toBe(short);
  });
});
