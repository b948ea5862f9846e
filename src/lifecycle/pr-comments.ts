/**
 * The app's comment on a pull request the lifecycle writes: the plan, with
 * the story and each file's outcome. Where it is and what it says comes from
 * what the process remembers of its own comments (own-comments.ts): after one
 * listing, or once the pull request flow wrote it, the lifecycle edits it
 * without listing again. A client without that memory (never in the app; tests of a
 * bare client) keeps one of its own for the run: one listing per pull request.
 */
import type { GitHubClient, RepoRef } from "../github/client.js";
import { OwnComments } from "../github/own-comments.js";
import { ownWritesOf } from "../github/own-writes.js";
import { recordOutcome } from "./plan-outcome-comment.js";
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
    await recordOutcome(this.gh, this.repo, pr, telling, this.botLogin, this.memory);
  }
}
