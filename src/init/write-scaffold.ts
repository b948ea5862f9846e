import { existsSync } from "node:fs";
import { mkdir, readdir, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { ScaffoldFile } from "./scaffold-context.js";

export type WriteOutcome =
  | { kind: "written"; created: string[]; overwritten: string[] }
  | { kind: "refused"; message: string };

/** Entries that do not make a directory "in use": a fresh `git clone` of an empty repo has .git. */
const IGNORED_ENTRIES = new Set([".git"]);

/**
 * Writes the scaffold into `dir`, creating it if needed. Without `force` it
 * refuses a directory that already holds anything (besides .git), so it can
 * never overwrite a file; with `force` it writes into it and overwrites the
 * scaffold's own files, reporting which.
 *
 * @example
 *   const outcome = await writeScaffold("/tmp/access", scaffoldFiles(ctx), { force: false });
 *   if (outcome.kind === "refused") console.error(outcome.message);
 */
export async function writeScaffold(dir: string, files: ScaffoldFile[], options: { force: boolean }): Promise<WriteOutcome> {
  if (existsSync(dir)) {
    if (!(await stat(dir)).isDirectory()) {
      return { kind: "refused", message: `${dir} is a file, not a directory: give a directory for the new access repo.` };
    }
    const entries = (await readdir(dir)).filter((name) => !IGNORED_ENTRIES.has(name));
    if (entries.length > 0 && !options.force) {
      const shown = entries.sort().slice(0, 5).join(", ") + (entries.length > 5 ? ", …" : "");
      return {
        kind: "refused",
        message: `${dir} is not empty (${shown}). Run access-pr init in an empty directory, or add --force to write the scaffold into it and overwrite files of the same name.`,
      };
    }
  }
  const created: string[] = [];
  const overwritten: string[] = [];
  for (const file of files) {
    const target = join(dir, ...file.path.split("/"));
    const existed = existsSync(target);
    if (existed && !options.force) {
      // Only reachable when the directory changed since the check above.
      return { kind: "refused", message: `${target} already exists; add --force to overwrite it.` };
    }
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.content, { flag: options.force ? "w" : "wx" });
    (existed ? overwritten : created).push(file.path);
  }
  return { kind: "written", created, overwritten };
}
