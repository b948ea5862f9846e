import { existsSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { LocatedCodeowners } from "../codeowners/locate-codeowners.js";
import { CODEOWNERS_LOCATIONS, locateCodeowners, readCodeowners } from "../codeowners/locate-codeowners.js";
import { ownersOf } from "../codeowners/owners-of.js";
import type { CliIo } from "./io.js";

const USAGE = `usage: access-pr owners [--codeowners FILE] [--repo DIR] [--format text|json] PATH...

Shows who must approve changes to each PATH, by the CODEOWNERS GitHub would use.

options:
  --codeowners FILE  read this CODEOWNERS file instead of looking in the repository
  --repo DIR         the access repository (default: the current directory); its CODEOWNERS is
                     the first of ${CODEOWNERS_LOCATIONS.join(", ")}
  --format FORMAT    text (default; "human" is accepted too) or json
  -h, --help         show this help`;

class UsageError extends Error {}

interface Options {
  codeowners: string | undefined;
  /** The --codeowners value as typed, to name the file in messages. */
  codeownersLabel: string;
  repo: string;
  format: "text" | "json";
  paths: string[];
}

function parseOptions(args: string[], cwd: string): Options | "help" {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: { codeowners: { type: "string" }, repo: { type: "string" }, format: { type: "string" }, help: { type: "boolean", short: "h" } },
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const unknown = (error as { code?: string }).code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" ? /'([^']+)'/.exec(message)?.[1] : undefined;
    throw new UsageError(unknown === undefined ? message : `unknown option '${unknown}': the options are --codeowners, --repo, --format and --help`);
  }
  const { values, positionals } = parsed;
  if (values.help === true) return "help";
  // "human" is the old name of text, accepted by every command that has --format.
  const format = values.format === undefined || values.format === "human" ? "text" : values.format;
  if (format !== "text" && format !== "json") throw new UsageError(`unknown format '${format}': use --format text or --format json`);
  if (positionals.length === 0) throw new UsageError("no PATH given: name at least one repository path, e.g. requests/gcp/prod/db.yaml");
  return {
    codeowners: values.codeowners === undefined ? undefined : resolve(cwd, values.codeowners),
    codeownersLabel: values.codeowners ?? "",
    repo: resolve(cwd, values.repo ?? "."),
    format,
    paths: positionals.map((p) => p.replace(/^(\.\/)+/, "").replace(/^\/+/, "")),
  };
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

/** Reads the CODEOWNERS to use and the name to show for it in messages. */
function load(options: Options): { located: LocatedCodeowners; label: string } {
  if (options.codeowners !== undefined) {
    const label = options.codeownersLabel;
    if (!isFile(options.codeowners)) throw new UsageError(`cannot read the CODEOWNERS file '${label}': it does not exist or is not a file`);
    return { located: readCodeowners(label, readFileSync(options.codeowners, "utf8")), label };
  }
  if (!existsSync(options.repo) || !statSync(options.repo).isDirectory()) throw new UsageError(`the repository directory '${options.repo}' does not exist`);
  const located = locateCodeowners((path) => (isFile(join(options.repo, path)) ? readFileSync(join(options.repo, path), "utf8") : undefined));
  if (located.path === null) {
    throw new UsageError(`no CODEOWNERS in ${options.repo}: looked for ${CODEOWNERS_LOCATIONS.join(", ")}; pass --codeowners FILE to use another file`);
  }
  return { located, label: located.path };
}

/** `access-pr owners`: who owns each path, with the CODEOWNERS line that decided it. */
export async function run(args: string[], io: CliIo): Promise<number> {
  let options: Options | "help";
  let loaded: { located: LocatedCodeowners; label: string };
  try {
    options = parseOptions(args, io.cwd);
    if (options === "help") {
      io.out(USAGE);
      return 0;
    }
    loaded = load(options);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`access-pr owners: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  const { located, label } = loaded;
  for (const problem of located.fileProblems) io.err(`warning: ${problem.message}`);
  for (const problem of located.parsed.problems) {
    io.err(`warning: ${label}:${problem.line}:${problem.column}: ${problem.message} (GitHub skips this line)`);
  }

  const results = options.paths.map((path) => ({ path, ...ownersOf(located.parsed, path) }));
  if (options.format === "json") {
    io.out(JSON.stringify(results, null, 2));
    return 0;
  }
  const width = Math.max(...results.map((r) => r.path.length));
  for (const { path, owners, line } of results) {
    const who = owners.length > 0 ? owners.join(" ") : "(no owners)";
    io.out(`${path.padEnd(width)}  ${who}${line === null ? "" : `  (${label}:${line})`}`);
  }
  return 0;
}
