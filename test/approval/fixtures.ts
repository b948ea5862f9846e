import { parseCodeowners } from "../../src/codeowners/parse-codeowners.js";
import type { ChangedFile, PullView, ReviewState, ReviewView } from "../../src/core/pull.js";

export const HEAD = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
export const OLD = "0f9e8d7c6b5a49382716f5e4d3c2b1a098765432";

/** A small access repo's CODEOWNERS, as on the base branch. */
export const CODEOWNERS = parseCodeowners(
  [
    "* @acme/platform",
    "/requests/gcp/ @acme/sre @alice",
    "/requests/azure/ @bob",
    "/requests/vendor/ vendor-security@example.com",
    "/requests/sandbox/",
    "/requests/solo/ @rita",
  ].join("\n"),
);

/** Active members only: zoe's invitation to acme/sre is still pending, so she is absent. */
export const TEAMS = {
  "acme/sre": ["carol", "dave", "rita", "pete"],
  "acme/platform": ["erin"],
};

export const GCP_FILE: ChangedFile = { path: "requests/gcp/prod/db.yaml", status: "added" };

let clock = Date.parse("2026-11-24T08:00:00Z");

/** A review submitted one minute after the previous one. */
export function review(user: string, state: ReviewState, commitId = HEAD): ReviewView {
  clock += 60_000;
  return { user, state, commitId, submittedAt: new Date(clock).toISOString() };
}

/** rita opened the pull request; pete pushed a fix to it. */
export function pullWith(reviews: ReviewView[], changedFiles: ChangedFile[] = [GCP_FILE]): PullView {
  return {
    repo: "acme/access",
    number: 7,
    author: "rita",
    baseRef: "main",
    baseSha: OLD,
    headSha: HEAD,
    defaultBranch: "main",
    changedFiles,
    contributors: ["rita", "pete"],
    pushers: { known: true, pushers: ["rita", "pete"] },
    reviews,
  };
}
