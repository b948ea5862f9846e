/**
 * Who may be asked for a review, as GitHub decides it for "Request reviewers
 * for a pull request" (pulls/request-reviewers): the call is refused with 422
 * when it names the pull request's author, or a user or team without access to
 * the repository, and then none of the call's reviewers are requested.
 */
import type { Hub } from "./hub.js";
import { HttpError } from "./http-kit.js";
import type { Pull, Repo } from "./model.js";

/** A collaborator: someone with access of their own (not merely a reader of a public repository). */
function hasAccess(hub: Hub, repo: Repo, login: string): boolean {
  const user = hub.users.get(login);
  if (!user || user.type === "Organization") return false;
  if (user.admin || login === repo.owner) return true;
  const own = repo.collaborators.get(login);
  if (own !== undefined) return own !== "none";
  return repo.private && hub.permission(repo, login) !== "none";
}

/** Throws GitHub's 422 for the first reason the whole request is refused; requests nothing in that case. */
export function refuseReviewers(hub: Hub, repo: Repo, pull: Pull, users: string[], teams: string[]): void {
  if (users.some((login) => login.toLowerCase() === pull.user.toLowerCase())) {
    throw new HttpError(422, "Review cannot be requested from pull request author.");
  }
  const outsider = users.some((login) => !hasAccess(hub, repo, login));
  const unknownTeam = teams.some((key) => !hub.teams.has(key.toLowerCase()));
  if (outsider || unknownTeam) {
    throw new HttpError(422, `Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the ${repo.fullName} repository.`);
  }
}
