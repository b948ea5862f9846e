/**
 * `access-pr validate [paths...]`: checks request files in a working copy of
 * an access repo against its policies, offline. Exit 0 valid, 1 invalid, 2 usage.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { parseArgs } from "node:util";
import { locateCodeowners } from "../codeowners/locate-codeowners.js";
import type { AccessConfig, Problem, Requester } from "../model/index.js";
import { checkRequestFile, isAccessConfigPath, loadAccessConfig, POLICY_DIR } from "../model/index.js";
import { ChangedFilesError, changedRequestFiles } from "./changed-files.js";
import type { CliIo } from "./io.js";
import type { FileResult, ValidateFormat } from "./validate-render.js";
import { renderers } from "./validate-render.js";

const USAGE = `usage: access-pr validate [paths...] [options]

Validates an access repo working copy: its policies, identities and CODEOWNERS
in full, and request files. Without paths or --changed-from, every
requests/**/*.yaml file is validated.

options:
  --repo DIR          the access repo (default: current directory)
  --changed-from SHA  validate only the request files added or changed since
                      this commit (git diff SHA HEAD), e.g. a pull request's base
  --requester LOGIN   who opens the request (default: $GITHUB_ACTOR); without it,
                      who-may-request and identity checks are skipped
  --teams ORG/A,...   the requester's team memberships (the CLI is offline)
  --format FORMAT     text (default), json, or github (workflow annotations);
                      "human" is accepted as another name for text
  --now TIME          evaluate as of this UTC time (default: now)
  -h, --help          show this help

