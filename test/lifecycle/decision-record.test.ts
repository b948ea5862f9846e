import { describe, expect, it } from "vitest";
import { parseDecisions, renderDecisions } from "../../src/lifecycle/decision-record.js";
import { T, decision, spec } from "./fixtures.js";

const PATH = "requests/gcp/prod/alice-inc-4711.yaml";
const record = decision(PATH, { start: T("08:00"), end: T("10:00") }, [spec(PATH, { window: { start: T("08:00"), end: T("10:00") } })]);

describe("the merge decision block", () => {
  it("round-trips every field, dates included", () => {
    expect(parseDecisions(renderDecisions([record]))).toEqual([record]);
  });

  it("keeps requester text inert: a reason cannot close the fence or add markup, and still reads back exactly", () => {
    const reason = "```\n<img src=x> @org/everyone [x](http://evil)";
    const hostile = { ...record, grants: record.grants.map((g) => ({ ...g, spec: { ...g.spec, origin: { ...g.spec.origin, reason } } })) };
    const text = renderDecisions([hostile]);
    const block = text.slice(text.indexOf("```json"));
    expect(block.match(/```/g)).toHaveLength(2);
    expect(block).not.toMatch(/<img|@org/);
    expect(parseDecisions(text)?.[0]?.grants[0]?.spec.origin.reason).toBe(reason);
  });

  it.each([
    ["no text", null],
    ["no marker", "### Merge decision\n```json\n{}\n```"],
    ["another version", renderDecisions([record]).replace("decision v1", "decision v2")],
    ["broken JSON", renderDecisions([record]).replace('"version": 1', '"version": 1,,')],
    ["a missing field", renderDecisions([record]).replace(/ "policySha": "[^"]+",\n/, "")],
    ["a bad date", renderDecisions([record]).replace(/"firstStart": "[^"]+"/, '"firstStart": "yesterday"')],
  ])("reads %s as no record (the app then judges once)", (_name, text) => {
    expect(parseDecisions(text)).toBeUndefined();
  });
});
