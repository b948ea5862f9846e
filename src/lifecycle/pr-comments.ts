/**
 * The app's comment on a pull request the lifecycle writes: the plan, with
 * each file's outcome and the story below. Where it is and what they say comes from what the
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
import { planWithOutcome } from "./plan-outcome-comment.js";
import type { OutcomeTelling } from "./plan-outcome-comment.js";

/**
 * @example
 *   const comments = new PrComments(gh, repo, "access-pr[bot]");
 *   await comments.tellOutcome(12, { sections: [storySection(path, "ended", text)], story: { entry: "ended", text } });
 *   await comments.tellOutcome(12, { sections: [grantedSection(path, specs, now)] }); // no second listing
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

  async tellOutcome(pr: number, telling: OutcomeTelling): Promise<void> {
    const existing = await findAppComment(this.gh, this.repo, pr, PLAN_COMMENT, this.botLogin, this.memory);
    const withOutcome = planWithOutcome(telling);
    await this.write(pr, existing, withOutcome(existing?.body ?? ""), withOutcome);
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
