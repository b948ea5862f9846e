/**
 * Reads a pull request, its files, commits, reviews and requested reviewers,
 * with the default branch's tip, in one GraphQL query; who pushed its head
 * comes from GitHub's activity log (REST only). Whatever the query cannot
 * give exactly as the pulls REST API gives it is read through REST instead,
 * whole, so a decision never rests on an answer REST would give differently:
 *
 * - a query that fails (HTTP, network, any GraphQL error) or answers null;
 * - more than one page of files, commits, reviews or review requests (REST
 *   lists up to 3,000 files and 250 commits, and decidePull refuses a PR
 *   with more than were listed);
 * - a renamed or copied file (GraphQL's changed files carry no previous
 *   path) or a change type REST does not name;
 * - an author or reviewer that is neither a User nor a Bot.
 *
 * A Bot's login comes from GraphQL without the `[bot]` suffix REST shows
 * ("kodiakhq" for "kodiakhq[bot]"), so it is added back: the app tells its
 * own pull requests by that login.
 */
import type { ChangedFile, PullView, ReviewState, ReviewView } from "../core/pull.js";
import { noteMergedFiles } from "./merged-files.js";
import type { GitHubClient, RepoRef } from "./client.js";
import { readPushRecord } from "./pushers.js";

const REVIEW_STATES = new Set<ReviewState>(["APPROVED", "CHANGES_REQUESTED", "COMMENTED", "DISMISSED"]);

/** GraphQL's PatchStatus as the REST API names it; RENAMED and COPIED need REST's previous path. */
const CHANGE_TYPES: Record<string, ChangedFile["status"]> = { ADDED: "added", DELETED: "removed", MODIFIED: "modified", CHANGED: "changed" };

/** One page is all the query asks for; more is read through REST. */
const PAGE = 100;

export const PULL_VIEW_QUERY = /* GraphQL */ `
  query PullView($owner: String!, $name: String!, $number: Int!, $tip: String!, $checks: Boolean!, $appId: Int) {
    repository(owner: $owner, name: $name) {
      tip: ref(qualifiedName: $tip) { target { oid } }
      pullRequest(number: $number) {
        number state isDraft merged mergedAt
        mergeCommit { oid parents(first: 2) { nodes { oid } } }
        author { __typename login }
        baseRefName baseRefOid headRefName headRefOid
        headRepository { nameWithOwner }
        changedFiles
        files(first: ${PAGE}) { totalCount pageInfo { hasNextPage } nodes { path changeType } }
        commits(first: ${PAGE}) { totalCount pageInfo { hasNextPage } nodes { commit { author { user { login } } committer { user { login } } } } }
        reviews(first: ${PAGE}) { pageInfo { hasNextPage } nodes { author { __typename login } state commit { oid } submittedAt } }
        reviewRequests(first: ${PAGE}) { pageInfo { hasNextPage } nodes { requestedReviewer { __typename ... on User { login } ... on Bot { login } ... on Team { slug } } } }
        comments { totalCount }
        head: commits(last: 1) @include(if: $checks) { nodes { commit { oid checkSuites(first: 10, filterBy: { appId: $appId }) { pageInfo { hasNextPage } nodes { app { databaseId } checkRuns(filterBy: { checkType: ALL }) { totalCount } } } } } }
      }
    }
  }
`;

/** What the merge of a pull request is, as read with it. */
export interface PullMerge {
  mergedAt: string | null;
  mergeCommitSha: string | null;
  /** The merge commit's first parent, when the query gave it (REST reads it from the commit). */
  firstParent?: string;
}

export interface LoadedPull {
  view: PullView;
  /** The default branch's tip read in the same query (absent when read through REST: ask for it separately). */
  tip?: string;
  merge: PullMerge;
}

