/**
 * One queue per pull request inside one process. GitHub delivers webhooks
 * concurrently and in no particular order, so an `opened`, a `synchronize`
 * and a review of the same pull request can be handled at the same moment;
 * their list-then-write effects (check runs, the plan comment, the story)
 * would each see "none yet" and create one. Handling the events of one pull
 * request one after the other, in the order they arrive, removes that race
 * in this process; the writes themselves stay idempotent for a second
 * replica (see marked-comment-write.ts and check-run.ts).
 *
 * @example
 *   const queue = new KeyedQueue();
 *   await queue.run("acme/access#12", () => handlePullRequest(context, flow));
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Runs `fn` after everything queued under `key` before it; a failure does not block the next one. */
  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const before = this.tails.get(key) ?? Promise.resolve();
    const result = before.then(fn, fn);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}

const queues = new WeakMap<object, KeyedQueue>();

/** The one per-pull-request queue of an app (a Probot instance), shared by the PR flow and the lifecycle's handlers. */
export function pullQueueOf(app: object): KeyedQueue {
  let queue = queues.get(app);
  if (!queue) queues.set(app, (queue = new KeyedQueue()));
  return queue;
}

/** "owner/repo#number" of the pull request (or issue) an event is about, if any. */
export function pullKeyOf(repo: string, payload: object): string | undefined {
  const number = numberOf(payload, "pull_request") ?? numberOf(payload, "issue");
  return number === undefined ? undefined : `${repo.toLowerCase()}#${number}`;
}

function numberOf(payload: object, field: "pull_request" | "issue"): number | undefined {
  if (!(field in payload)) return undefined;
  const value = (payload as Record<string, unknown>)[field];
  if (typeof value !== "object" || value === null || !("number" in value)) return undefined;
  return typeof value.number === "number" ? value.number : undefined;
}
