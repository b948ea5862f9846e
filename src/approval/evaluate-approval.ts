import type { ReviewView } from "../core/pull.js";
import { latestReviews } from "./latest-reviews.js";
import type { Memberships } from "./people.js";
import { approvesFor, listForPeople, membershipsOf, plural, speaksFor } from "./people.js";
import type { OwnedPath } from "./requirements.js";
import { missingOwner, missingQuorum, ownedPaths, touchedPaths } from "./requirements.js";
import type { ApprovalInput, ApprovalResult, MissingApproval, Quorum, ReviewNote } from "./types.js";

const short = (sha: string): string => sha.slice(0, 7);

/** What a pull request lacks when no CODEOWNERS line and no rule names anyone: it can never be approved, so it never grants. */
export const NOBODY_NAMED: MissingApproval = {
  need:
    "an approval from a person other than the author and the pushers, but no CODEOWNERS line owns the changed files and no matched rule names approvers, so nobody can give it; " +
    "add a CODEOWNERS line for these paths or approvers to the rule on the default branch",
  candidates: [],
};

/** People who can never approve this pull request (invariant 3), with the reason, keyed by lower-cased login. */
function excludedPeople(author: string, contributors: string[]): Map<string, string> {
  const excluded = new Map<string, string>([[author.toLowerCase(), "opened the pull request, so cannot approve it"]]);
  for (const login of contributors) {
    if (!excluded.has(login.toLowerCase())) excluded.set(login.toLowerCase(), "authored or pushed commits to the pull request, so cannot approve it");
  }
  return excluded;
}

/** Which role makes a person's review matter, or undefined when it does not. */
function roleOf(login: string, owned: OwnedPath[], quorums: Quorum[], memberships: Memberships): string | undefined {
  const path = owned.find((o) => o.owners.some((owner) => speaksFor(owner, login, memberships)))?.path;
  if (path !== undefined) return `a code owner of ${path}`;
  const rule = quorums.find((q) => approvesFor(q.users, q.teams, login, memberships))?.rule;
  return rule === undefined ? undefined : `an approver for rule '${rule}'`;
}

function summarize(status: ApprovalResult["status"], missing: MissingApproval[], counted: string[], blockers: ReviewNote[]): string {
  if (status === "blocked") {
    return `Blocked: ${listForPeople(blockers.map((b) => `@${b.login}`))} requested changes; the pull request needs their approval or a dismissal of that review.`;
  }
  if (status === "approved") {
    return counted.length > 0
      ? `Approved by ${listForPeople(counted.map((c) => `@${c}`))}: every changed file has a code owner's approval and every rule's quorum is met.`
      : "Approved: this change grants nothing, and no changed file has a code owner.";
  }
  const files = missing.filter((m) => m.path !== undefined).length;
  const rules = missing.filter((m) => m.rule !== undefined).length;
  const parts = [
    ...(missing.includes(NOBODY_NAMED) ? ["nobody is named who could approve it (no CODEOWNERS line and no rule approvers)"] : []),
    ...(files > 0 ? [`${plural(files, "file needs", "files need")} a code owner's approval`] : []),
    ...(rules > 0 ? [`${plural(rules, "rule needs", "rules need")} more approvers`] : []),
  ];
  return `Waiting for approval: ${listForPeople(parts)}.`;
}

/**
 * Decides whether a pull request is approved at its current head: every
 * touched path (renames count twice) has an approving code owner, every
 * matched rule's quorum is met by distinct people, and no code owner or rule
 * approver requests changes. The author and contributors never count.
 *
 * Example:
 * ```ts
 * const result = evaluateApproval({ pull, codeowners: parseCodeowners(text), quorums: [{ rule: "prod", users: [], teams: ["acme/sre"], min: 1 }], teams: { "acme/sre": ["bob"] } });
 * result.status; // "approved" once @bob approved the head
 * ```
 */
export function evaluateApproval(input: ApprovalInput): ApprovalResult {
  const { pull, codeowners, quorums } = input;
  const memberships = membershipsOf(input.teams);
  const excluded = excludedPeople(pull.author, pull.contributors);
  const owned = ownedPaths(codeowners, touchedPaths(pull.changedFiles));

  const approvers: string[] = [];
  const displayName = new Map<string, string>();
  const ignored: ReviewNote[] = [];
  const blockers: ReviewNote[] = [];
  const latest: ReviewView[] = [...latestReviews(pull.reviews).values()];
  for (const review of latest) {
    const login = review.user.toLowerCase();
    displayName.set(login, review.user);
    const role = roleOf(login, owned, quorums, memberships);
    if (review.state === "CHANGES_REQUESTED") {
      if (role !== undefined) blockers.push({ login: review.user, why: `requested changes as ${role}` });
      else ignored.push({ login: review.user, why: "requested changes, but is neither a code owner of the changed files nor an approver of a matched rule" });
    } else if (review.bot === true) {
      ignored.push({ login: review.user, why: "is a bot or app account; only a person's approval counts" });
    } else if (excluded.has(login)) {
      ignored.push({ login: review.user, why: excluded.get(login) as string });
    } else if (!pull.pushers.known) {
      ignored.push({ login: review.user, why: `approved, but ${pull.pushers.why}, so no approval of this head can count` });
    } else if (review.commitId !== pull.headSha) {
      ignored.push({ login: review.user, why: `approved commit ${short(review.commitId)}, not the current head ${short(pull.headSha)}; an approval counts only for the head` });
    } else if (role === undefined) {
      ignored.push({
        login: review.user,
        why: "approved, but is neither a code owner of the changed files (directly or as an active team member) nor an approver of a matched rule",
      });
    } else {
      approvers.push(login);
    }
  }

  const missing: MissingApproval[] = [
    ...owned.flatMap((o) => missingOwner(o, approvers, excluded, memberships) ?? []),
    ...quorums.flatMap((q) => missingQuorum(q, approvers, excluded, memberships) ?? []),
  ];
  if (approvers.length === 0 && missing.length === 0 && input.requireHuman !== false) missing.push(NOBODY_NAMED);
  const counted = approvers.map((login) => displayName.get(login) ?? login);
  const status = blockers.length > 0 ? "blocked" : missing.length > 0 || !pull.pushers.known ? "pending" : "approved";
  const summary = status === "pending" && !pull.pushers.known ? `No approval can count: ${pull.pushers.why}. To fix: ${pull.pushers.fix}.` : summarize(status, missing, counted, blockers);
  return { status, summary, missing, counted, ignored, blockers };
}