/** The parts of a pull request read from GitHub before who pushed its head is known. */
interface PullRead {
  author: string;
  baseRef: string;
  baseSha: string;
  headSha: string;
  headRef: string;
  headRepo: string | null;
  open: boolean;
  draft: boolean;
  files: ChangedFile[];
  filesTotal: number;
  commitLogins: string[];
  commitsListed: number;
  commitsTotal: number;
  reviews: ReviewView[];
  requested: { users: string[]; teams: string[] };
  comments: number;
  merge: PullMerge;
  tip?: string;
  ownRunsOnHead?: number;
}

/**
 * Reads a pull request (and the default branch's tip) into the core's PullView.
 *
 * @example
 *   const { view, tip, merge } = await loadPull(gh, { owner: "acme", repo: "access" }, 12, "main");
 *   view.reviews;       // ReviewView[], chronological
 *   tip;                // the tip of main, or undefined when read through REST
 *   merge.mergeCommitSha;
 */
export async function loadPull(gh: GitHubClient, repo: RepoRef, number: number, defaultBranch: string, appId?: number): Promise<LoadedPull> {
  const read = (await readByQuery(gh, repo, number, defaultBranch, appId)) ?? (await readByRest(gh, repo, number));
  const pushers = await readPushRecord(gh, repo, { ref: read.headRef, sha: read.headSha, repoFullName: read.headRepo });
  // A commit's author and committer can name anyone, so they only ever exclude; who pushed comes from GitHub's log.
  const contributors = new Set<string>([...(pushers.known ? pushers.pushers : []), ...read.commitLogins]);
  const view: PullView = {
    repo: `${repo.owner}/${repo.repo}`,
    number,
    author: read.author,
    baseRef: read.baseRef,
    baseSha: read.baseSha,
    headSha: read.headSha,
    defaultBranch,
    open: read.open,
    draft: read.draft,
    changedFiles: read.files,
    contributors: [...contributors],
    listing: { files: read.files.length, filesTotal: read.filesTotal, commits: read.commitsListed, commitsTotal: read.commitsTotal },
    requested: read.requested,
    pushers,
    comments: read.comments,
    ...(read.ownRunsOnHead === undefined ? {} : { ownRunsOnHead: read.ownRunsOnHead }),
    reviews: read.reviews,
  };
  // A merged pull request's files are fixed at its merge: the closed handler reads them from here (merged-files.ts).
  if (read.merge.mergedAt && read.merge.mergeCommitSha && read.files.length >= read.filesTotal) noteMergedFiles(repo, number, read.merge.mergeCommitSha, read.files);
  return { view, ...(read.tip !== undefined ? { tip: read.tip } : {}), merge: read.merge };
}

/** The pull request as the core sees it (see loadPull). */
export async function loadPullView(gh: GitHubClient, repo: RepoRef, number: number, defaultBranch: string): Promise<PullView> {
  return (await loadPull(gh, repo, number, defaultBranch)).view;
}

export interface Actor {
  __typename?: string;
  login?: string;
}

export interface Connection<T> {
  totalCount?: number;
  pageInfo?: { hasNextPage?: boolean };
  nodes?: Array<T | null> | null;
}

interface PullNode {
  number?: number;
  state?: string;
  isDraft?: boolean;
  mergedAt?: string | null;
  mergeCommit?: { oid?: string; parents?: Connection<{ oid?: string }> } | null;
  author?: Actor | null;
  baseRefName?: string;
  baseRefOid?: string;
  headRefName?: string;
  headRefOid?: string;
  headRepository?: { nameWithOwner?: string } | null;
  changedFiles?: number;
  head?: Connection<{ commit?: { oid?: string; checkSuites?: Connection<{ app?: { databaseId?: number } | null; checkRuns?: { totalCount?: number } | null }> | null } }> | null;
  files?: Connection<{ path?: string; changeType?: string }> | null;
  commits?: Connection<{ commit?: { author?: { user?: { login?: string } | null } | null; committer?: { user?: { login?: string } | null } | null } }> | null;
  reviews?: Connection<{ author?: Actor | null; state?: string; commit?: { oid?: string } | null; submittedAt?: string | null }> | null;
  reviewRequests?: Connection<{ requestedReviewer?: (Actor & { slug?: string }) | null }> | null;
  comments?: { totalCount?: number } | null;
}

