// The CODEOWNERS bench line compares like with like: a 200-rule file on which our matcher and the `codeowners`
// package give the same owners for every path. Speed is printed by `npm run bench`, not asserted here.
import { describe, expect, it } from "vitest";
import { codeownersWorkload, measureCodeowners } from "../../src/bench/codeowners-scenario.js";
import { parseCodeowners } from "../../src/codeowners/parse-codeowners.js";

describe("the CODEOWNERS bench workload", () => {
  it("has 200 valid rules, and both matchers agree on every path", () => {
    const workload = codeownersWorkload();
    const parsed = parseCodeowners(workload.text);
    expect(parsed.problems).toEqual([]);
    expect(parsed.rules).toHaveLength(200);
    const r = measureCodeowners(20, workload);
    process.stdout.write(`ours_per_s=${r.oursPerSecond} package_per_s=${r.packagePerSecond} package_cold_per_s=${r.packageColdPerSecond}\n`);
    expect(r.disagreements).toEqual([]);
    expect(r.agree).toBe(2000);
  });
});
