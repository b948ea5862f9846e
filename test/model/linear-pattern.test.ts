// Policy patterns run in linear time: a catastrophic ticket pattern, globs and CODEOWNERS patterns read each input character a bounded number of times (counted through a proxy), not 2^n.
import { describe, expect, it } from "vitest";
import { compilePattern } from "../../src/codeowners/compile-pattern.js";
import { loadAccessConfig } from "../../src/model/access-config.js";
import { evaluateRequest } from "../../src/model/evaluate.js";
import { matchGlob } from "../../src/model/glob.js";
import { compileLinearPattern } from "../../src/model/linear-pattern.js";
import type { LinearPattern } from "../../src/model/linear-pattern.js";
import { formatProblem } from "../../src/model/problem.js";
import { parseRequest } from "../../src/model/request-file.js";
import { exampleFiles, NOW } from "./example-config.js";

const CATASTROPHIC = "^([A-Z]+-?)+[0-9]+$";

/** How many times the engine reads a character of `input`: the input is handed over as code points behind a counting proxy. */
function readsToMatch(pattern: LinearPattern, input: string): { matched: boolean; reads: number } {
  let reads = 0;
  const points = new Proxy([...input].map((c) => c.codePointAt(0) as number), {
    get(target, key, receiver) {
      if (typeof key === "string" && /^\d+$/.test(key)) reads += 1;
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  return { matched: pattern.test(points), reads };
}

function compiled(source: string): LinearPattern {
  const result = compileLinearPattern(source);
  if (!result.ok) throw new Error(result.message);
  return result.pattern;
}

describe("linear-time patterns", () => {
  it.each([30, 60, 240, 2_000])("a failing ticket of %i characters is read at most four times per character", (length) => {
    // A backtracking engine reads this input about 2^length times before failing.
    const { matched, reads } = readsToMatch(compiled(CATASTROPHIC), `${"A".repeat(length)}!`);
    expect(matched).toBe(false);
    expect(reads).toBeLessThanOrEqual(4 * (length + 1));
  });

  it.each([
    ["^(INC|CHG)-[0-9]+$", "INC-4711", true],
    ["^(INC|CHG)-[0-9]+$", "JIRA-12", false],
    ["^(INC|CHG)-[0-9]+$", "INC-4711\n", false],
    [CATASTROPHIC, "ABC-DEF-12", true],
    ["^\\d{3,5}$", "1234", true],
    ["[a-z]+", "--x--", true],
  ])("%s on %j is %s, as in JavaScript", (source, input, expected) => {
    expect(compiled(source).test(input)).toBe(expected);
    expect(new RegExp(source).test(input)).toBe(expected);
  });

  it.each([
    ["(a)\\1", "invalid escape sequence: `\\1`"],
    ["(?=INC)", "invalid or unsupported Perl syntax: `(?=`"],
    ["(?<!x)y", "invalid named capture: `(?<!x)y`"],
    ["[", "missing closing ]: `[`"],
  ])("refuses %s: %s", (source, message) => {
    const result = compileLinearPattern(source);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain(message);
  });

  it("a policy with the catastrophic pattern loads, and a 40-character ticket is judged with bounded work", () => {
    const files = exampleFiles();
    const policy = String(files.get("access-policies/gcp.yaml")).replaceAll('"^(INC|CHG)-[0-9]+$"', `"${CATASTROPHIC}"`);
    expect(policy).toContain(CATASTROPHIC);
    files.set("access-policies/gcp.yaml", policy);
    const { config, problems } = loadAccessConfig(files);
    expect(problems).toEqual([]);
    const ticket = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA!";
    const parsed = parseRequest("requests/gcp/prod/alice.yaml", `reason: "INC-1: payments export failing again"\nticket: "${ticket}"\ngrants:\n  - provider: gcp\n    scope: projects/payments-prod\n    role: roles/cloudsql.client\n`);
    if (!parsed.ok) throw new Error(parsed.problems.map(formatProblem).join("\n"));
    const result = evaluateRequest({ request: parsed.request, requester: { login: "alice", teams: ["acme/payments-eng"] }, config, now: NOW });
    expect(result.status === "refused" && result.problems.map(formatProblem)).toEqual([
      `requests/gcp/prod/alice.yaml:2:9: ticket "${ticket}" does not match ${CATASTROPHIC}, which rule "payments-prod-db" requires`,
    ]);
  });

  it("a glob with many ** and stars decides a long failing value (segment by segment, no backtracking blow-up)", () => {
    const deep = `${"a/".repeat(500)}c`;
    expect(matchGlob("**/**/**/**/**/b", deep)).toBe(false);
    const wide = `${"a".repeat(5_000)}c`;
    expect(matchGlob("projects/*a*a*a*a*a*b", `projects/${wide}`)).toBe(false);
    expect(matchGlob("projects/*a*a*a*a*a*c", `projects/${wide}`)).toBe(true);
  });

  it("a CODEOWNERS pattern with several ** and stars stays cheap on a deep path", () => {
    const matcher = compilePattern("/**/**/**/**/**/**/*a*a*a*a*a*b");
    const path = `${"d/".repeat(200)}${"a".repeat(3_000)}`;
    expect(matcher(path)).toBe(false);
    expect(matcher(`${"d/".repeat(20)}xaaaaab`)).toBe(true);
  });
});
