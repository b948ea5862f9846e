/**
 * `access-pr status --repo OWNER/NAME`: what access is granted right now, per
 * principal, ending when, with its pull request; and which requests wait for
 * approval, for how long. Exit 0 printed, 1 GitHub could not be read, 2 usage.
 */
import { parseArgs } from "node:util";
import type { Clock } from "../core/clock.js";
import { systemClock } from "../core/clock.js";
import { readAccessStatus, renderStatusText } from "../audit/access-status.js";
import { openSession, SessionError, sessionOptionsOf } from "./github-session.js";
import type { CliIo } from "./io.js";
import { CREDENTIALS_HELP, REPO_OPTIONS, REPO_OPTIONS_HELP, repoOf, UsageError } from "./repo-options.js";

const USAGE = `usage: access-pr status --repo OWNER/NAME [--format text|json]

What is granted right now through the access repo, per principal: role, scope,
when it ends, the pull request and who approved it (from the app's own records);
then the request pull requests waiting for approval and for how long (from the
app's approval check on each head).

options:
${REPO_OPTIONS_HELP}
  -h, --help          show this help

${CREDENTIALS_HELP}

exit codes: 0 printed, 1 GitHub could not be read, 2 usage error, 3 unexpected error`;

export async function run(args: string[], io: CliIo, clock: Clock = systemClock): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args, strict: true, options: REPO_OPTIONS }));
  } catch (error) {
    io.err(`access-pr status: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const format = values.format === undefined || values.format === "human" ? "text" : values.format;
  let repo;
  try {
    if (format !== "text" && format !== "json") throw new UsageError(`--format must be text or json, not "${values.format}"`);
    repo = repoOf(values.repo);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`access-pr status: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  try {
    const session = await openSession(sessionOptionsOf(repo, values), io.env);
    io.err(`access-pr status: trusting only the records of app ${session.app.appId} (${session.app.botLogin}): ${session.app.source}`);
    const status = await readAccessStatus(session.gh, repo, session.app, clock.now());
    io.out(format === "json" ? `${JSON.stringify(status, null, 2)}\n` : renderStatusText(status));
    io.err(`access-pr status: ${session.calls()} GitHub API calls`);
    return 0;
  } catch (error) {
    if (error instanceof SessionError) {
      io.err(`access-pr status: ${error.message}`);
      return 2;
    }
    const status = (error as { status?: number }).status;
    if (status === undefined) throw error;
    io.err(`access-pr status: GitHub answered ${status} reading ${values.repo}: ${error instanceof Error ? error.message : String(error)}. Check that the token can read the repository and --repo.`);
    return 1;
  }
}
