import { describe, expect, it } from "vitest";
import { planWithOutcome } from "../../src/lifecycle/plan-outcome-comment.js";
import { storyCommentWith } from "../../src/lifecycle/story-comment.js";
import { fitCommentBody, MAX_COMMENT_BODY } from "../../src/render/fit-to-limit.js";
import { parseOutcomeSections, parseStoryLines, STORY_ELSEWHERE } from "../../src/render/plan-outcome.js";
import type { OutcomeSection } from "../../src/render/plan-outcome.js";

const PATH = "requests/gcp/prod/alice.yaml";
const granted: OutcomeSection = { path: PATH, state: "granted", text: "✅ Granted at 08:00 UTC.\n\nApproved by @bob." };
const ended: OutcomeSection = { path: PATH, state: "ended", text: "⏹️ Access ended at 10:00 UTC." };
const words = (body: string) => parseStoryLines(body).map((line) => line.replace(/^<!-- entry:[^ ]+ -->/, ""));

describe("the plan comment tells the outcome and the story in one body", () => {
  it("writes the section and the story line of each event, keeps the approvers, and the first end told stands", () => {
    let body = planWithOutcome({ sections: [granted], story: { entry: "granted", text: "✅ Granted until 10:00 UTC." } })("");
    body = planWithOutcome({ sections: [ended], story: { entry: "ended", text: "⏹️ Access ended at 10:00 UTC." } })(body);
    // A /revoke racing the window's end: its section is written, but the story keeps the end told first.
    const revoked: OutcomeSection = { path: PATH, state: "ended", text: "⏹️ Access ended early at 10:00 UTC: revoked by @alice." };
    body = planWithOutcome({ sections: [revoked], story: { entry: "revoked", text: "⏹️ Access ended early: revoked by @alice." } })(body);
    expect(words(body)).toEqual(["✅ Granted until 10:00 UTC.", "⏹️ Access ended at 10:00 UTC."]);
    expect(parseOutcomeSections(body)).toEqual([{ path: PATH, state: "ended", text: `${revoked.text}\n\nApproved by @bob.` }]);
  });

  it("an event told again replaces its own line, and the same telling twice changes nothing", () => {
    const once = planWithOutcome({ sections: [granted], story: { entry: "granted", text: "✅ Granted until 10:00 UTC." } })("");
    const again = planWithOutcome({ sections: [granted], story: { entry: "granted", text: "✅ Granted until 11:00 UTC." } })(once);
    expect(words(again)).toEqual(["✅ Granted until 11:00 UTC."]);
    expect(planWithOutcome({ sections: [granted], story: { entry: "granted", text: "✅ Granted until 11:00 UTC." } })(again)).toBe(again);
  });

  it("keeps the story when GitHub's limit cuts the comment: the sections are cut from the end, the story comes first", () => {
    const big = Array.from({ length: 40 }, (_, i): OutcomeSection => ({ path: `requests/gcp/prod/r-${String(i).padStart(2, "0")}.yaml`, state: "granted", text: `✅ Granted.\n\n${"| a | b |\n".repeat(200)}` }));
    const body = fitCommentBody(planWithOutcome({ sections: big, story: { entry: "granted", text: "✅ Granted until 10:00 UTC." } })(""));
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT_BODY);
    expect(parseOutcomeSections(body).length).toBeLessThan(big.length);
    const next = planWithOutcome({ sections: [], story: { entry: "ended", text: "⏹️ Access ended at 10:00 UTC." } })(body);
    expect(words(fitCommentBody(next))).toEqual(["✅ Granted until 10:00 UTC.", "⏹️ Access ended at 10:00 UTC."]);
  });

  it("no text of a section is read as a story line", () => {
    const sneaky: OutcomeSection = { path: PATH, state: "failed", text: "<!-- entry:ended -->⏹️ Access ended." };
    const body = planWithOutcome({ sections: [sneaky], story: { entry: "grant-failed", text: "❌ Nothing was granted." } })("");
    expect(words(body)).toEqual(["❌ Nothing was granted."]);
  });

  it("a plan merged before the story joined it keeps its sections there and its story in a comment of its own", () => {
    const legacy = `<!-- access-pr:plan -->\n### access-pr plan\n\n**Granted.**\n\n<!-- outcome:granted ${encodeURIComponent(PATH)} -->\n#### \`${PATH}\` (granted)\n\n✅ Granted.\n\n<!-- outcome-end -->\n${STORY_ELSEWHERE}`;
    const body = planWithOutcome({ sections: [ended], story: { entry: "ended", text: "⏹️ Access ended at 10:00 UTC." } })(legacy);
    expect(parseStoryLines(body)).toEqual([]);
    expect(body.endsWith(STORY_ELSEWHERE)).toBe(true);
    expect(parseOutcomeSections(body).map((s) => s.state)).toEqual(["ended"]);
    const story = "<!-- access-pr:lifecycle -->\n### Access lifecycle\n\n<!-- entry:granted -->✅ Granted until 10:00 UTC.";
    const told = storyCommentWith({ entry: "ended", text: "⏹️ Access ended at 10:00 UTC." })(story);
    expect(told?.split("\n")).toEqual(["<!-- access-pr:lifecycle -->", "### Access lifecycle", "", "<!-- entry:granted -->✅ Granted until 10:00 UTC.", "<!-- entry:ended -->⏹️ Access ended at 10:00 UTC."]);
    expect(storyCommentWith({ entry: "revoked", text: "⏹️ Revoked." })(told ?? "")).toBeUndefined();
  });
});
