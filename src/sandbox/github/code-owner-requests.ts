/**
 * The review requests GitHub itself makes to code owners, as "About code
 * owners" documents them (github/docs, content/repositories/
 * managing-your-repositorys-settings-and-features/customizing-your-repository/
 * about-code-owners.md):
 *
 * - "Code owners are automatically requested for review when someone opens a
 *   pull request that modifies code that they own. Code owners are not
 *   automatically requested to review draft pull requests. [...] When you mark
 *   a draft pull request as ready for review, code owners are automatically
 *   notified."
 * - "For code owners to receive review requests, the CODEOWNERS file must be on
 *   the base branch of the pull request"; of `.github/`, the root and `docs/`,
 *   "the first one it finds" is used; a file of 3 MB or more is not loaded.
 * - "The people you choose as code owners must have write permissions for the
 *   repository. When the code owner is a team, that team must be visible and it
 *   must have write permissions" (the emulator's teams are all visible).
 * - The author is never requested (a request naming the author is refused:
 *   pulls/request-reviewers), though a team the author belongs to still is.
 *
 * A push that makes the pull request touch files of owners it has not asked yet
 * asks them too (observed on github.com, not in the docs); owners asked before
 * are not asked again by a push. Each request is also a `pull_request`
 * `review_requested` webhook, one per reviewer, sent by whoever caused it, as
 * for requests made through the API (@octokit/webhooks-examples: the example
 * `review_requested` has the author as sender, at the time the pull request was
 * opened, and the `opened` examples already list the requested reviewer).
 */
import { CODEOWNERS_LOCATIONS, readCodeowners } from "../../codeowners/locate-codeowners.js";
import { ownerKind, ownerName } from "../../codeowners/owner-kind.js";
import { ownersOf } from "../../codeowners/owners-of.js";
import type { ParsedCodeowners } from "../../codeowners/types.js";
import type { Hub } from "./hub.js";
import type { Permission, Pull, Repo, User } from "./model.js";
import { simpleUser, teamShape } from "./shapes-common.js";
import { pullShape } from "./shapes-pull.js";

/** Reviewers to ask: user logins and teams as "org/slug". */
export interface Reviewers {
  users: string[];
  teams: string[];
}

/** What made GitHub look at the code owners: a push asks only owners it has not asked on this pull request before. */
export type OwnersMoment = "opened" | "ready_for_review" | "push";

const CAN_OWN: ReadonlySet<Permission> = new Set<Permission>(["write", "maintain", "admin"]);

/** Everyone GitHub has requested as a code owner on a pull request (lower-cased). */
const askedBefore = new WeakMap<Pull, Set<string>>();
/** The last CODEOWNERS read per repository, by blob sha: a file is parsed once, not on every pull request. */
const parsedCache = new WeakMap<Repo, { sha: string; parsed: ParsedCodeowners }>();

/** The CODEOWNERS GitHub uses at `commit`: the first of its three places; none when absent or too large. */
async function codeownersAt(repo: Repo, commit: string): Promise<ParsedCodeowners | null> {
  for (const path of CODEOWNERS_LOCATIONS) {
    const [entry] = await repo.git.lsTree(commit, { path });
    if (entry?.type !== "blob" || entry.path !== path) continue;
    const cached = parsedCache.get(repo);
    if (cached?.sha === entry.sha) return cached.parsed;
    const { parsed } = readCodeowners(path, (await repo.git.readBlob(entry.sha)).toString("utf8"));
    parsedCache.set(repo, { sha: entry.sha, parsed });
    return parsed;
  }
  return null;
}

/** Logins are case-insensitive on GitHub: `@Bob` in CODEOWNERS is bob. */
function userByLogin(hub: Hub, login: string): User | undefined {
  const exact = hub.users.get(login);
  if (exact) return exact;
  for (const user of hub.users.values()) if (user.login.toLowerCase() === login.toLowerCase()) return user;
  return undefined;
}

function mayOwn(hub: Hub, repo: Repo, pull: Pull, user: User | undefined): user is User {
  return user !== undefined && user.type === "User" && user.login.toLowerCase() !== pull.user.toLowerCase() && CAN_OWN.has(hub.permission(repo, user.login));
}

/**
 * The reviewers GitHub would request for the files the pull request changes:
 * the owners of each changed path (a rename's old path too) under the base
 * branch's CODEOWNERS, keeping only users and teams that may own code.
 */
