// The audit bench's scenario on a small seed: the audit reads every seeded request back, within its call budget.
import { describe, expect, it } from "vitest";
import { auditScenario } from "../../src/bench/audit-scenario.js";

describe("audit bench", () => {
  it("audits 12 seeded merged requests (two revert batches) in at most 3 GitHub calls per request", async () => {
    const lines: string[] = [];
    await auditScenario(12, (line) => lines.push(line));
    const [line] = lines;
    expect(line).toMatch(/^audit\.year requests=12 github_calls=\d+ calls_per_request=[\d.]+ goal=<=3\/request rows=12 ended=12 ms=\d+ seed_ms=\d+\n$/);
    expect(Number(/calls_per_request=([\d.]+)/.exec(line ?? "")?.[1])).toBeLessThanOrEqual(3);
  }, 300_000);
});
