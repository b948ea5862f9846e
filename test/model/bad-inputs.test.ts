import { describe, expect, it } from "vitest";
import { loadAccessConfig } from "../../src/model/access-config.js";
import { evaluateRequest } from "../../src/model/evaluate.js";
import { formatProblem } from "../../src/model/problem.js";
import type { Problem } from "../../src/model/problem.js";
import { parseRequest } from "../../src/model/request-file.js";
import { badInputs } from "./bad-inputs.cases.js";
import type { BadInput } from "./bad-inputs.cases.js";
import { exampleConfig, exampleFiles, NOW } from "./example-config.js";

function problemsOf(input: BadInput): Problem[] {
  if (input.path.startsWith("access-policies/")) {
    const files = exampleFiles();
    files.set(input.path, input.content);
    return loadAccessConfig(files).problems;
  }
  const parsed = parseRequest(input.path, input.content);
  if (!parsed.ok) return parsed.problems;
  const requester = input.requester === undefined ? { login: "alice", teams: ["acme/payments-eng"] } : input.requester;
  const result = evaluateRequest({ request: parsed.request, requester, config: exampleConfig(), now: NOW });
  return result.status === "refused" ? result.problems : [];
}

describe("bad inputs are refused with the exact place and words", () => {
  it("covers at least 40 cases", () => {
    expect(badInputs.length).toBeGreaterThanOrEqual(40);
  });

  it.each(badInputs.map((input) => [input.name, input] as const))("%s", (_name, input) => {
    expect(problemsOf(input).map(formatProblem)).toEqual(input.expected);
  });
});
