import { describe, expect, it } from "vitest";
import { CallCounter } from "../../src/sandbox/api-calls.js";

describe("CallCounter", () => {
  const counter = new CallCounter();
  for (const route of ["GET /repos/{owner}/{repo}/pulls", "POST /repos/{owner}/{repo}/pulls", "GET /repos/{owner}/{repo}/pulls", "POST /repos/{owner}/{repo}/issues/{issue_number}/comments", "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}"]) counter.add(route);

  it.each([
    [undefined, 5],
    ["POST", 2],
    ["GET", 2],
    ["PATCH", 1],
    ["PUT", 0],
    ["POS", 0],
  ])("total(%s) is %i", (method, expected) => {
    expect(counter.total(method)).toBe(expected);
  });

  it("lists the most called route first, then by name; reset empties it", () => {
    const fresh = new CallCounter();
    for (const route of ["POST /b", "GET /a", "POST /b", "GET /c"]) fresh.add(route);
    expect(fresh.table()).toEqual([
      { route: "POST /b", calls: 2 },
      { route: "GET /a", calls: 1 },
      { route: "GET /c", calls: 1 },
    ]);
    fresh.reset();
    expect([fresh.total(), fresh.table()]).toEqual([0, []]);
  });
});
