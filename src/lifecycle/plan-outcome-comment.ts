/**
 * After a merge the lifecycle takes over the PR flow's plan comment, so it
 * never keeps promising "merging grants…" once the merge happened: each
 * request file's section says what the merge did, then that it ended, and
 * the story above the sections gets one line per event (story-comment.ts).
 * What one event changes (its sections and its story line) is one edit.
 * Writing the same again changes nothing, so runs, retries and replicas
 * never repeat an edit.
 */
import type { GitHubClient, RepoRef } from "../github/client.js";
import { findAppComment, marker, writeAppComment } from "../github/marked-comment.js";
import { PLAN_COMMENT } from "../render/plan-comment.js";
import type { OwnComments } from "../github/own-comments.js";
import { ownWritesOf } from "../github/own-writes.js";
import { parseOutcomeSections, parseStoryLines, renderPlanOutcome, STORY_ELSEWHERE } from "../render/plan-outcome.js";
import type { OutcomeSection } from "../render/plan-outcome.js";
import { STORY_COMMENT, storyCommentWith, withStoryEntry } from "./story-comment.js";
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
export async function recordOutcome(gh: GitHubClient, repo: RepoRef, pr: number, telling: OutcomeTelling, botLogin: string, memory: OwnComments | undefined = ownWritesOf(gh)?.comments): Promise<void> {
  const existing = await findAppComment(gh, repo, pr, PLAN_COMMENT, botLogin, memory);
  // Written again over whatever is there when the write lands (the body is recomputed from the current comment).
  const withOutcome = planWithOutcome(telling);
  await writeAppComment(gh, repo, pr, existing, withOutcome(existing?.body ?? ""), withOutcome, memory);
  if (!telling.story || !existing?.body?.includes(STORY_ELSEWHERE)) return;
  // Merged before the story joined the plan comment: the story goes on in its own comment.
  const story = await findAppComment(gh, repo, pr, STORY_COMMENT, botLogin, memory);
  const withLine = storyCommentWith(telling.story);
  const body = withLine(story?.body ?? "");
  if (body !== undefined) await writeAppComment(gh, repo, pr, story, body, withLine, memory);
}

/** The plan comment's body with the telling's sections and story line written into `body` (the current comment's body). */
export function planWithOutcome(telling: OutcomeTelling): (body: string) => string {
  return (body) => {
    let sections = parseOutcomeSections(body);
    for (const section of telling.sections) {
      const kept = keepApprovers(sections.find((s) => s.path === section.path), section);
      sections = [...sections.filter((s) => s.path !== section.path), kept];
    }
    if (body.includes(STORY_ELSEWHERE)) return `${marker(PLAN_COMMENT)}\n${renderPlanOutcome(sections, [], { storyElsewhere: true })}`;
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
