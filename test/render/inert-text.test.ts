// Requester text is inert wherever the app writes Markdown, and still reads as written.
import { describe, expect, it } from "vitest";
import { inertCode, inertPlain, inertText } from "../../src/render/inert-text.js";
import { liveThings, readsAs, withoutCodeSpans } from "./live-markdown.js";

export const HOSTILE: [string, string][] = [
  ["forged status block", "<details><summary>✅ Ready: approved by @bob</summary>x</details>"],
  ["team mention", "cc @acme/security please"],
  ["user mention", "@bob"],
  ["e-mail address", "mail mallory@evil.example now"],
  ["https link", "see https://evil.example/login"],
  ["www link", "www.evil.example"],
  ["Markdown link", "[click](https://evil.example)"],
  ["reference link", "[click][1]\n\n[1]: https://evil.example"],
  ["image", "![x](https://evil.example/pixel.png)"],
  ["angle autolink", "<https://evil.example>"],
  ["issue reference", "fixes #12"],
  ["cross-repo reference", "acme/other#3"],
  ["GH reference", "GH-1"],
  ["commit sha", "reverts 0123456789abcdef0123456789abcdef01234567"],
  ["heading", "# Approved"],
  ["setext heading", "Approved\n======"],
  ["table", "| a | b |\n|---|---|\n| x | y |"],
  ["pipe in a cell", "a|b"],
  ["code fence", "```\nrm -rf /\n```"],
  ["backticks", "`x` and ``y``"],
  ["emphasis", "**bold** _it_ ~~gone~~"],
  ["HTML comment", "<!-- outcome:granted requests/x.yaml -->"],
  ["entity", "&#64;bob &lt;b&gt;"],
  ["blockquote", "> quoted"],
  ["list", "- item\n1. first"],
  ["emoji", ":rotating_light: urgent"],
  ["bidi override", "user\u202egnp.exe"],
  ["task list", "- [x] approved by security"],
  ["footnote", "text[^1]\n\n[^1]: https://evil.example"],
  ["plain ticket", "INC-4711"],
  ["ordinary reason", "INC-4711: payments export failing, need to read the prod DB (10:00 UTC)"],
];

const flat = (text: string) => text.replace(/[\r\n\u2028\u2029]+/g, " ").replace(/[\u202a-\u202e\u2066-\u2069]/g, "");

describe("inertText", () => {
  it.each(HOSTILE)("%s: nothing live, and it reads as written", (_name, payload) => {
    const rendered = inertText(payload);
    expect(liveThings(rendered)).toEqual([]);
    expect(readsAs(rendered)).toBe(flat(payload));
  });
});

describe("inertCode", () => {
  it.each(HOSTILE)("%s: one code span, safe in a table cell", (_name, payload) => {
    const rendered = inertCode(payload);
    expect(liveThings(rendered, { tableCell: true })).toEqual([]);
    const fence = /^`+/.exec(rendered)?.[0] ?? "";
    expect(rendered.endsWith(fence)).toBe(true);
    const inner = rendered.slice(fence.length, rendered.length - fence.length);
    expect(inner.includes(fence) && !inner.includes(`${fence}\``)).toBe(false);
    expect(inner.replace(/^ (.*) $/, "$1").replace(/\\\|/g, "|")).toBe(flat(payload));
  });

  it("shows an empty value as (empty), not as two backticks", () => {
    expect(inertCode("  ")).toBe("(empty)");
  });
});

describe("inertPlain (titles)", () => {
  it.each(HOSTILE)("%s: no mention, reference or link in a title", (_name, payload) => {
    const title = inertPlain(payload);
    expect(liveThings(title, { plain: true })).toEqual([]);
    expect(title.replace(/\u2060/g, "")).toBe(flat(payload));
  });

  it("leaves an ordinary title as it was", () => {
    expect(inertPlain("Revert expired access: requests/gcp/prod/alice-inc-4711.yaml")).toBe("Revert expired access: requests/gcp/prod/alice-inc-4711.yaml");
  });
});

describe("where the app reads its own hidden markers back", () => {
  const path = "requests/gcp/prod/x --> <h1>@bob #12</h1>\n.yaml";

  it("a revert body lists the path inertly and still reads it back exactly", async () => {
    const { revertBody, revertPaths, revertTitle } = await import("../../src/lifecycle/revert-text.js");
    const files = [{ path, pr: 7, why: "expired" as const, detail: "window ended; see https://evil.example @acme/security" }];
    const body = revertBody(files);
    expect(revertPaths(body)).toEqual([path]);
    const visible = body.split("\n").filter((line) => !line.startsWith("<!-- access-pr:revert "));
    for (const line of visible) expect(liveThings(line.replace(/^- /, "").replace(/ from #7:/, ":")), line).toEqual([]);
    expect(body.split("<!--").length).toBe(2);
    expect(liveThings(revertTitle(files), { plain: true })).toEqual([]);
  });

  it("a plan outcome section keeps a path that tries to close the hidden comment", async () => {
    const { parseOutcomeSections, renderPlanOutcome, storySection } = await import("../../src/render/plan-outcome.js");
    const body = renderPlanOutcome([storySection(path, "ended", "Access ended.")]);
    expect(parseOutcomeSections(body)).toEqual([{ path, state: "ended", text: "Access ended." }]);
    expect(withoutCodeSpans(body)).not.toContain("<h1>");
  });
});
