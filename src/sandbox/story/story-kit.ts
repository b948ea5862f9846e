/**
 * What every scene of the story uses: the running world, the timeline, the
 * read-back of the app's answers, and the list of outcomes the run promised
 * to show (checked against GitHub, git and the clouds, never assumed).
 *
 * @example
 *   await kit.act(() => kit.timeline.person("bob", "approves PR #1"), () => gh.as("bob").approve(REPO, 1));
 *   kit.expect("alice holds roles/cloudsql.client", held.gcp.held);
 */
import type { Delivery } from "../github/index.js";
import type { AppAnswers } from "./app-answers.js";
import { printAnswers } from "./print-answers.js";
import type { SandboxWorld } from "./sandbox-world.js";
import type { Timeline } from "./timeline.js";

export interface Outcome {
  what: string;
  met: boolean;
}

export class StoryKit {
  readonly outcomes: Outcome[] = [];
  private deliveriesSeen = 0;

  constructor(
    readonly world: SandboxWorld,
    readonly timeline: Timeline,
    private readonly answers: AppAnswers,
  ) {}

  /** Waits until GitHub's webhooks and the app's own follow-up work are done. */
  async settle(): Promise<void> {
    await this.world.settle();
  }

  /**
   * Does `action`, lets the app react, and prints what it answered; says so
   * plainly when it answered nothing, so a missing handler is visible.
   */
  async act<T>(action: () => Promise<T>, options: { expectAnswer?: boolean } = {}): Promise<T> {
    const result = await action();
    await this.settle();
    await this.report(options.expectAnswer ?? true);
    return result;
  }

  /** Prints what the app did since the last report (checks, comments, pull requests, failed webhooks, logged errors). */
  async report(expectAnswer: boolean): Promise<void> {
    const answers = await this.answers.since();
    const logs = this.world.appLog.drain();
    printAnswers(this.timeline, answers, logs);
    const failed = this.newDeliveries().filter((d) => d.status === null || d.status < 200 || d.status >= 300);
    for (const d of failed) this.timeline.app("fail", `webhook ${d.event}${d.action ? `.${d.action}` : ""} was answered ${d.status ?? "with no response"}`);
    if (expectAnswer && answers.length === 0 && logs.length === 0 && failed.length === 0) this.timeline.app("wait", "the app did not answer");
  }

  expect(what: string, met: boolean): boolean {
    this.outcomes.push({ what, met });
    return met;
  }

  private newDeliveries(): Delivery[] {
    const all = this.world.github.deliveries;
    const fresh = all.slice(this.deliveriesSeen);
    this.deliveriesSeen = all.length;
    return fresh;
  }
}
