/**
 * `access-pr audit --repo OWNER/NAME`: who held what, when, approved by whom,
 * and how it ended, from the app's own records and git. Exit 0 every row is
 * established, 1 some field could not be established (each row says why) or
 * GitHub could not be read, 2 usage.
 */
import { parseArgs } from "node:util";
import type { Clock } from "../core/clock.js";
import { systemClock } from "../core/clock.js";
import { buildAuditRows } from "../audit/build-rows.js";
import { filterRows } from "../audit/filter-rows.js";
import type { AuditFilter } from "../audit/filter-rows.js";
import { gatherAudit } from "../audit/gather-audit.js";
import { renderAudit } from "../audit/render-audit.js";
import { openSession, SessionError, sessionOptionsOf } from "./github-session.js";
import type { CliIo } from "./io.js";
import { CREDENTIALS_HELP, instantOf, REPO_OPTIONS, REPO_OPTIONS_HELP, repoOf, UsageError } from "./repo-options.js";

const USAGE = `usage: access-pr audit --repo OWNER/NAME [filters] [--format text|json|csv]

One row per grant made through the access repo: requester, principal, provider,
role, scope, requested window, when it was granted, when and how it ended, the
approvers that counted, ticket, reason, request and revert pull requests and the
policy commit it was judged against. Read from the app's own records on GitHub
(the access-pr / grant check run, which only the app can write) and git history;
never from labels, titles, bodies or comments. A field that cannot be
established is empty and the row's notes say why.

filters:
  --from TIME         rows whose access overlaps [from, to); TIME is UTC ISO 8601 or a date
  --to TIME
  --at TIME           who held what at TIME
  --principal P       e.g. user:alice@acme.example or an Azure object id
  --role R            e.g. roles/cloudsql.client
  --scope S           e.g. projects/payments-prod
  --requester LOGIN

options:
${REPO_OPTIONS_HELP}, csv (RFC 4180, one header row, UTC times)
  -h, --help          show this help

${CREDENTIALS_HELP}

The number of GitHub API calls made is printed on stderr.
exit codes: 0 every row established, 1 some field could not be established (see
the notes) or GitHub could not be read, 2 usage error, 3 unexpected error`;

export async function run(args: string[], io: CliIo, clock: Clock = systemClock): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      options: { ...REPO_OPTIONS, from: { type: "string" }, to: { type: "string" }, at: { type: "string" }, principal: { type: "string" }, role: { type: "string" }, scope: { type: "string" }, requester: { type: "string" } },
    }));
  } catch (error) {
    io.err(`access-pr audit: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  let repo, from, to, at;
  const format = values.format === undefined || values.format === "human" ? "text" : values.format;
  try {
    if (format !== "text" && format !== "json" && format !== "csv") throw new UsageError(`--format must be text, json or csv, not "${values.format}"`);
    repo = repoOf(values.repo);
    [from, to, at] = [instantOf("--from", values.from), instantOf("--to", values.to), instantOf("--at", values.at)];
    if (from && to && from.getTime() >= to.getTime()) throw new UsageError(`--from ${values.from} is not before --to ${values.to}`);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`access-pr audit: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  try {
    const session = await openSession(sessionOptionsOf(repo, values), io.env);
    io.err(`access-pr audit: trusting only the records of app ${session.app.appId} (${session.app.botLogin}): ${session.app.source}`);
    const now = clock.now();
    // Every merge is read, whatever the period: a grant held in it may have ended by a merge after it.
    const facts = await gatherAudit(session.gh, repo, session.app, now);
    const filter: AuditFilter = { ...(from ? { from } : {}), ...(to ? { to } : {}), ...(at ? { at } : {}) };
    for (const key of ["principal", "role", "scope", "requester"] as const) if (values[key]) filter[key] = values[key];
    const rows = filterRows(buildAuditRows(facts), filter);
    io.out(renderAudit(rows, facts, format));
    const unestablished = rows.filter((r) => r.end === "unknown" || r.notes.some((n) => !n.startsWith("granted_at is when")));
    io.err(`access-pr audit: ${rows.length} row${rows.length === 1 ? "" : "s"} from ${facts.records.length} recorded merge${facts.records.length === 1 ? "" : "s"}; ${session.calls()} GitHub API calls${unestablished.length > 0 ? `; ${unestablished.length} row(s) with fields that could not be established (see notes)` : ""}`);
    return unestablished.length > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof SessionError) {
      io.err(`access-pr audit: ${error.message}`);
      return 2;
    }
    const status = (error as { status?: number }).status;
    if (status === undefined) throw error;
    io.err(`access-pr audit: GitHub answered ${status} reading ${values.repo}: ${error instanceof Error ? error.message : String(error)}. Check that the token can read the repository (Contents, Pull requests and Checks: read) and --repo.`);
    return 1;
  }
}