exit codes: 0 valid, 1 invalid, 2 usage error`;

class UsageError extends Error {}

export async function run(args: string[], io: CliIo): Promise<number> {
  try {
    return validate(args, io);
  } catch (error) {
    if (error instanceof ChangedFilesError) {
      io.err(`access-pr validate: ${error.message}`);
      return 2;
    }
    if (!(error instanceof UsageError)) throw error;
    io.err(`access-pr validate: ${error.message}\n\n${USAGE}`);
    return 2;
  }
}

/** One name per format across commands; "human" was this command's name for text. */
function formatOf(given: string | undefined): ValidateFormat {
  const format = given === "human" ? "text" : (given ?? "text");
  if (format !== "text" && format !== "json" && format !== "github") throw new UsageError(`--format must be text, json or github, not "${given}"`);
  return format;
}

function validate(args: string[], io: CliIo): number {
  const options = parseOptions(args);
  if (options.help) {
    io.out(USAGE);
    return 0;
  }
  const format = formatOf(options.format);
  const now = options.now === undefined ? new Date() : new Date(options.now);
  if (Number.isNaN(now.getTime())) throw new UsageError(`--now "${options.now}" is not a date and time; write it like 2026-11-24T08:00:00Z`);
  const repo = resolve(io.cwd, options.repo ?? ".");
  if (!existsSync(join(repo, POLICY_DIR)) || !statSync(join(repo, POLICY_DIR)).isDirectory()) {
    throw new UsageError(`${repo} is not an access repo: ${POLICY_DIR}/ not found (use --repo DIR)`);
  }
  if (options["changed-from"] !== undefined && options.paths.length > 0) throw new UsageError("give request paths or --changed-from, not both");
  const login = options.requester || io.env.GITHUB_ACTOR || undefined;
  const teams = options.teams === undefined ? null : options.teams.split(",").map((team) => team.trim()).filter(Boolean);
  const requester = login ? { login, teams } : null;

  const { config, problems: policyProblems } = loadAccessConfig(readConfigFiles(repo));
  const configProblems = [...policyProblems, ...codeownersProblems(repo)];
  const changedFrom = options["changed-from"];
  const requestPaths =
    changedFrom !== undefined
      ? changedRequestFiles(repo, changedFrom)
      : options.paths.length > 0
        ? options.paths.flatMap((path) => expand(repo, locatePath(io.cwd, repo, path)))
        : expand(repo, join(repo, "requests"), true);
  const results = requestPaths.map((path) => check(config, repo, path, requester, now));

  const notes: string[] = [];
  if (options.format === "human") io.err('note: --format human is now called --format text; "human" still works');
  if (!requester) {
    notes.push("requester checks skipped: no --requester given and GITHUB_ACTOR is not set, so who may request under each rule and whose identity is granted were not checked");
  }
  if (requester && teams === null) {
    notes.push(`team membership not checked: ${login} may request under any rule open to a team; pass --teams ORG/TEAM,... to check it (the app checks it on the pull request)`);
  }
  if (requestPaths.length === 0) notes.push(changedFrom === undefined ? "no request files found under requests/" : `no request file under requests/ was added or changed since ${changedFrom}`);
  const valid = configProblems.length === 0 && results.every((result) => result.problems.length === 0);
  io.out(renderers[format]({ configProblems, results, notes, valid, requester: login ?? null }));
  return valid ? 0 : 1;
}

/** CODEOWNERS lines GitHub would skip, as problems: a skipped line silently drops an approval requirement. */
function codeownersProblems(repo: string): Problem[] {
  const read = (path: string) => (existsSync(join(repo, path)) && statSync(join(repo, path)).isFile() ? readFileSync(join(repo, path), "utf8") : undefined);
  const located = locateCodeowners(read);
  if (located.path === null) return [];
  const file = located.path;
  return [
    ...located.fileProblems.map((problem) => ({ file, line: Math.max(problem.line, 1), column: Math.max(problem.column, 1), message: problem.message })),
    ...located.parsed.problems.map((problem) => ({ file, line: problem.line, column: problem.column, message: `${problem.message} (GitHub skips this line, so its owners are not required)` })),
  ];
}

function parseOptions(args: string[]) {
  try {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        repo: { type: "string" },
        "changed-from": { type: "string" },
        requester: { type: "string" },
        teams: { type: "string" },
        format: { type: "string" },
        now: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
    return { ...values, paths: positionals };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function readConfigFiles(repo: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const name of readdirSync(join(repo, POLICY_DIR))) {
    const path = `${POLICY_DIR}/${name}`;
    if (isAccessConfigPath(path) && statSync(join(repo, path)).isFile()) files.set(path, readFileSync(join(repo, path)));
  }
  return files;
}

/** A relative path is taken from the current directory, or from the repo when it names nothing there. */
function locatePath(cwd: string, repo: string, path: string): string {
  const fromCwd = resolve(cwd, path);
  const fromRepo = resolve(repo, path);
  return existsSync(fromCwd) || !existsSync(fromRepo) ? fromCwd : fromRepo;
}

/** Repo-relative, "/"-separated paths of the YAML files at or under `absolute`. */
function expand(repo: string, absolute: string, optional = false): string[] {
  const inside = relative(repo, absolute);
  if (inside.startsWith("..") || isAbsolute(inside)) throw new UsageError(`${absolute} is outside the access repo ${repo}`);
  if (!existsSync(absolute)) {
    if (optional) return [];
    throw new UsageError(`${absolute} does not exist`);
  }
  if (!statSync(absolute).isDirectory()) return [inside.split(sep).join("/")];
  return readdirSync(absolute, { recursive: true, encoding: "utf8" })
    .filter((name) => /\.ya?ml$/.test(name) && statSync(join(absolute, name)).isFile())
    .map((name) => relative(repo, join(absolute, name)).split(sep).join("/"))
    .sort();
}

function check(config: AccessConfig, repo: string, path: string, requester: Requester | null, now: Date): FileResult {
  const checked = checkRequestFile(path, readFileSync(join(repo, path)), { requester, config, now });
  if (!checked.ok) return { path, problems: checked.problems };
  const { evaluation } = checked;
  return { path, problems: evaluation.status === "refused" ? evaluation.problems : [], evaluation };
}

