import { describe, expect, it } from "vitest";
import { grantedSection, parseOutcomeSections, renderPlanOutcome, storySection } from "../../src/render/plan-outcome.js";
import { spec } from "../lifecycle/fixtures.js";

const NOW = new Date("2026-11-24T08:00:00Z");
const later = { start: new Date("2026-11-24T12:00:00Z"), end: new Date("2026-11-24T14:00:00Z") };

describe("the plan comment after the merge", () => {
  it("shows a future start with the start built into the condition, and the extension that set the end", () => {
    const section = grantedSection("requests/a.yaml", [spec("requests/a.yaml", { window: later })], NOW, 7);
    expect(section.text.split("\n")[0]).toBe(
      "✅ Granted at 2026-11-24 08:00 UTC from 2026-11-24 12:00 UTC (in 4 hours), until **2026-11-24 14:00 UTC (in 6 hours)** (extended by #7). access-pr revokes it then by itself; `/revoke` here ends it earlier.",
    );
    expect(section.text).toContain(
      '| 2026-11-24 12:00 UTC (in 4 hours) | 2026-11-24 14:00 UTC (in 6 hours) | IAM condition `request.time >= timestamp("2026-11-24T12:00:00Z") && request.time < timestamp("2026-11-24T14:00:00Z")` |',
    );
    expect(section.text.split("\n").at(-1)).toBe("Approved by @bob.");
  });

  it("reads its own sections back, so one file's section is replaced without losing the others", () => {
    const granted = grantedSection("requests/b.yaml", [spec("requests/b.yaml")], NOW);
    const ended = storySection("requests/a.yaml", "ended", "⏹️ Access ended at 2026-11-24 10:00 UTC: the window is over and the grants are revoked. ");
    const body = renderPlanOutcome([granted, ended]);
    expect(parseOutcomeSections(body)).toEqual([{ ...ended, text: ended.text.trim() }, granted]);
    expect(renderPlanOutcome(parseOutcomeSections(body))).toBe(body);
    expect(parseOutcomeSections("### access-pr plan\n\n**Ready.** Merging this pull request grants the access below.")).toEqual([]);
  });
});
