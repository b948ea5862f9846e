/** What the app says when it refuses to merge a revert branch or pull request it cannot verify. */
import { code } from "../render/markdown.js";

/** Something the app would not merge: a pull request (by number) or a bare branch, and why. */
export interface RefusedRevert {
  number?: number;
  branch: string;
  headSha: string;
  /** What is wrong, each in words for a person (paths already in code spans). */
  problems: string[];
  /** Who pushed the commit, as established (see describePusher). */
  pusher: string;
}

const MAX_PROBLEMS = 12;

function problemLines(problems: string[]): string[] {
  const shown = problems.slice(0, MAX_PROBLEMS).map((p) => `- ${p}`);
  return problems.length > MAX_PROBLEMS ? [...shown, `- … and ${problems.length - MAX_PROBLEMS} more differences`] : shown;
}

const RULE =
  "access-pr merges its reverts past branch protection, so it merges only a commit whose one parent is the default branch's tip and whose tree is that tip's tree minus exactly the request files it removes.";
const ADVICE = `Find out who pushed it and why. To keep others off these branches, add a ruleset that lets only the app create and push ${code("access-pr/**")} branches.`;

export function whatOf(refused: RefusedRevert): string {
  return refused.number !== undefined ? `#${refused.number} (branch ${code(refused.branch)})` : `the branch ${code(refused.branch)}`;
}

/** Posted on the pull request the app closes instead of merging. */
export function closedForeignText(refused: RefusedRevert): string {
  return [
    `⚠️ **access-pr closed this pull request without merging it: its head ${code(refused.headSha.slice(0, 12))} is not the revert access-pr built.**`,
    "",
    "What differs from the revert:",
    ...problemLines(refused.problems),
    "",
    refused.pusher,
    "",
    `${RULE} It never uses this branch again; the request files are removed by a new revert on a branch of its own.`,
    ADVICE,
  ].join("\n");
}

/** Posted on the new revert, naming each branch or pull request it replaces. */
export function replacedWarningText(refused: RefusedRevert[]): string {
  const blocks = refused.flatMap((r) => ["", `**${whatOf(r)}**, head ${code(r.headSha.slice(0, 12))}:`, ...problemLines(r.problems), r.pusher]);
  return [
    `⚠️ **access-pr did not merge ${refused.map(whatOf).join(", ")}: ${refused.length === 1 ? "it holds" : "they hold"} a commit access-pr did not build.** This pull request replaces ${refused.length === 1 ? "it" : "them"}, on a branch name with 128 random bits that nobody could create in advance.`,
    ...blocks,
    "",
    RULE,
    ADVICE,
  ].join("\n");
}

/** Posted on an earlier revert of the app's that is dropped, with nothing wrong with it. */
export function supersededText(reason: "moved" | "gone"): string {
  return reason === "moved"
    ? "access-pr closed this revert: the default branch moved since it was built, and access-pr merges only a revert built on the current tip. A new revert replaces it."
    : "access-pr closed this revert: the request files it removes are no longer on the default branch.";
}
