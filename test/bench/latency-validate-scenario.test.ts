// The latency and validation bench lines on a tiny run: their shape, their goals, and figures that are measured.
import { describe, expect, it } from "vitest";
import { latencyScenario, percentile } from "../../src/bench/latency-scenario.js";
import { validateScenario } from "../../src/bench/validate-scenario.js";

describe("webhook-to-check latency bench", () => {
  it("times the validation check after opened and synchronize for each pull request", async () => {
    const lines: string[] = [];
    await latencyScenario(2, (line) => lines.push(line));
    expect(lines).toHaveLength(1);
    const line = lines[0] ?? "";
    expect(line).toMatch(/^latency\.webhook_to_check prs=2 opened_p50_ms=\d+ opened_p99_ms=\d+ synchronize_p50_ms=\d+ synchronize_p99_ms=\d+ calls_before_check_p50=\d+ calls_before_check_max=\d+ goal=p99<=1000ms\n$/);
    // The app reads before it writes the check: at least the pull request's files and the policies.
    expect(Number(/calls_before_check_p50=(\d+)/.exec(line)?.[1])).toBeGreaterThan(0);
  }, 600_000);

  it("takes percentiles by nearest rank", () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(sorted, 0.5), percentile(sorted, 0.99), percentile([7], 0.99), percentile([], 0.5)]).toEqual([50, 99, 7, 0]);
  });
});

describe("validations per second bench", () => {
  it("validates the example request files against the example policies and says where the time goes", () => {
    const lines: string[] = [];
    validateScenario((line) => lines.push(line), 20);
    expect(lines).toHaveLength(1);
    const line = lines[0] ?? "";
    expect(line).toMatch(/^validate\.per_second files=3 runs=60 per_s=\d+ read_share=\d+% goal=>=1000\/s ms=\d+\n$/);
    expect(Number(/per_s=(\d+)/.exec(line)?.[1])).toBeGreaterThan(0);
  });
});
