/**
 * The audit trail as an auditor reads it: `git log` of the access repo's
 * main branch, straight from the bare repository the embedded GitHub keeps
 * on disk.
 *
 * @example
 *   const lines = await auditTrail("/work/.sandbox/github/acme/access.git");
 *   // ["a1b2c3d 2026-11-24 10:05 access-pr[bot]  Merge pull request #3 from acme/access-pr/expire/…", ...]
 */
import { execFile } from "node:child_process";
import { isAbsolute, relative } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The arguments after `git -C <repo>`, shared by the printed command and the one run here. */
export const AUDIT_LOG_ARGS = ["log", "--first-parent", "--date=format-local:%Y-%m-%d %H:%M", "--format=%h %ad %an  %s", "main"];

/** `git log` of main, oldest first, in UTC whatever the machine's zone. */
export async function auditTrail(repoPath: string): Promise<string[]> {
  const { stdout } = await run("git", ["-C", repoPath, ...AUDIT_LOG_ARGS, "--reverse"], { env: { ...process.env, TZ: "UTC" } });
  return stdout.split("\n").filter((line) => line !== "");
}

/** The command a person can paste to see the trail themselves, relative to `cwd` when inside it. */
export function auditCommand(repoPath: string, cwd: string): string {
  const rel = relative(cwd, repoPath);
  const shown = rel !== "" && !rel.startsWith("..") && !isAbsolute(rel) ? rel : repoPath;
  return `TZ=UTC git -C ${shown} log --first-parent --stat --date=iso-local main`;
}
