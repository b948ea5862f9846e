/**
 * `access-pr validate [paths...]`: checks request files in a working copy of
 * an access repo against its policies, offline. Exit 0 valid, 1 invalid, 2 usage.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { parseArgs } from "node:util";
import type { AccessConfig, Evaluation, PlannedGrant, Problem, Requester } from "../model/index.js";
import { compareProblems, evaluateRequest, formatProblem, isAccessConfigPath, loadAccessConfig, parseRequest, POLICY_DIR } from "../model/index.js";
import { describeApprovers, describeGrant } from "../model/describe.js";
import type { CliIo } from "./io.js";

const USAGE = `usage: access-pr validate [paths...] [options]

Validates request files against the policies of an access repo working copy.
Without paths, validates every requests/**/*.yaml file.

options:
  --repo DIR          the access repo (default: current directory)
  --requester LOGIN   who opens the request (default: $GITHUB_ACTOR); without it,
                      who-may-request and identity checks are skipped
  --teams ORG/A,...   the requester's team memberships (the CLI is offline)
  --format FORMAT     human (default), json, or github (workflow annotations)
  --now TIME          evaluate as of this UTC time (default: now)
  -h, --help          show this help

exit codes: 0 valid, 1 invalid, 2 usage error`;

interface FileResult {
  path: string;
  problems: Problem[];
  evaluation?: Evaluation;
}

class UsageError extends Error {}

export async function run(args: string[], io: CliIo): Promise<number> {
  try {
    return validate(args, io);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`access-pr validate: ${error.message}\n\n${USAGE}`);
    return 2;
  }
}

function validate(args: string[], io: CliIo): number {
  const options = parseOptions(args);
  if (options.help) {
    io.out(USAGE);
    return 0;
  }
  const format = options.format ?? "human";
  if (!["human", "json", "github"].includes(format)) throw new UsageError(`--format must be human, json or github, not "${format}"`);
  const now = options.now === undefined ? new Date() : new Date(options.now);
  if (Number.isNaN(now.getTime())) throw new UsageError(`--now "${options.now}" is not a date and time; write it like 2026-11-24T08:00:00Z`);
  const repo = resolve(io.cwd, options.repo ?? ".");
  if (!existsSync(join(repo, POLICY_DIR)) || !statSync(join(repo, POLICY_DIR)).isDirectory()) {
    throw new UsageError(`${repo} is not an access repo: ${POLICY_DIR}/ not found (use --repo DIR)`);
  }
  const login = options.requester || io.env.GITHUB_ACTOR || undefined;
  const teams = options.teams === undefined ? null : options.teams.split(",").map((team) => team.trim()).filter(Boolean);
  const requester = login ? { login, teams } : null;

  const { config, problems: configProblems } = loadAccessConfig(readConfigFiles(repo));
  const requestPaths = options.paths.length > 0 ? options.paths.flatMap((path) => expand(repo, locatePath(io.cwd, repo, path))) : expand(repo, join(repo, "requests"), true);
  const results = requestPaths.map((path) => check(config, repo, path, requester, now));

  const notes: string[] = [];
  if (!requester) {
    notes.push("requester checks skipped: no --requester given and GITHUB_ACTOR is not set, so who may request under each rule and whose identity is granted were not checked");
  }
  if (requester && teams === null) {
    notes.push(`team membership not checked: ${login} may request under any rule open to a team; pass --teams ORG/TEAM,... to check it (the app checks it on the pull request)`);
  }
  if (requestPaths.length === 0) notes.push("no request files found under requests/");
  const valid = configProblems.length === 0 && results.every((result) => result.problems.length === 0);
  const render = { human: renderHuman, json: renderJson, github: renderGithub }[format as "human" | "json" | "github"];
  io.out(render({ configProblems, results, notes, valid, requester: login ?? null }));
  return valid ? 0 : 1;
}

function parseOptions(args: string[]) {
  try {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        repo: { type: "string" },
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
  const parsed = parseRequest(path, readFileSync(join(repo, path)));
  if (!parsed.ok) return { path, problems: parsed.problems };
  const evaluation = evaluateRequest({ request: parsed.request, requester, config, now });
  return { path, problems: evaluation.status === "refused" ? evaluation.problems : [], evaluation };
}

interface Report {
  configProblems: Problem[];
  results: FileResult[];
  notes: string[];
  valid: boolean;
  requester: string | null;
}

function summary(report: Report): string {
  const invalid = report.results.filter((result) => result.problems.length > 0).length;
  const files = report.results.length;
  const policies = report.configProblems.length > 0 ? `; the policies have ${report.configProblems.length} problem${report.configProblems.length === 1 ? "" : "s"}` : "";
  return `${files} request file${files === 1 ? "" : "s"} checked: ${files - invalid} valid, ${invalid} invalid${policies}`;
}

function grantsOf(result: FileResult): PlannedGrant[] {
  return result.evaluation?.status === "allowed" ? result.evaluation.grants : [];
}

function renderHuman(report: Report): string {
  const lines = report.configProblems.map((problem) => `${formatProblem(problem)}`);
  for (const result of report.results) {
    if (result.problems.length > 0) {
      lines.push(...result.problems.map(formatProblem));
      continue;
    }
    lines.push(`${result.path}: valid`);
    lines.push(...grantsOf(result).map((grant) => `  grant ${grant.index + 1}: ${describeGrant(grant)}`));
    if (result.evaluation?.status === "allowed") lines.push(...result.evaluation.approvals.map((approval) => `  needs ${describeApprovers(approval)}`));
  }
  lines.push(...report.notes.map((note) => `note: ${note}`), summary(report));
  return lines.join("\n");
}

function renderJson(report: Report): string {
  const files = report.results.map((result) => ({
    path: result.path,
    valid: result.problems.length === 0,
    problems: result.problems,
    grants: grantsOf(result).map((grant) => ({ ...grant, window: { start: grant.window.start.toISOString(), end: grant.window.end.toISOString() } })),
    approvals: result.evaluation?.status === "allowed" ? result.evaluation.approvals : [],
  }));
  const problems = [...report.configProblems, ...report.results.flatMap((result) => result.problems)].sort(compareProblems);
  return JSON.stringify({ valid: report.valid, requester: report.requester, requesterChecked: report.requester !== null, notes: report.notes, summary: summary(report), problems, files }, null, 2);
}

/** Workflow commands: data escapes %, CR, LF; properties also escape ":" and ",". */
function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

function renderGithub(report: Report): string {
  const problems = [...report.configProblems, ...report.results.flatMap((result) => result.problems)];
  const lines = problems.map((p) => `::error file=${escapeProperty(p.file)},line=${p.line},col=${p.column},title=access-pr::${escapeData(p.message)}`);
  lines.push(...report.notes.map((note) => `::notice title=access-pr::${escapeData(note)}`), summary(report));
  return lines.join("\n");
}
