/**
 * The app's own marked comments as this process last wrote or listed them,
 * per pull request: which comment of each kind is the app's, and its body
 * as written. With it a later write edits the comment directly instead of
 * listing the pull request's comments first.
 *
 * Only an optimisation: comments carry no security decision (any writer can
 * edit or delete them), nothing is granted from this memory, and a restart
 * or another replica starts without it and lists as before. A remembered
 * comment that is gone (404/410 on the edit) is forgotten and the comments
 * are listed again; an edit or deletion by anyone else, seen as a webhook,
 * forgets the pull request's entry; and before a write is skipped as
 * unchanged, the comment itself is read (marked-comment.ts).
 *
 * @example
 *   const memory = new OwnComments();
 *   memory.rememberListing({ owner: "acme", repo: "access" }, 12, { plan: { id: 7, body: "<!-- access-pr:plan -->\n…" } });
 *   memory.known({ owner: "acme", repo: "access" }, 12, "plan"); // { comment: { id: 7, body }, complete: true }
 */
import type { RepoRef } from "./client.js";

export interface OwnComment {
  id: number;
  body: string;
}

interface PullComments {
  byKind: Map<string, OwnComment>;
  /**
   * The process listed this pull request's comments (or GitHub counted none on it) and has seen every
   * write of its own since: a kind not held has no comment of ours as far as this process knows. Another
   * replica may still have created one meanwhile; the read-back after every create finds it (marked-comment-create.ts).
   */
  complete: boolean;
}

const weightOf = (pull: PullComments) => [...pull.byKind.values()].reduce((sum, c) => sum + c.body.length, 0);

/** How many pull requests are held at most, whatever their bodies weigh (one listed with none of ours weighs nothing). */
const MAX_PULLS = 20_000;

/** How many pull requests' forget counts are kept (a write in flight needs only its own, for seconds). */
const MAX_FORGET_COUNTS = 10_000;

const keyOf = (repo: RepoRef, pr: number) => `${repo.owner}/${repo.repo}#${pr}`.toLowerCase();

/** The kind a marked body starts with (`<!-- access-pr:KIND -->`), or undefined for an unmarked body. */
export function kindOfBody(body: string): string | undefined {
  return /^<!-- access-pr:(.+?) -->/.exec(body)?.[1];
}

/**
 * Bounded by the characters of the bodies it holds (a comment may reach 65,536) and by the number of
 * pull requests, least recently used pull request dropped first.
 */
export class OwnComments {
  private readonly pulls = new Map<string, PullComments>();
  /** Per pull request, how many times it was forgotten: a write that began before a forget must not be remembered after it. */
  private readonly forgets = new Map<string, number>();
  private chars = 0;

  constructor(
    private readonly maxChars = 8 * 1024 * 1024,
    private readonly maxPulls = MAX_PULLS,
  ) {}

  /** What this process knows of the app's comment of this kind on this pull request. */
  known(repo: RepoRef, pr: number, kind: string): { comment?: OwnComment; complete: boolean } {
    const pull = this.touch(keyOf(repo, pr));
    if (!pull) return { complete: false };
    const comment = pull.byKind.get(kind);
    return { ...(comment ? { comment: { ...comment } } : {}), complete: pull.complete };
  }

  /** Every app comment of every kind, as a fresh listing (or a pull request with no comments at all) shows them. */
  rememberListing(repo: RepoRef, pr: number, byKind: Record<string, OwnComment>): void {
    this.set(keyOf(repo, pr), { byKind: new Map(Object.entries(byKind).map(([kind, c]) => [kind, { ...c }])), complete: true });
  }

  /** The app's comment of this kind now reads `body` (this process wrote it). */
  rememberWrite(repo: RepoRef, pr: number, kind: string, comment: OwnComment): void {
    const key = keyOf(repo, pr);
    const held = this.pulls.get(key);
    const byKind = new Map(held?.byKind);
    byKind.set(kind, { ...comment });
    this.set(key, { byKind, complete: held?.complete ?? false });
  }

  forget(repo: RepoRef, pr: number): void {
    this.forgot(keyOf(repo, pr));
  }

  /** Changes whenever the pull request is forgotten; compare before and after a write. */
  generation(repo: RepoRef, pr: number): number {
    return this.forgets.get(keyOf(repo, pr)) ?? 0;
  }

  /**
   * Forgets the pull request holding this comment id when it was deleted (`bodyNow` undefined) or now
   * reads other than as remembered (edited by someone else, or by another replica); true when forgotten.
   */
  forgetComment(repo: RepoRef, pr: number, commentId: number, bodyNow?: string): boolean {
    const key = keyOf(repo, pr);
    const pull = this.pulls.get(key);
    const held = pull && [...pull.byKind.values()].find((c) => c.id === commentId);
    if (!held || held.body === bodyNow) return false;
    this.forgot(key);
    return true;
  }

  get size(): number {
    return this.pulls.size;
  }

  private touch(key: string): PullComments | undefined {
    const pull = this.pulls.get(key);
    if (pull) {
      this.pulls.delete(key);
      this.pulls.set(key, pull);
    }
    return pull;
  }

  private set(key: string, pull: PullComments): void {
    this.drop(key);
    this.pulls.set(key, pull);
    this.chars += weightOf(pull);
    for (const oldest of this.pulls.keys()) {
      if ((this.chars <= this.maxChars && this.pulls.size <= this.maxPulls) || oldest === key) break;
      this.drop(oldest);
    }
  }

  private forgot(key: string): void {
    this.drop(key);
    // Bounded like the comments: a count for a pull request no longer held is dropped with the oldest.
    this.forgets.set(key, (this.forgets.get(key) ?? 0) + 1);
    if (this.forgets.size > MAX_FORGET_COUNTS) this.forgets.delete(this.forgets.keys().next().value as string);
  }

  private drop(key: string): void {
    const pull = this.pulls.get(key);
    if (!pull) return;
    this.pulls.delete(key);
    this.chars -= weightOf(pull);
  }
}
