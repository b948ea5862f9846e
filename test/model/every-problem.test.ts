// One run shows every independent problem of a request file: a schema error in one field does not hide the checks of the others.
import { describe, expect, it } from "vitest";
import { checkRequestFile } from "../../src/model/check-request.js";
import { formatProblem } from "../../src/model/problem.js";
import type { Requester } from "../../src/model/evaluate.js";
import { MAX_FILE_BYTES } from "../../src/model/yaml-source.js";
import { SEVERAL_PROBLEMS, severalProblemsFound } from "../helpers/several-problems.js";
import { exampleConfig, NOW } from "./example-config.js";

const PATH = "requests/gcp/prod/zed-inc-4711.yaml";
const ZED: Requester = { login: "zed", teams: ["acme/payments-eng"] };
const ALICE: Requester = { login: "alice", teams: ["acme/payments-eng"] };

function check(lines: string[], requester: Requester | null = ALICE, path = PATH): string[] {
  const checked = checkRequestFile(path, lines.join("\n") + "\n", { requester, config: exampleConfig(), now: NOW });
  if (checked.ok) return checked.evaluation.status === "refused" ? checked.evaluation.problems.map(formatProblem) : [];
  return checked.problems.map(formatProblem);
}

describe("a request file's problems, all in one run", () => {
  it("reports an unknown field, a bad duration, a role no rule allows, a '..' scope and a missing identity together, each at its line", () => {
    expect(check(SEVERAL_PROBLEMS, ZED)).toEqual(severalProblemsFound("zed").map(([line, column, message]) => `${PATH}:${line}:${column}: ${message}`));
  });

  it("checks the other grants when one grant entry is malformed", () => {
    const problems = check([
      'reason: "INC-4711: payments export failing, need to read the prod DB"',
      "ticket: INC-4711",
      "grants:",
      "  - provider: gcp",
      "    scope: projects/payments-prod",
      "  - provider: aws",
      "    scope: accounts/1",
      "    role: admin",
      "  - provider: gcp",
      "    scope: projects/payments-prod",
      "    role: roles/bigquery.admin",
      "  - provider: gcp",
      "    scope: projects/payments-prod",
      "    role: roles/cloudsql.client",
    ]);
    expect(problems).toEqual([
      `${PATH}:4:5: "grants[0]" is missing the required field "role"`,
      `${PATH}:6:15: "grants[1].provider" must be one of gcp, azure, not "aws"`,
      expect.stringContaining(`${PATH}:11:11: grant 3 (gcp roles/bigquery.admin on projects/payments-prod): no rule allows role roles/bigquery.admin`),
    ]);
  });

  it("checks the rule's ticket and reason when the grants list is broken, and the grants when reason is missing", () => {
    expect(check(["reason: short", "ticket: nope", "grants: roles/cloudsql.client"])).toEqual([`${PATH}:3:9: "grants" must be a list, not text`]);
    expect(check(["ticket: nope", "grants:", "  - provider: gcp", "    scope: projects/payments-prod", "    role: roles/cloudsql.client"])).toEqual([
      `${PATH}:1:1: the request is missing the required field "reason"`,
      `${PATH}:1:9: ticket "nope" does not match ^(INC|CHG)-[0-9]+$, which rule "payments-prod-db" requires`,
    ]);
  });

  it("does not add a second problem about a field already refused", () => {
    const grant = ["grants:", "  - provider: gcp", "    scope: projects/payments-prod", "    role: roles/cloudsql.client"];
    // A refused duration is not "missing", and the provider's window checks do not run on a guess.
    expect(check(['reason: "INC-4711: payments export failing, need to read the prod DB"', "ticket: INC-4711", "duration: 400d", ...grant])).toEqual([
      expect.stringMatching(new RegExp(`^${PATH}:3:11: duration "400d" is longer than the 90-day limit`)),
    ]);
    // A ticket of the wrong type is not "missing"; a principal of the wrong type names nobody to look up.
    expect(check(['reason: "INC-4711: payments export failing, need to read the prod DB"', "ticket: [INC-4711]", "principal: 7", ...grant], ZED)).toEqual([
      `${PATH}:2:9: "ticket" must be text, not a list`,
      `${PATH}:3:12: "principal" must be text, not a whole number`,
    ]);
  });

  it("never grants a request that had a problem, even when the rest of it is allowed", () => {
    const checked = checkRequestFile(PATH, 'reason: "INC-4711: payments export failing, need to read the prod DB"\nticket: INC-4711\nextra: 1\ngrants:\n  - provider: gcp\n    scope: projects/payments-prod\n    role: roles/cloudsql.client\n', {
      requester: ALICE,
      config: exampleConfig(),
      now: NOW,
    });
    expect(checked).toEqual({ ok: false, problems: [expect.objectContaining({ line: 3, column: 1 })] });
  });

  it.each([
    ["an unclosed quote", 'reason: "INC-4711\nticket: INC-4711\ngrants: []\n', 4],
    ["a duplicate key", "reason: a\nreason: b\nextra: 1\ngrants: [7]\n", 2],
    ["an alias bomb", `a: &a [x, x, x, x, x, x, x, x, x, x]\n${Array.from({ length: 6 }, (_, i) => `b${i}: &b${i} [${Array(10).fill(i === 0 ? "*a" : `*b${i - 1}`).join(", ")}]`).join("\n")}\nreason: ${"*b5"}\ngrants: []\n`, 2],
    ["a file over the size cap", `reason: "${"x".repeat(MAX_FILE_BYTES)}"\ngrants: []\n`, 1],
  ])("keeps %s failing closed with one clear error", (_name, content, line) => {
    const checked = checkRequestFile(PATH, content, { requester: ALICE, config: exampleConfig(), now: NOW });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.problems).toEqual([expect.objectContaining({ file: PATH, line })]);
  });
});
