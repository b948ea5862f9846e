/**
 * The request files a pull request adds or changes, from git: what the
 * scaffolded workflow validates as the PR's author, so a policy edit or
 * someone else's request next to it is not judged as theirs.
 *
 * @example
 *   changedRequestFiles("/repo", "3f2a…")  // ["requests/prod/2026-11-24-alice-inc-4711.yaml"]
 */
import { spawnSync } from "node:child_process";

export class ChangedFilesError extends Error {
  override name = "ChangedFilesError";
}

/** Repo-relative paths of YAML files under requests/ that differ from `base` and still exist at HEAD. */
export function changedRequestFiles(repo: string, base: string): string[] {
  if (!/^[0-9A-Za-z][0-9A-Za-z._/~^-]*$/.test(base)) {
    throw new ChangedFilesError(`--changed-from ${JSON.stringify(base)} is not a commit: give a sha or a ref, e.g. --changed-from "$BASE_SHA"`);
  }
  // Deleted files are not requests to validate (deleting one ends a grant); renames and copies are checked at their new path.
  const result = spawnSync("git", ["-C", repo, "diff", "--name-only", "--no-renames", "--diff-filter=d", "-z", base, "HEAD", "--", "requests/"], { encoding: "utf8" });
  if (result.error) throw new ChangedFilesError(`--changed-from needs git on the PATH (${result.error.message})`);
  if (result.status !== 0) {
    const said = result.stderr.trim().split("\n")[0] ?? "";
    throw new ChangedFilesError(
      `git could not compare ${base} with HEAD in ${repo} (${said}); in a workflow, check out with fetch-depth: 0 so the base commit is present`,
    );
  }
  return result.stdout
    .split("\0")
    .filter((path) => /\.ya?ml$/.test(path))
    .sort();
}
