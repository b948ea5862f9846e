/**
 * Reads the audit's facts from GitHub, read-only: the merged pull requests
 * into the default branch (100 a page), the app's `access-pr / grant` record
 * on each merge commit (one call each, filtered by the app's id), the file
 * list of the merges the app recorded nothing for (its reverts, removals, an
 * unrecorded merge), and the default branch's tree. Labels, titles, bodies
 * and comments are never read: any writer can edit them.
 */
import type { GitHubClient, RepoRef } from "../github/client.js";
import { isRequestPath, listTree } from "../github/read-files.js";
import { readGrantRecord } from "../lifecycle/decision-check.js";
import type { AuditFacts, FileChangeFact, MergedPullFact, RecordFact } from "./audit-facts.js";

export interface AuditApp {
  appId: number;
  botLogin: string;
  /** How the app was identified, said in the report: "GET /app with the app's key", "--app-id". */
  source: string;
}

/**
 * @example
 *   const facts = await gatherAudit(gh, { owner: "acme", repo: "access" }, { appId: 1, botLogin: "access-pr[bot]", source: "GET /app" }, new Date());
 */
export async function gatherAudit(gh: GitHubClient, repo: RepoRef, app: AuditApp, now: Date): Promise<AuditFacts> {
  const { data: info } = await gh.rest.repos.get({ ...repo });
  const defaultBranch = info.default_branch;
  const pulls = await gh.paginate(gh.rest.pulls.list, { ...repo, state: "closed", base: defaultBranch, sort: "created", direction: "asc", per_page: 100 });
  const bot = app.botLogin.toLowerCase();
  const records: RecordFact[] = [];
  const changes: FileChangeFact[] = [];
  for (const p of pulls) {
    if (!p.merged_at || p.base.ref !== defaultBranch) continue;
    const mergedAt = new Date(p.merged_at);
    const pull: MergedPullFact = { number: p.number, author: p.user?.login ?? "", mergedAt, mergeCommitSha: p.merge_commit_sha ?? null, byApp: (p.user?.login ?? "").toLowerCase() === bot && p.user?.type === "Bot" };
    if (!pull.byApp && pull.mergeCommitSha) {
      const record = await readGrantRecord(gh, repo, pull.mergeCommitSha, app.appId);
      if (record.decisions.length > 0) {
        records.push({ pull, decisions: record.decisions, events: record.events, conclusion: record.run?.conclusion ?? null, completedAt: record.run?.completedAt ?? null });
        continue;
      }
    }
    const files = await gh.paginate(gh.rest.pulls.listFiles, { ...repo, pull_number: p.number, per_page: 100 });
    for (const f of files) {
      const request = isRequestPath(f.filename) || (f.previous_filename !== undefined && isRequestPath(f.previous_filename));
      if (request) changes.push({ pull, path: f.filename, status: f.status, ...(f.previous_filename ? { previousPath: f.previous_filename } : {}) });
    }
  }
  const tip = await listTree(gh, repo, defaultBranch);
  return {
    repo: `${repo.owner}/${repo.repo}`,
    defaultBranch,
    app,
    now,
    records,
    changes,
    onTip: new Set(tip.filter((f) => isRequestPath(f.path)).map((f) => f.path)),
  };
}