/** The REST login of a GraphQL actor (a Bot's with `[bot]`), or undefined when REST might name it otherwise. */
export function restLogin(actor: Actor | null | undefined): { login: string; bot: boolean } | undefined {
  if (!actor || typeof actor.login !== "string" || actor.login === "") return undefined;
  if (actor.__typename === "User") return { login: actor.login, bot: false };
  if (actor.__typename === "Bot") return { login: actor.login.endsWith("[bot]") ? actor.login : `${actor.login}[bot]`, bot: true };
  return undefined;
}

/** Every node of a connection GitHub listed whole in one page, or undefined. */
export function whole<T>(connection: Connection<T> | null | undefined): T[] | undefined {
  if (!connection || connection.pageInfo?.hasNextPage !== false || !Array.isArray(connection.nodes)) return undefined;
  if (connection.nodes.some((node) => node === null)) return undefined;
  return connection.nodes as T[];
}

/** The pull request by one GraphQL query, or undefined when any part of it must come from REST. */
async function readByQuery(gh: GitHubClient, repo: RepoRef, number: number, defaultBranch: string, appId?: number): Promise<PullRead | undefined> {
  let data: { repository?: { tip?: { target?: { oid?: string } | null } | null; pullRequest?: PullNode | null } | null };
  try {
    data = await gh.graphql(PULL_VIEW_QUERY, { owner: repo.owner, name: repo.repo, number, tip: `refs/heads/${defaultBranch}`, checks: appId !== undefined, appId: appId ?? null });
  } catch {
    // Any failure (HTTP, network, or a GraphQL error beside partial data): REST reads it, and its failure fails the evaluation.
    return undefined;
  }
  const pull = data.repository?.pullRequest;
  if (!pull || pull.number !== number) return undefined;
  const author = restLogin(pull.author);
  const files = whole(pull.files);
  const commits = whole(pull.commits);
  const reviews = whole(pull.reviews);
  const requests = whole(pull.reviewRequests);
  const shas = [pull.baseRefOid, pull.headRefOid];
  if (!author || !files || !commits || !reviews || !requests || typeof pull.baseRefName !== "string" || typeof pull.headRefName !== "string") return undefined;
  if (!shas.every((sha): sha is string => typeof sha === "string") || typeof pull.changedFiles !== "number" || typeof pull.commits?.totalCount !== "number") return undefined;

  const changed: ChangedFile[] = [];
  for (const file of files) {
    const status = CHANGE_TYPES[file.changeType ?? ""];
    if (!status || typeof file.path !== "string") return undefined;
    changed.push({ path: file.path, status });
  }
  const reviewViews: ReviewView[] = [];
  for (const review of reviews) {
    if (!REVIEW_STATES.has(review.state as ReviewState)) continue;
    // A reviewer GitHub no longer knows (a deleted account) is skipped, as REST's null user is.
    if (review.author === null) continue;
    const who = restLogin(review.author);
    if (!who) return undefined;
    reviewViews.push({ user: who.login, state: review.state as ReviewState, commitId: review.commit?.oid ?? "", submittedAt: review.submittedAt ?? "", bot: who.bot });
  }
  const users: string[] = [];
  const teams: string[] = [];
  for (const { requestedReviewer: reviewer } of requests) {
    if (reviewer?.__typename === "Team" && typeof reviewer.slug === "string") teams.push(`${repo.owner}/${reviewer.slug}`);
    else {
      const who = restLogin(reviewer);
      if (who) users.push(who.login);
    }
  }
  const commitLogins = commits.flatMap(({ commit }) => [commit?.author?.user?.login, commit?.committer?.user?.login].filter((login): login is string => typeof login === "string"));
  const mergeCommitSha = pull.mergeCommit?.oid ?? null;
  const firstParent = pull.mergeCommit?.parents?.nodes?.[0]?.oid;
  const tip = data.repository?.tip?.target?.oid;
  return {
    author: author.login,
    baseRef: pull.baseRefName,
    baseSha: pull.baseRefOid as string,
    headSha: pull.headRefOid as string,
    headRef: pull.headRefName,
    headRepo: pull.headRepository?.nameWithOwner ?? null,
    open: pull.state === "OPEN",
    draft: pull.isDraft === true,
    files: changed,
    filesTotal: pull.changedFiles,
    commitLogins,
    commitsListed: commits.length,
    commitsTotal: pull.commits.totalCount,
    reviews: reviewViews,
    requested: { users, teams },
    comments: pull.comments?.totalCount ?? 1,
    merge: { mergedAt: pull.mergedAt ?? null, mergeCommitSha, ...(typeof firstParent === "string" ? { firstParent } : {}) },
    ...(typeof tip === "string" ? { tip } : {}),
    ...(appId === undefined ? {} : ownRuns(pull, appId)),
  };
}

