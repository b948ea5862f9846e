/**
 * Conditional requests, as GitHub answers them: most GET answers carry an
 * `ETag`, and a GET sent again with `If-None-Match: <that etag>` gets
 * `304 Not Modified` with no body while the answer is unchanged. GitHub does
 * not count such a 304 against the primary rate limit when the request is
 * authorized (docs.github.com, REST API "Best practices for using the REST
 * API": "Use conditional requests if appropriate").
 */
import { createHash } from "node:crypto";

/** A weak validator over the answer's JSON, like GitHub's `W/"…"`. */
export function etagOf(text: string): string {
  return `W/"${createHash("sha256").update(text).digest("hex").slice(0, 32)}"`;
}

/** True when `If-None-Match` names this etag (a list, `*`, weak or strong spelling alike: weak comparison). */
export function matchesIfNoneMatch(header: string | string[] | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, "");
  const tags = (Array.isArray(header) ? header.join(",") : header).split(",");
  return tags.some((tag) => tag.trim() === "*" || bare(tag) === bare(etag));
}
