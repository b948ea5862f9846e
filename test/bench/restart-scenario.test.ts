// The cold-restart bench line on a small seed: the restart reads the seeded ledger and stays within its goal.
import { describe, expect, it } from "vitest";
import { coldRestartScenario } from "../../src/bench/restart-scenario.js";

describe("cold restart bench", () => {
  it("prints the seeding time and a restart.cold line within 3 GitHub calls a request", async () => {
    const lines: string[] = [];
    await coldRestartScenario(12, (line) => lines.push(line));
    const [seed, cold] = lines;
    expect(seed).toMatch(/^restart\.seed\.12 requests=12 seed_ms=\d+\n$/);
    expect(cold).toMatch(/^restart\.cold\.12 requests=12 github_calls=\d+ .* goal=<=3\/request\n$/);
    const calls = Number(/github_calls=(\d+)/.exec(cold ?? "")?.[1]);
    // The fixed reads and one for the ledger; without it, three a request on top.
    expect(calls).toBeLessThanOrEqual(12);
  }, 300_000);
});
