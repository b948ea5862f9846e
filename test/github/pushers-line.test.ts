import { describe, expect, it } from "vitest";
import { pushersIn, withPushers } from "../../src/github/pushers-line.js";

describe("the pushers line of the plan comment", () => {
  it.each([
    ["no line", "<!-- access-pr:plan -->\n### access-pr plan", []],
    ["one pusher", "<!-- access-pr:plan -->\n### access-pr plan\n<!-- access-pr:pushers mallory -->", ["mallory"]],
    ["several, with a bot", "<!-- access-pr:plan -->\n<!-- access-pr:pushers alice,mallory,deploy-bot[bot] -->", ["alice", "mallory", "deploy-bot[bot]"]],
    ["a name that is no login", "<!-- access-pr:pushers mallory,<b>x</b> -->", ["mallory"]],
    ["the words only mentioned inside a line", "see <!-- access-pr:pushers mallory -->", []],
  ])("reads %s", (_case, body, expected) => {
    expect(pushersIn(body)).toEqual(expected);
  });

  it("writes the line at the end, replacing an earlier one, and once per login", () => {
    const body = "<!-- access-pr:plan -->\n<!-- access-pr:pushers mallory -->\n### access-pr plan";
    expect(withPushers(body, ["mallory", "carol", "mallory"])).toBe("<!-- access-pr:plan -->\n### access-pr plan\n<!-- access-pr:pushers mallory,carol -->");
  });

  it("writes no line when nobody pushed", () => {
    expect(withPushers("<!-- access-pr:plan -->\n### access-pr plan", [])).toBe("<!-- access-pr:plan -->\n### access-pr plan");
  });
});
