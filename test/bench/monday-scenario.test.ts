// The Monday bench on a small crowd: seeded requests end together; one revert, and the app's content writes
// stay under GitHub's 80 a minute in every minute of the clock while it tells each pull request.
import { describe, expect, it } from "vitest";
import { mondayScenario } from "../../src/bench/monday-scenario.js";

const LINE = /^monday\.window_end\.30 requests=30 github_calls=\d+ github_posts=\d+ content_writes=(\d+) writes_per_min_peak=(\d+) writes_per_hour_peak=\d+ told_after_min=(\d+) gcp_calls=\d+ revert_prs=(\d+) ms=\d+ seed_ms=\d+ goal=writes_per_min<80,revert_prs=1\n$/;

describe("Monday bench", () => {
  it("ends 30 seeded requests with one revert pull request and at most 60 telling plus the protecting writes a minute", async () => {
    const lines: string[] = [];
    await mondayScenario(30, (line) => lines.push(line));
    expect(lines).toHaveLength(1);
    const [, writes, peak, minutes, reverts] = LINE.exec(lines[0] ?? "") ?? [];
    expect(lines[0]).toMatch(LINE);
    expect(Number(reverts)).toBe(1);
    // Three telling writes per request (ended event, plan outcome, story) cannot all fit in the first minute.
    expect(Number(writes)).toBeGreaterThan(90);
    expect(Number(peak)).toBeLessThan(80);
    expect(Number(minutes)).toBeGreaterThanOrEqual(1);
  }, 600_000);
});
