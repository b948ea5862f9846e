/**
 * The part of GitHub's GraphQL schema the embedded GitHub answers with
 * graphql-js: reading git objects of a repository. Every type, field and
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

  type Query {
    "Lookup a given repository by the owner and repository name."
    repository(owner: String!, name: String!): Repository
  }

  type Repository {
    "The name with owner, e.g. acme/access."
    nameWithOwner: String!
    "A Git object in the repository, by object ID or by a revision expression such as 'main:path/file'."
    object(oid: GitObjectID, expression: String): GitObject
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
    history(first: Int, last: Int, path: String): CommitHistoryConnection!
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
  }
`;

let built: GraphQLSchema | undefined;

/** The schema, built once. */
export function readsSchema(): GraphQLSchema {
  built ??= buildSchema(READS_SDL);
  return built;
}
