/**
 * The reply when `/revoke` revoked in the cloud but GitHub would not let the
 * app record the end on the grant check run (its secondary rate limit, or
 * another failure): what was done, what was not, and what happens next.
 */
import { SecondaryLimitError } from "../github/secondary-limit.js";

/**
 * @example
 *   unrecordedRevokeText("alice", 7, error);
 */
export function unrecordedRevokeText(commenter: string, pr: number, error: unknown): string {
  const why =
    error instanceof SecondaryLimitError
      ? `GitHub's secondary rate limit pauses the app's writes until ${error.pausedUntil.toISOString().replace("T", " ").slice(0, 16)} UTC`
      : "GitHub refused the write";
  return (
    `@${commenter}, the access from #${pr} is revoked in the cloud now. ${why}, so the end is not yet recorded on the \`access-pr / grant\` check: ` +
    "the app keeps this version ended, records the end and reverts the request file as soon as GitHub accepts its writes again. " +
    "If the app restarts before that, comment `/revoke` again."
  );
}

