// Long texts the app writes stay within what GitHub stores (65,536 characters in a comment or pull request
// body, 65,535 in a check run's summary or text) and point to where the full detail is.
import { describe, expect, it } from "vitest";
import { MAX_CHECK_OUTPUT, MAX_COMMENT_BODY, fitCheckOutput, fitCommentBody, fitSections } from "../../src/render/fit-to-limit.js";
import { revertBody, revertPaths } from "../../src/lifecycle/revert-text.js";

describe("fitting the app's texts to GitHub's limits", () => {
  it("leaves a text that fits alone, and cuts a longer one at a line, closing an open code fence, with the pointer", () => {
    expect(fitCommentBody("short")).toBe("short");
    const long = ["```json", ...Array.from({ length: 5000 }, (_, i) => `line ${i} ${"x".repeat(20)}`)].join("\n");
    const fitted = fitCommentBody(long);
    expect(fitted.length).toBeLessThanOrEqual(MAX_COMMENT_BODY);
    expect(fitted).toMatch(/x\n```\n\n_The rest of this comment is cut: GitHub takes at most 65,536 characters in a comment\./);
    const check = fitCheckOutput("y\n".repeat(40_000));
    expect(check.length).toBeLessThanOrEqual(MAX_CHECK_OUTPUT);
    expect(check.endsWith("which lists every request file._")).toBe(true);
  });

  it("keeps the title and the sections that fit, tries shorter later ones, and says how many were left out", () => {
    const sections = ["### plan", "a".repeat(40_000), "b".repeat(40_000), "footer"];
    const fitted = fitSections(sections, MAX_COMMENT_BODY, (left, total) => `${left} of ${total} sections are left out`);
    expect(fitted).toBe(`### plan\n\n${"a".repeat(40_000)}\n\nfooter\n\n1 of 3 sections are left out`);
  });

  it("lists in a revert pull request body the files that fit, points to the rest, and keeps every path readable", () => {
    const files = Array.from({ length: 900 }, (_, i) => ({ path: `requests/gcp/prod/alice-inc-${i}-a-long-enough-name.yaml`, pr: 1000 + i, detail: "window ended at 2026-11-24 10:00 UTC", why: "expired" as const }));
    const body = revertBody(files);
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT_BODY);
    expect(body).toMatch(/- … and \d+ more request files: the Files changed tab lists every one\./);
    expect(revertPaths(body)).toEqual(files.map((f) => f.path));
  });
});