/**
 * How many check runs the app has on the pull request's head, counted across the app's check suites there
 * (GitHub may hold an empty suite for the app): nothing when the answer is not certainly about the head read
 * with it (another head, more suites than one page) or not certainly the app's.
 */
function ownRuns(pull: PullNode, appId: number): { ownRunsOnHead?: number } {
  const head = pull.head?.nodes?.at(-1)?.commit;
  const suites = head?.checkSuites;
  if (!head || head.oid !== pull.headRefOid || !suites?.nodes || suites.pageInfo?.hasNextPage !== false) return {};
  let runs = 0;
  for (const suite of suites.nodes) {
    if (!suite) return {};
    // The server filtered by app: a suite of another app in the answer means the filter did not hold, and nothing is claimed.
    if (suite.app?.databaseId !== appId) return {};
    if (typeof suite.checkRuns?.totalCount !== "number") return {};
    runs += suite.checkRuns.totalCount;
  }
  return { ownRunsOnHead: runs };
}

/** The pull request through the pulls REST API: four reads. */
async function readByRest(gh: GitHubClient, repo: RepoRef, number: number): Promise<PullRead> {
  const params = { ...repo, pull_number: number, per_page: 100 };
  const [{ data: pull }, files, commits, reviews] = await Promise.all([
    gh.rest.pulls.get({ ...repo, pull_number: number }),
    gh.paginate(gh.rest.pulls.listFiles, params),
    gh.paginate(gh.rest.pulls.listCommits, params),
    gh.paginate(gh.rest.pulls.listReviews, params),
  ]);
  return {
    author: pull.user.login,
    baseRef: pull.base.ref,
    baseSha: pull.base.sha,
    headSha: pull.head.sha,
    headRef: pull.head.ref,
    headRepo: pull.head.repo?.full_name ?? null,
    open: pull.state === "open",
    draft: pull.draft === true,
    files: files.map((file) => ({ path: file.filename, status: file.status, ...(file.previous_filename ? { previousPath: file.previous_filename } : {}) })),
    filesTotal: pull.changed_files,
    commitLogins: commits.flatMap((commit) => [commit.author?.login, commit.committer?.login].filter((login): login is string => typeof login === "string")),
    commitsListed: commits.length,
    commitsTotal: pull.commits,
    reviews: reviews
      .filter((review) => review.user && REVIEW_STATES.has(review.state as ReviewState))
      .map((review) => ({
        user: review.user!.login,
        state: review.state as ReviewState,
        commitId: review.commit_id ?? "",
        submittedAt: review.submitted_at ?? "",
        bot: review.user!.type === "Bot",
      })),
    requested: {
      users: (pull.requested_reviewers ?? []).map((user) => user.login),
      teams: (pull.requested_teams ?? []).map((team) => `${repo.owner}/${team.slug}`),
    },
    comments: pull.comments,
    merge: { mergedAt: pull.merged_at, mergeCommitSha: pull.merge_commit_sha },
  };
}
