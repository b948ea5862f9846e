/**
 * The audit trail as an auditor reads it: `git log` of the access repo's
 * main branch, straight from the bare repository the embedded GitHub keeps
 * on disk, one line per merged pull request with its title.
 *
 * @example
 *   const lines = await auditTrail("/work/.sandbox/github/acme/access.git");
 *   // ["5f852be 2026-11-24 08:30  Alice           #1 Read the payments prod DB for INC-4711", ...]
 */
import { execFile } from "node:child_process";
import { isAbsolute, relative } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const FIELD = "\u001f";
const RECORD = "\u001e";

/** `git log` of main, oldest first, in UTC whatever the machine's zone. */
export async function auditTrail(repoPath: string): Promise<string[]> {
  const format = ["%h", "%ad", "%an", "%s", "%b"].join(FIELD) + RECORD;
  const args = ["-C", repoPath, "log", "--first-parent", "--reverse", "--date=format-local:%Y-%m-%d %H:%M", `--format=${format}`, "main"];
  const { stdout } = await run("git", args, { env: { ...process.env, TZ: "UTC" } });
  const commits = stdout
    .split(RECORD)
    .map((record) => record.replace(/^\n/, ""))
    .filter((record) => record !== "")
    .map((record) => {
      const [sha = "", date = "", author = "", subject = "", body = ""] = record.split(FIELD);
      const pr = /^Merge pull request (#\d+) /.exec(subject)?.[1];
      const title = body.trim().split("\n")[0] ?? "";
      return { sha, date, author, what: pr && title ? `${pr} ${title}` : subject };
    });
  const width = Math.max(0, ...commits.map((c) => c.author.length));
  return commits.map((c) => `${c.sha} ${c.date}  ${c.author.padEnd(width)}  ${c.what}`);
}

/** The command a person can paste to see the trail themselves, relative to `cwd` when inside it. */
export function auditCommand(repoPath: string, cwd: string): string {
  const rel = relative(cwd, repoPath);
  const shown = rel !== "" && !rel.startsWith("..") && !isAbsolute(rel) ? rel : repoPath;
  return `TZ=UTC git -C ${shown} log --first-parent --stat --date=iso-local main`;
}
