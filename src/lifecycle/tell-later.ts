/**
 * What a lifecycle run leaves to be told after it: the ended story on each
 * original pull request, the plan comment's outcome and the ended event on
 * the grant check run. A run revokes, reverts and merges at once; these
 * writes only tell, so they go out one task at a time behind the run, each
 * write paced under GitHub's content-creation limit (write-pacer.ts), and no
 * run, sweep or revocation ever waits for them.
 *
 * Best effort across a restart: what is still queued when the process stops
 * is not written by a later run (its files have left the default branch), so
 * those pull requests keep their "granted" story. Nothing that grants or
 * revokes depends on it, and nothing is lost for the record: the app's merged
 * revert pull request lists every file it removed (and its body, as far as
 * GitHub's body limit allows, the pull request that added each), and
 * `access-pr audit` derives a missing ended event from that revert ("the app
 * recorded no end; the end is the window's, from the decision").
 *
 * @example
 *   const later = new TellLater(() => pacers.stalled(), (error) => log.error({ err: error }, "…"));
 *   later.add(async () => tellEnded(pacedClient, …));
 *   await later.idle(); // done, or waiting for the clock to make room
 */
export class TellLater {
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;

  constructor(
    /** Resolves once a queued write waits for the clock (the queue can then do nothing until time passes). */
    private readonly stalled: () => Promise<void>,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Tasks queued or running. */
  get size(): number {
    return this.pending;
  }

  add(task: () => Promise<void>): void {
    this.pending += 1;
    this.tail = this.tail
      .then(task)
      .catch((error: unknown) => this.onError(error))
      .finally(() => {
        this.pending -= 1;
      });
  }

  /** Resolves when nothing is queued, or when what is queued waits for the clock. */
  async idle(): Promise<void> {
    while (this.pending > 0) {
      const stalled = this.stalled().then(() => "stalled" as const);
      if ((await Promise.race([this.tail.then(() => "done" as const), stalled])) === "stalled") return;
    }
  }
}
