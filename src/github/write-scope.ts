/**
 * How the content writes made inside a piece of work are treated by the
 * installation's pacer (write-pacer.ts), whatever client makes them:
 *
 * - `withoutWaiting`: a write that protects is made now or not at all. When
 *   GitHub's secondary limit pauses the installation, or refuses the write,
 *   it fails at once with a SecondaryLimitError instead of waiting out the
 *   pause. Used where a cloud revocation would otherwise wait behind a
 *   GitHub write: the caller revokes anyway and records later.
 * - `asTelling`: every write only tells (a reply to a comment that changes
 *   nothing), so it waits for room under the reserve kept for protecting
 *   writes, like the lifecycle's stories.
 *
 * @example
 *   await withoutWaiting(() => recordEvent(gh, repo, sha, appId, event)); // throws while GitHub pauses writes
 *   await asTelling(() => reply("not an approver"));                       // paced
 */
import { AsyncLocalStorage } from "node:async_hooks";

export interface WriteScope {
  /** Fail a protecting write at once rather than wait for GitHub's pause. */
  waitsNot?: boolean;
  /** Every write here only tells: paced, never counted as protecting. */
  tells?: boolean;
}

const scopes = new AsyncLocalStorage<WriteScope>();

/** The scope of the write being made now (empty outside any). */
export function writeScope(): WriteScope {
  return scopes.getStore() ?? {};
}

export function withoutWaiting<T>(work: () => Promise<T>): Promise<T> {
  return scopes.run({ ...writeScope(), waitsNot: true }, work);
}

export function asTelling<T>(work: () => Promise<T>): Promise<T> {
  return scopes.run({ ...writeScope(), tells: true }, work);
}
