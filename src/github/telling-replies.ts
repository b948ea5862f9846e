/**
 * Replies that only tell a commenter something (a refusal, "not merged",
 * "nothing active") must not let commenters drive the app's write rate: two
 * writers posting 70 `/revoke` comments a minute each, every one under
 * GitHub's per-user limit, would otherwise push the installation over its 80
 * a minute and pause the writes that revoke and revert. So such a reply is a
 * telling write: it is queued behind the run (never awaited by the webhook),
 * paced under the reserve kept for protecting writes (write-scope.ts), and
 *
 * - while one reply of the same key (pull request, commenter, kind) is queued
 *   or was sent within QUIET_MS, another is dropped;
 * - once MAX_QUEUED replies are queued, any new one is dropped.
 *
 * A dropped reply is one log line; nothing that grants or revokes depends on it.
 *
 * @example
 *   tellReply(lifecycle.told, clock, log, "acme/access#7 bob not-approver", () => reply(text));
 */
import type { Clock } from "../core/clock.js";
import { asTelling } from "./write-scope.js";

/** Where a reply is queued to be written after the webhook (the lifecycle's TellLater). */
export interface TellQueue {
  add(task: () => Promise<void>): void;
}

export interface ReplyLog {
  info(fields: object, message: string): void;
}

/** Replies waiting at most; more are dropped. */
export const MAX_QUEUED = 20;
/** A second reply of the same kind to the same commenter on the same pull request waits this long. */
export const QUIET_MS = 10 * 60_000;

interface ReplyState {
  queued: Set<string>;
  /** When each key was last sent (ms); pruned after QUIET_MS. */
  sent: Map<string, number>;
}

const states = new WeakMap<TellQueue, ReplyState>();

/** Queues `send` as a telling reply, or drops it; says which. */
export function tellReply(queue: TellQueue, clock: Clock, log: ReplyLog, key: string, send: () => Promise<void>): "queued" | "dropped" {
  let state = states.get(queue);
  if (!state) states.set(queue, (state = { queued: new Set(), sent: new Map() }));
  const now = clock.now().getTime();
  for (const [k, at] of state.sent) if (at <= now - QUIET_MS) state.sent.delete(k);
  const why = state.queued.has(key) ? "one is already queued" : state.sent.has(key) ? "one was sent within the last 10 minutes" : state.queued.size >= MAX_QUEUED ? "too many replies wait" : undefined;
  if (why) {
    log.info({ reply: key, why }, "reply not written: it only tells, and " + why);
    return "dropped";
  }
  const { queued, sent } = state;
  queued.add(key);
  queue.add(async () => {
    try {
      await asTelling(send);
    } finally {
      queued.delete(key);
      sent.set(key, clock.now().getTime());
    }
  });
  return "queued";
}
