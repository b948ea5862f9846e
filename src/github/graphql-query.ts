/**
 * Tells a GraphQL read from a write. Every GraphQL request is an HTTP POST,
 * but GitHub counts only mutations as content creation ("Rate limits for the
 * REST API", secondary limits: GraphQL mutations count, queries do not); a
 * query changes nothing, so it is not paced, does not make a client forget
 * what it read, and counts as one read. A request whose document does not
 * parse is taken for a write (the safe side: paced and forgetting).
 */
import { Kind, parse } from "graphql";

/** What an Octokit request hook sees of a GraphQL call: `query` and `variables` sit beside method and url. */
interface RequestLike {
  method?: string;
  url?: string;
  query?: unknown;
}

const parsed = new Map<string, boolean>();

/** True when the document holds operations and every one of them is a `query`. */
export function isQueryDocument(query: string): boolean {
  const known = parsed.get(query);
  if (known !== undefined) return known;
  let only: boolean;
  try {
    const operations = parse(query).definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
    only = operations.length > 0 && operations.every((d) => d.operation === "query");
  } catch {
    only = false;
  }
  if (parsed.size >= 256) parsed.delete(parsed.keys().next().value as string);
  parsed.set(query, only);
  return only;
}

/**
 * True for a POST to GitHub's GraphQL endpoint carrying only queries.
 *
 * @example
 *   isGraphqlQuery({ method: "POST", url: "/graphql", query: "query { viewer { login } }" });       // true
 *   isGraphqlQuery({ method: "POST", url: "/graphql", query: "mutation { revertPullRequest(...) }" }); // false
 */
export function isGraphqlQuery(options: RequestLike): boolean {
  if ((options.method ?? "").toUpperCase() !== "POST") return false;
  const path = (options.url ?? "").replace(/^https?:\/\/[^/]+/, "").split("?")[0] ?? "";
  if (!/(?:^|\/)graphql$/.test(path)) return false;
  return typeof options.query === "string" && isQueryDocument(options.query);
}
