/** Sorting a PR's changed files into what the app governs, and the kind of PR that makes. */
import type { ChangedFile } from "../core/pull.js";
import { isConfigPath, isRequestPath } from "../github/read-files.js";
import type { Problem } from "../model/problem.js";
import type { PullKind, RequestChange } from "./types.js";

export interface ClassifiedChanges {
  kind: Exclude<PullKind, "not-default-branch">;
  /** Request files to read at the head and evaluate (added or modified). */
  toEvaluate: { path: string; change: Extract<RequestChange, "added" | "modified"> }[];
  /** Request files the PR deletes: an early end, never a grant. */
  removed: string[];
  /** Config files (policies, identities, CODEOWNERS) the PR changes, still present at the head. */
  config: string[];
  /** Problems the change set itself causes, positioned at line 1 of the file they are about. */
  problems: Problem[];
}

const atTop = (file: string, message: string): Problem => ({ file, line: 1, column: 1, message });

/**
 * @example
 *   classifyChanges([{ path: "requests/gcp/dev/a.yaml", status: "added" }]).kind; // "request"
 *   classifyChanges([{ path: "requests/a.yaml", status: "added" }, { path: "README.md", status: "modified" }]).kind; // "mixed"
 */
export function classifyChanges(files: ChangedFile[]): ClassifiedChanges {
  const toEvaluate: ClassifiedChanges["toEvaluate"] = [];
  const removed: string[] = [];
  const config: string[] = [];
  const others: ChangedFile[] = [];
  const problems: Problem[] = [];
  let requestFiles = 0;

  for (const file of files) {
    const touchesRequest = isRequestPath(file.path) || (file.previousPath !== undefined && isRequestPath(file.previousPath));
    if (touchesRequest) {
      requestFiles += 1;
      if (file.status === "renamed") {
        problems.push(
          atTop(
            file.path,
            `${file.previousPath ?? "a file"} is renamed to ${file.path}; renaming a request file is not supported because its history is its audit trail. ` +
              `To change an active request, edit it in place; to ask again, add a new file with a new name in its own pull request.`,
          ),
        );
      } else if (file.status === "removed") {
        removed.push(file.path);
      } else if (file.status === "added" || file.status === "copied") {
        toEvaluate.push({ path: file.path, change: "added" });
      } else {
        toEvaluate.push({ path: file.path, change: "modified" });
      }
      continue;
    }
    if (isConfigPath(file.path) || (file.previousPath !== undefined && isConfigPath(file.previousPath))) {
      if (file.status !== "removed") config.push(file.path);
    }
    others.push(file);
  }

  let kind: ClassifiedChanges["kind"];
  if (requestFiles > 0 && others.length > 0) {
    kind = "mixed";
    const requests = files.filter((f) => !others.includes(f)).map((f) => f.path);
    for (const other of others) {
      problems.push(
        atTop(
          other.path,
          `this pull request changes request files (${requests.join(", ")}) and also ${other.path}; a request must change request files only, so it grants nothing. ` +
            `Move ${other.path} into its own pull request.`,
        ),
      );
    }
  } else if (requestFiles > 0) {
    kind = "request";
  } else if (others.some((f) => isConfigPath(f.path) || (f.previousPath !== undefined && isConfigPath(f.previousPath)))) {
    kind = "policy-change";
  } else {
    kind = "empty";
  }
  return { kind, toEvaluate, removed, config, problems };
}
