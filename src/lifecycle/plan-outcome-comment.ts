/**
 * After a merge the lifecycle takes over the PR flow's plan comment, so it
 * never keeps promising "merging grants…" once the merge happened: each
 * request file's section says what the merge did, then that it ended, and
 * the story below the sections gets one line per event (story-comment.ts).
 * What one event changes (its sections and its story line) is one edit.
 * Writing the same again changes nothing, so runs, retries and replicas
 * never repeat an edit.
 */
import type { GitHubClient, RepoRef } from "../github/client.js";
import { findAppComment, marker, writeAppComment } from "../github/marked-comment.js";
import { PLAN_COMMENT } from "../render/plan-comment.js";
import { parseOutcomeSections, parseStoryLines, renderPlanOutcome } from "../render/plan-outcome.js";
import type { OutcomeSection } from "../render/plan-outcome.js";
import { withStoryEntry } from "./story-comment.js";
import type { StoryEntry } from "./story-comment.js";

/** What one event tells on a pull request: the sections it changes, and its line of the story. */
export interface OutcomeTelling {
  sections: OutcomeSection[];
  story?: StoryEntry;
}

/**
 * @example
 *   await recordOutcome(gh, repo, 12, { sections: [grantedSection("requests/prod/a.yaml", request.specs, clock.now())], story: { entry: "granted", text } }, "access-pr[bot]");
 */
export async function recordOutcome(gh: GitHubClient, repo: RepoRef, pr: number, telling: OutcomeTelling, botLogin: string): Promise<void> {
  const existing = await findAppComment(gh, repo, pr, PLAN_COMMENT, botLogin);
  // Written again over whatever is there when the write lands (the body is recomputed from the current comment).
  const withOutcome = planWithOutcome(telling);
  await writeAppComment(gh, repo, pr, existing, withOutcome(existing?.body ?? ""), withOutcome);
}

/** The plan comment's body with the telling's sections and story line written into `body` (the current comment's body). */
export function planWithOutcome(telling: OutcomeTelling): (body: string) => string {
  return (body) => {
    let sections = parseOutcomeSections(body);
    for (const section of telling.sections) {
      const kept = keepApprovers(sections.find((s) => s.path === section.path), section);
      sections = [...sections.filter((s) => s.path !== section.path), kept];
    }
    const story = parseStoryLines(body);
    // An end already told stands: the sections are still written, the story keeps its end.
    const told = telling.story ? (withStoryEntry(story, telling.story) ?? story) : story;
    return `${marker(PLAN_COMMENT)}\n${renderPlanOutcome(sections, told)}`;
  };
}

/** An ended or failed section still says who approved the grant it replaces: the final comment keeps that record. */
export function keepApprovers(previous: OutcomeSection | undefined, next: OutcomeSection): OutcomeSection {
  const approved = previous?.text.split("\n").find((line) => line.startsWith("Approved by ") || line === "No approval was recorded.");
  if (!approved || next.state === "granted" || next.text.split("\n").includes(approved)) return next;
  return { ...next, text: `${next.text}\n\n${approved}` };
}
