/**
 * The app's two comments on a pull request the lifecycle writes (the story
 * and the plan). Where they are and what they say comes from what the
 * process remembers of its own comments (own-comments.ts): after one listing,
 * or once the pull request flow wrote them, the lifecycle edits them without
 * listing again. A client without that memory (never in the app; tests of a
 * bare client) keeps one of its own for the run: one listing per pull request.
 */
import type { GitHubClient, RepoRef } from "../github/client.js";
import { findAppComment, writeAppComment } from "../github/marked-comment.js";
import { OwnComments } from "../github/own-comments.js";
import { ownWritesOf } from "../github/own-writes.js";
import { PLAN_COMMENT } from "../render/plan-comment.js";
import type { OutcomeSection } from "../render/plan-outcome.js";
import { planWithSection } from "./plan-outcome-comment.js";
import { STORY_COMMENT, storyWrite } from "./story-comment.js";

/**
 * @example
 *   const comments = new PrComments(gh, repo, "access-pr[bot]");
 *   await comments.tellStory(12, "ended", "Access ended …");
 *   await comments.recordPlanOutcome(12, storySection(path, "ended", text)); // no second listing
 */
export class PrComments {
  private readonly memory: OwnComments;

  constructor(
    private readonly gh: GitHubClient,
    private readonly repo: RepoRef,
    private readonly botLogin: string,
  ) {
    this.memory = ownWritesOf(gh)?.comments ?? new OwnComments();
  }

  async tellStory(pr: number, entry: string, text: string): Promise<void> {
    const existing = await findAppComment(this.gh, this.repo, pr, STORY_COMMENT, this.botLogin, this.memory);
    const write = storyWrite(existing?.body ?? undefined, entry, text);
    if (write === undefined) return;
    await this.write(pr, existing, write.body, write.recompose);
  }

  async recordPlanOutcome(pr: number, section: OutcomeSection): Promise<void> {
    const existing = await findAppComment(this.gh, this.repo, pr, PLAN_COMMENT, this.botLogin, this.memory);
    const withSection = planWithSection(section);
    await this.write(pr, existing, withSection(existing?.body ?? ""), withSection);
  }

  private async write(pr: number, existing: { id: number; body?: string | null } | undefined, body: string, recompose: (winner: string) => string | undefined): Promise<void> {
    try {
      await writeAppComment(this.gh, this.repo, pr, existing, body, recompose, this.memory);
    } catch (error) {
      // What a failed write left on GitHub is unknown: the next write lists again.
      this.memory.forget(this.repo, pr);
      throw error;
    }
  }
}
