import type { ReviewView } from "../core/pull.js";

/**
 * Each reviewer's review in effect, keyed by lower-cased login: the latest
 * non-COMMENTED one; a DISMISSED review clears what came before, as on GitHub.
 *
 * Example: APPROVED then COMMENTED by the same user keeps the approval.
 */
export function latestReviews(reviews: ReviewView[]): Map<string, ReviewView> {
  const ordered = reviews
    .map((review, index) => ({ review, index }))
    .sort((a, b) => Date.parse(a.review.submittedAt) - Date.parse(b.review.submittedAt) || a.index - b.index);
  const latest = new Map<string, ReviewView>();
  for (const { review } of ordered) {
    const key = review.user.toLowerCase();
    if (review.state === "COMMENTED") continue;
    if (review.state === "DISMISSED") latest.delete(key);
    else latest.set(key, review);
  }
  return latest;
}
