/**
 * The part of GitHub's GraphQL schema the embedded GitHub answers with
 * graphql-js: reading git objects of a repository, a branch's tip, and a
 * pull request with its files, commits, reviews and review requests. Every type, field and
 * argument here exists in GitHub's published schema with the same type (a
 * contract test checks it against @octokit/graphql-schema); what GitHub has
 * and the app never asks for is left out, so a query using it fails
 * validation here instead of being answered with something made up.
 */
import { buildSchema } from "graphql";
import type { GraphQLSchema } from "graphql";

export const READS_SDL = /* GraphQL */ `
  "A Git object ID."
  scalar GitObjectID
  "An ISO-8601 encoded UTC date string."
  scalar DateTime
  "An RFC 3986, RFC 3987, and RFC 6570 (level 4) compliant URI string."
  scalar URI

  enum PullRequestState {
    OPEN
    CLOSED
    MERGED
  }

  "The possible types of patch statuses."
  enum PatchStatus {
    ADDED
    CHANGED
    COPIED
    DELETED
    MODIFIED
    RENAMED
  }

  enum PullRequestReviewState {
    PENDING
    COMMENTED
    APPROVED
    CHANGES_REQUESTED
    DISMISSED
  }

  "Represents an object which can take actions on GitHub. Typically a User or Bot."
  interface Actor {
    "The username of the actor (a Bot's without the [bot] suffix the REST API shows)."
    login: String!
  }

  type User implements Actor {
    login: String!
  }

  type Bot implements Actor {
    login: String!
  }

  type Team {
    slug: String!
  }

  "Types that can be requested reviewers."
  union RequestedReviewer = Bot | Team | User

  type PageInfo {
    hasNextPage: Boolean!
    endCursor: String
  }

  type Query {
    "Lookup a given repository by the owner and repository name."
    repository(owner: String!, name: String!): Repository
  }

  type Repository {
    "The name with owner, e.g. acme/access."
    nameWithOwner: String!
    "A Git object in the repository, by object ID or by a revision expression such as 'main:path/file'."
    object(oid: GitObjectID, expression: String): GitObject
    "Fetch a given ref from the repository, e.g. refs/heads/main."
    ref(qualifiedName: String!): Ref
    "Returns a single pull request from the current repository by number."
    pullRequest(number: Int!): PullRequest
  }

  type Ref {
    name: String!
    prefix: String!
    target: GitObject
  }

  type PullRequest {
    id: ID!
    number: Int!
    url: URI!
    state: PullRequestState!
    isDraft: Boolean!
    merged: Boolean!
    mergedAt: DateTime
    mergeCommit: Commit
    author: Actor
    baseRefName: String!
    baseRefOid: GitObjectID!
    headRefName: String!
    headRefOid: GitObjectID!
    headRepository: Repository
    changedFiles: Int!
    files(first: Int, after: String): PullRequestChangedFileConnection
    commits(first: Int, after: String, last: Int): PullRequestCommitConnection!
    reviews(first: Int, after: String): PullRequestReviewConnection
    reviewRequests(first: Int, after: String): ReviewRequestConnection
    comments(first: Int, after: String): IssueCommentConnection!
  }

  type PullRequestChangedFile {
    path: String!
    changeType: PatchStatus!
    additions: Int!
    deletions: Int!
  }

  type PullRequestChangedFileConnection {
    nodes: [PullRequestChangedFile]
    pageInfo: PageInfo!
    totalCount: Int!
  }

  type PullRequestCommit {
    commit: Commit!
  }

  type PullRequestCommitConnection {
    nodes: [PullRequestCommit]
    pageInfo: PageInfo!
    totalCount: Int!
  }

  type PullRequestReview {
    author: Actor
    state: PullRequestReviewState!
    commit: Commit
    submittedAt: DateTime
  }

  type PullRequestReviewConnection {
    nodes: [PullRequestReview]
    pageInfo: PageInfo!
    totalCount: Int!
  }

  type ReviewRequest {
    requestedReviewer: RequestedReviewer
  }

  type ReviewRequestConnection {
    nodes: [ReviewRequest]
    pageInfo: PageInfo!
    totalCount: Int!
  }

  "Only the count: the comments themselves are read through REST."
  type IssueCommentConnection {
    totalCount: Int!
  }

  type GitActor {
    name: String
    email: String
    "The GitHub user corresponding to the email field. Null if no such user exists."
    user: User
  }

  type CommitConnection {
    nodes: [Commit]
    pageInfo: PageInfo!
    totalCount: Int!
  }

  interface GitObject {
    oid: GitObjectID!
    abbreviatedOid: String!
  }

  type Blob implements GitObject {
    oid: GitObjectID!
    abbreviatedOid: String!
    byteSize: Int!
    isBinary: Boolean
    isTruncated: Boolean!
    "UTF8 text data or null if the Blob is binary"
    text: String
  }

  type Commit implements GitObject {
    oid: GitObjectID!
    abbreviatedOid: String!
    "The tree entry representing the file located at the given path."
    file(path: String!): TreeEntry
    "The linear commit history starting from (and including) this commit, in the same order as git log."
    history(first: Int, after: String, last: Int, path: String): CommitHistoryConnection!
    "The merged Pull Request that introduced the commit to the repository. If the commit is not present in the default branch, additionally returns open Pull Requests associated with the commit"
    associatedPullRequests(first: Int, after: String, last: Int): PullRequestConnection
    parents(first: Int, after: String): CommitConnection!
    author: GitActor
    committer: GitActor
    "The check suites associated with a commit."
    checkSuites(first: Int, after: String, last: Int, filterBy: CheckSuiteFilter): CheckSuiteConnection
  }

  input CheckSuiteFilter {
    appId: Int
    checkName: String
  }

  input CheckRunFilter {
    appId: Int
    checkName: String
    checkType: CheckRunType
  }

  enum CheckRunType {
    ALL
    LATEST
  }

  type App {
    databaseId: Int
    slug: String!
  }

  type CheckSuite {
    databaseId: Int
    app: App
    commit: Commit!
    checkRuns(first: Int, after: String, last: Int, filterBy: CheckRunFilter): CheckRunConnection
  }

  type CheckSuiteConnection {
    nodes: [CheckSuite]
    pageInfo: PageInfo!
    totalCount: Int!
  }

  type CheckRun {
    databaseId: Int
    name: String!
    externalId: String
  }

  type CheckRunConnection {
    nodes: [CheckRun]
    pageInfo: PageInfo!
    totalCount: Int!
  }

  type Tree implements GitObject {
    oid: GitObjectID!
    abbreviatedOid: String!
    entries: [TreeEntry!]
  }

  type TreeEntry {
    mode: Int!
    name: String!
    path: String
    oid: GitObjectID!
    type: String!
    size: Int!
    object: GitObject
  }

  type CommitHistoryConnection {
    nodes: [Commit]
    pageInfo: PageInfo!
    totalCount: Int!
  }

  type PullRequestConnection {
    nodes: [PullRequest]
    pageInfo: PageInfo!
    totalCount: Int!
  }
`;

let built: GraphQLSchema | undefined;

/** The schema, built once. */
export function readsSchema(): GraphQLSchema {
  built ??= buildSchema(READS_SDL);
  return built;
}
