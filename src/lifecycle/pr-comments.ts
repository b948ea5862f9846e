/**
 * The app's two comments on a pull request the lifecycle writes (the story
 * and the plan), read with one listing per pull request per run instead of
 * one before each write. An edit of ours is remembered as written; a comment
 * just created is listed again before the next write, since another writer
 * may have won the race to create it (see marked-comment-create.ts).
 */
import type { GitHubClient, RepoRef } from "../github/client.js";
import { appCommentsOf, writeAppComment } from "../github/marked-comment.js";
import { PLAN_COMMENT } from "../render/plan-comment.js";
import type { OutcomeSection } from "../render/plan-outcome.js";
import { planWithSection } from "./plan-outcome-comment.js";
import { STORY_COMMENT, storyWrite } from "./story-comment.js";

interface Comment {
  id: number;
  body?: string | null;
  user?: { login?: string; type?: string } | null;
}

/**
 * @example
 *   const comments = new PrComments(gh, repo, "access-pr[bot]");
 *   await comments.tellStory(12, "ended", "Access ended …");
 *   await comments.recordPlanOutcome(12, storySection(path, "ended", text)); // no second listing
 */
export class PrComments {
  private readonly listed = new Map<number, Promise<Comment[]>>();
  /** "pr kind" of comments this run created: another writer may have won, so that kind is listed again before its next write. */
  private readonly created = new Set<string>();

  constructor(
    private readonly gh: GitHubClient,
    private readonly repo: RepoRef,
    private readonly botLogin: string,
  ) {}

  async tellStory(pr: number, entry: string, text: string): Promise<void> {
    const existing = await this.find(pr, STORY_COMMENT);
    const write = storyWrite(existing?.body, entry, text);
    if (write === undefined) return;
    await this.write(pr, STORY_COMMENT, existing, write.body, write.recompose);
  }

  async recordPlanOutcome(pr: number, section: OutcomeSection): Promise<void> {
    const existing = await this.find(pr, PLAN_COMMENT);
    const withSection = planWithSection(section);
    await this.write(pr, PLAN_COMMENT, existing, withSection(existing?.body ?? ""), withSection);
  }

  private async find(pr: number, kind: string): Promise<Comment | undefined> {
    let comments = this.listed.get(pr);
    if (!comments || this.created.delete(`${pr} ${kind}`)) {
      comments = this.gh.paginate(this.gh.rest.issues.listComments, { ...this.repo, issue_number: pr, per_page: 100 });
      this.listed.set(pr, comments);
      // A failed listing is not remembered: the next write lists again.
      comments.catch(() => this.listed.delete(pr));
    }
    return appCommentsOf(await comments, kind, this.botLogin)[0];
  }

  private async write(pr: number, kind: string, existing: Comment | undefined, body: string, recompose: (winner: string) => string | undefined): Promise<void> {
    try {
      await writeAppComment(this.gh, this.repo, pr, existing, body, recompose);
    } catch (error) {
      this.listed.delete(pr);
      throw error;
    }
    if (existing) existing.body = body;
    else this.created.add(`${pr} ${kind}`);
  }
}
