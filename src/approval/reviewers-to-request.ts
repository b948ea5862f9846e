import type { ApprovalResult } from "./types.js";

/** Who to ask for a review: logins and "org/team" slugs, without the "@". */
export interface ReviewRequest {
  users: string[];
  teams: string[];
}

/**
 * The reviewers to request so that what is missing can be given: the
 * candidates of every missing approval, each once, except people whose
 * approval already counted. Candidates already leave out the author,
 * contributors and email owners.
 *
 * Example: a missing `{ candidates: ["@alice", "@acme/sre"] }` gives
 * `{ users: ["alice"], teams: ["acme/sre"] }`.
 */
export function reviewersToRequest(result: Pick<ApprovalResult, "missing" | "counted">): ReviewRequest {
  const approved = new Set(result.counted.map((login) => login.toLowerCase()));
  const users = new Map<string, string>();
  const teams = new Map<string, string>();
  for (const missing of result.missing) {
    for (const candidate of missing.candidates) {
      const name = candidate.replace(/^@/, "");
      const into = name.includes("/") ? teams : users;
      if (into === users && approved.has(name.toLowerCase())) continue;
      if (!into.has(name.toLowerCase())) into.set(name.toLowerCase(), name);
    }
  }
  return { users: [...users.values()], teams: [...teams.values()] };
}
