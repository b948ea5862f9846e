/**
 * What a change to an active request is measured against: the version on the
 * default branch (its tip for an open PR, the merge's first parent at merge)
 * and when that request's window first started.
 */
import { max as latest } from "date-fns";
import type { GitHubClient, RepoRef } from "../github/client.js";
import { mergedPullOf } from "../github/merged-pull.js";
import { readFileAt } from "../github/read-files.js";
import { parseRequest } from "../model/request-file.js";
import type { PreviousVersion } from "./extension-window.js";

/**
 * @example
 *   const previous = await readPreviousVersions(gh, repo, ["requests/gcp/prod/alice.yaml"], "main", "main");
 *   previous.get("requests/gcp/prod/alice.yaml")?.firstStart; // the first merge, or its own later start
 */
export async function readPreviousVersions(gh: GitHubClient, repo: RepoRef, paths: string[], ref: string, defaultBranch: string): Promise<Map<string, PreviousVersion>> {
  const entries = await Promise.all(
    paths.map(async (path) => {
      const [content, commits] = await Promise.all([
        readFileAt(gh, repo, path, ref),
        gh.paginate(gh.rest.repos.listCommits, { ...repo, sha: ref, path, per_page: 100 }),
      ]);
      const oldest = commits.at(-1);
      const added = oldest ? await mergedPullOf(gh, repo, oldest.sha, defaultBranch) : undefined;
      const parsed = content ? parseRequest(path, content) : undefined;
      const start = parsed?.ok ? parsed.request.start : undefined;
      const firstStart = added ? (start ? latest([start, added.mergedAt]) : added.mergedAt) : null;
      return [path, { content, firstStart }] as const;
    }),
  );
  return new Map(entries);
}
