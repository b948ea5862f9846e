// The Monday bench on a small crowd: seeded requests end together; one revert, and the app's content writes
// stay under GitHub's 80 a minute and 500 an hour in every clock minute and hour while it tells each pull
// request, with no 403 from the embedded GitHub, which enforces that limit.
import { describe, expect, it } from "vitest";
import { mondayScenario } from "../../src/bench/monday-scenario.js";

const LINE =
  /^monday\.window_end\.30 requests=30 content_writes=(\d+) writes_per_min_peak=(\d+)\[goal<80\] writes_per_hour_peak=(\d+)\[goal<500\] revert_prs=(\d+)\[goal=1\] github_403=(\d+)\[goal=0\] told_after_min=(\d+) github_calls=\d+ github_posts=\d+ gcp_calls=\d+ ms=\d+ seed_ms=\d+\n$/;

describe("Monday bench", () => {
  it("ends 30 seeded requests with one revert pull request, no 403, and at most 60 telling plus the protecting writes a minute", async () => {
    const lines: string[] = [];
    await mondayScenario(30, (line) => lines.push(line));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(LINE);
    const [, writes, minutePeak, hourPeak, reverts, refused, minutes] = (LINE.exec(lines[0] ?? "") ?? []).map(Number);
    expect([reverts, refused]).toEqual([1, 0]);
    // Telling writes per request (ended event, plan outcome, story) cannot all fit in the first minute.
    expect(writes).toBeGreaterThan(60);
    expect(minutePeak).toBeLessThan(80);
    expect(hourPeak).toBeLessThan(500);
    expect(minutes).toBeGreaterThanOrEqual(1);
  }, 600_000);
});