export async function codeOwnersOf(hub: Hub, repo: Repo, pull: Pull): Promise<Reviewers> {
  const found: Reviewers = { users: [], teams: [] };
  const tip = await repo.git.readRef(`refs/heads/${pull.base}`);
  const parsed = tip === null ? null : await codeownersAt(repo, tip);
  if (parsed === null || parsed.rules.length === 0) return found;
  const mergeBase = (await repo.git.mergeBase(pull.baseSha, pull.headSha)) ?? pull.baseSha;
  const owners = new Set<string>();
  for (const entry of await repo.git.diff(mergeBase, pull.headSha, { renames: true })) {
    for (const path of entry.previousPath === undefined ? [entry.path] : [entry.path, entry.previousPath]) {
      for (const owner of ownersOf(parsed, path).owners) owners.add(owner);
    }
  }
  for (const owner of owners) {
    const kind = ownerKind(owner);
    if (kind === "team") {
      const team = hub.teams.get(ownerName(owner).toLowerCase());
      const access = team ? repo.teamAccess?.get(`${team.org}/${team.slug}`.toLowerCase()) : undefined;
      if (team && team.org.toLowerCase() === repo.owner.toLowerCase() && access !== undefined && CAN_OWN.has(access)) found.teams.push(`${team.org}/${team.slug}`);
      continue;
    }
    const user = kind === "email" ? hub.userByEmail(owner) : userByLogin(hub, ownerName(owner));
    if (mayOwn(hub, repo, pull, user) && !found.users.includes(user.login)) found.users.push(user.login);
  }
  return found;
}

/**
 * Requests the code owners GitHub would request at this moment and returns
 * who was newly requested (nobody for a draft). Call with the repository lock
 * held, then deliver the webhooks with {@link emitReviewRequested}.
 */
export async function requestCodeOwners(hub: Hub, repo: Repo, pull: Pull, moment: OwnersMoment): Promise<Reviewers> {
  if (pull.draft || pull.state !== "open") return { users: [], teams: [] };
  const owners = await codeOwnersOf(hub, repo, pull);
  const asked = askedBefore.get(pull) ?? new Set<string>();
  askedBefore.set(pull, asked);
  const fresh = (name: string, pending: string[]) => !pending.some((p) => p.toLowerCase() === name.toLowerCase()) && !(moment === "push" && asked.has(name.toLowerCase()));
  const added: Reviewers = { users: owners.users.filter((u) => fresh(u, pull.requestedReviewers)), teams: owners.teams.filter((t) => fresh(t, pull.requestedTeams)) };
  pull.requestedReviewers.push(...added.users);
  pull.requestedTeams.push(...added.teams);
  for (const name of [...added.users, ...added.teams]) asked.add(name.toLowerCase());
  return added;
}

/** One `pull_request` `review_requested` webhook per newly requested user or team (webhook-events-and-payloads#pull_request). */
export async function emitReviewRequested(hub: Hub, repo: Repo, pull: Pull, sender: string, added: Reviewers): Promise<void> {
  if (added.users.length + added.teams.length === 0) return;
  const pullRequest = await pullShape(hub, repo, pull);
  for (const login of added.users) {
    hub.emit("pull_request", repo, sender, { action: "review_requested", number: pull.number, requested_reviewer: simpleUser(hub, hub.user(login)), pull_request: pullRequest });
  }
  for (const key of added.teams) {
    const [org = "", slug = ""] = key.split("/");
    hub.emit("pull_request", repo, sender, { action: "review_requested", number: pull.number, requested_team: teamShape(hub, hub.team(org, slug)), pull_request: pullRequest });
  }
}

/**
 * GraphQL `markPullRequestReadyForReview`: a draft becomes ready, GitHub sends
 * `ready_for_review`, and the code owners are requested (About code owners:
 * "When you mark a draft pull request as ready for review, code owners are
 * automatically notified"). A pull request that is no draft is left as it is.
 */
export async function markReadyForReview(hub: Hub, repo: Repo, pull: Pull, login: string): Promise<void> {
  if (!pull.draft || pull.state !== "open") return;
  pull.draft = false;
  pull.updatedAt = hub.now();
  const added = await requestCodeOwners(hub, repo, pull, "ready_for_review");
  hub.emit("pull_request", repo, login, { action: "ready_for_review", number: pull.number, pull_request: await pullShape(hub, repo, pull) });
  await emitReviewRequested(hub, repo, pull, login, added);
}
