import { describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { AppLog } from "../../../src/sandbox/story/app-log.js";
import { changedLines, printAnswers, terminalText } from "../../../src/sandbox/story/print-answers.js";
import { Timeline } from "../../../src/sandbox/story/timeline.js";

describe("terminalText: the app's markdown as it reads in a terminal", () => {
  it.each([
    ["drops HTML comments (markers)", "<!-- access-pr:plan -->\n### access-pr plan", ["### access-pr plan"]],
    ["drops bold and code marks", "**Ready.** Grants `roles/cloudsql.client`", ["Ready. Grants roles/cloudsql.client"]],
    ["keeps one blank line between paragraphs, none at the ends", "\n\nA\n\n\n\nB\n\n", ["A", "", "B"]],
    ["unwraps details and summary", "<details>\n<summary>Why</summary>\n\nBecause\n</details>", ["Why", "", "Because"]],
    [
      "unfolds a table: three cells, then header: value pairs",
      "| Principal | Role | Scope | Rule | Length |\n|---|---|---|---|---|\n| `user:a@x` | `roles/x` | `projects/p` | r1 | 2 hours |",
      ["user:a@x  roles/x  projects/p", "  Rule: r1 · Length: 2 hours"],
    ],
  ])("%s", (_name, markdown, lines) => {
    expect(terminalText(markdown)).toEqual(lines);
  });

  it("packs long rows onto several lines", () => {
    const long = "x".repeat(80);
    const table = `| A | B | C | D | E |\n|---|---|---|---|---|\n| a | b | c | ${long} | ${long} |`;
    expect(terminalText(table)).toEqual(["a  b  c", `  D: ${long}`, `  E: ${long}`]);
  });
});

describe("changedLines", () => {
  it("shows new lines, with the unchanged line an indented one belongs to", () => {
    const before = ["Waiting.", "alice  Reader  rg", "  Ends: 10:10", "Evaluated at 08:10"];
    const after = ["Ready.", "alice  Reader  rg", "  Ends: 10:25", "Evaluated at 08:25"];
    expect(changedLines(before, after)).toEqual(["Ready.", "alice  Reader  rg", "  Ends: 10:25", "Evaluated at 08:25"]);
    expect(changedLines(after, after)).toEqual([]);
  });
});

describe("the timeline", () => {
  it("prints who did what at the sandbox time, and what the app answered, aligned and without colour", () => {
    const lines: string[] = [];
    const clock = new ManualClock("2026-11-24T08:00:00Z");
    const timeline = new Timeline({ write: (t) => lines.push(t), clock, color: false });
    timeline.person("alice", "opens PR #1");
    printAnswers(
      timeline,
      [
        { kind: "check", pr: 1, name: "access-pr / validation", status: "completed", conclusion: "failure", title: "1 problem", summary: "- x.yaml:3:11: too long", sha: "fe4f6420000" },
        { kind: "pull-merged", pr: 2, title: "Revert", by: "access-pr[bot]" },
      ],
      [{ level: "error", message: "lifecycle run failed", fields: { repo: "acme/access", err: new Error("boom") } }],
    );
    clock.advance(10 * 60_000);
    timeline.jump("ten minutes later");
    expect(lines.join("\n").split("\n")).toEqual([
      "08:00 alice       opens PR #1",
      "      access-pr   ✗ check access-pr / validation: failure — 1 problem (PR #1 @ fe4f642)",
      "                  - x.yaml:3:11: too long",
      "      access-pr   ✓ merges PR #2 \"Revert\"",
      "      access-pr   ✗ logged error: lifecycle run failed",
      "                  repo=acme/access",
      "",
      "08:10 clock       ten minutes later",
    ]);
  });
});

describe("AppLog: the app's logger keeps warnings and errors for the timeline", () => {
  it("records warn and above with child bindings, and drops the rest", () => {
    const log = new AppLog();
    const child = log.logger.child({ subsystem: "lifecycle" });
    child.info("Webhook received");
    child.warn({ repo: "acme/access" }, "revert left open");
    child.error({ err: new Error("gcp setIamPolicy: 503") }, "lifecycle run failed");
    expect(log.drain().map((e) => [e.level, e.message, e.fields.subsystem])).toEqual([
      ["warn", "revert left open", "lifecycle"],
      ["error", "lifecycle run failed: gcp setIamPolicy: 503", "lifecycle"],
    ]);
    expect(log.drain()).toEqual([]);
  });
});
