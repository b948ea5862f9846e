/**
 * What is granted right now and what waits for approval, read-only: for each
 * request file on the default branch, the decision and events the app
 * recorded on the merge that set its version; for each open pull request into
 * the default branch, the app's own approval check on its head. Titles,
 * labels and comments are never read.
 */
import { formatDistanceStrict } from "date-fns";
import type { GitHubClient, RepoRef } from "../github/client.js";
import { mergedPullOf } from "../github/merged-pull.js";
import { isRequestPath, listTree } from "../github/read-files.js";
import { readGrantRecord } from "../lifecycle/decision-check.js";
import { APPROVAL_CHECK } from "../render/approval-check.js";
import { isoSeconds } from "./iso-time.js";
import type { AuditApp } from "./gather-audit.js";

export interface ActiveGrant {
  principal: string;
  provider: string;
  role: string;
  scope: string;
  path: string;
  requester: string;
  requestPr: number;
  versionPr: number;
  grantedAt: Date;
  endsAt: Date;
  approvers: string[];
}

export interface WaitingRequest {
  number: number;
  author: string;
  openedAt: Date;
  /** The app's approval check on the head: its title says for whom it waits. */
  check: string;
}

export interface AccessStatus {
  repo: string;
  now: Date;
  active: ActiveGrant[];
  /** Request files on the default branch that back no active grant now, and why (not yet granted, failed, ended, no record). */
  other: { path: string; why: string }[];
  waiting: WaitingRequest[];
}

/**
 * @example
 *   const status = await readAccessStatus(gh, { owner: "acme", repo: "access" }, app, new Date());
 *   status.active.map((g) => `${g.principal} ${g.role} until ${isoSeconds(g.endsAt)}`);
 */
export async function readAccessStatus(gh: GitHubClient, repo: RepoRef, app: AuditApp, now: Date): Promise<AccessStatus> {
  const { data: info } = await gh.rest.repos.get({ ...repo });
  const branch = info.default_branch;
  const files = (await listTree(gh, repo, branch)).filter((f) => isRequestPath(f.path));
  const active: ActiveGrant[] = [];
  const other: AccessStatus["other"] = [];
  for (const file of files) {
    const { data: commits } = await gh.rest.repos.listCommits({ ...repo, sha: branch, path: file.path, per_page: 1 });
    const pull = commits[0] ? await mergedPullOf(gh, repo, commits[0].sha, branch) : undefined;
    if (!pull?.mergeCommitSha) {
      other.push({ path: file.path, why: "not merged from a pull request: the app backs nothing here" });
      continue;
    }
    const record = await readGrantRecord(gh, repo, pull.mergeCommitSha, app.appId);
    const decision = record.decisions.find((d) => d.path === file.path && d.blobSha === file.sha);
    const events = record.events.filter((e) => e.path === file.path && e.blobSha === file.sha);
    const granted = events.find((e) => e.kind === "granted");
    const ended = events.find((e) => e.kind === "ended");
    const failed = events.filter((e) => e.kind === "grant-failed").at(-1);
    const why = !decision
      ? `the app recorded no decision on #${pull.number} yet`
      : decision.outcome === "refused"
        ? `#${pull.number} was refused: ${decision.reason ?? "refused"}`
        : ended
          ? `ended at ${isoSeconds(ended.at)}; the revert is still open`
          : !granted && failed?.kind === "grant-failed"
            ? `the grant failed at ${isoSeconds(failed.at)} (${failed.message}); the app tries again at each reconcile until ${isoSeconds(decision.window.end)}`
            : !granted
            ? `#${pull.number} is approved and merged; the app has not recorded the grant yet`
            : decision.window.end.getTime() <= now.getTime()
              ? `its window ended at ${isoSeconds(decision.window.end)}; the revert is still to come`
              : undefined;
    if (why || !decision || !granted) {
      other.push({ path: file.path, why: why ?? "unknown" });
      continue;
    }
    for (const g of decision.grants) {
      active.push({ principal: g.spec.principal, provider: g.spec.provider, role: g.spec.role, scope: g.spec.scope, path: file.path, requester: decision.requester, requestPr: decision.pr, versionPr: decision.versionPr, grantedAt: granted.at, endsAt: decision.window.end, approvers: decision.approvers });
    }
  }
  const waiting: WaitingRequest[] = [];
  const open = await gh.paginate(gh.rest.pulls.list, { ...repo, state: "open", base: branch, per_page: 100 });
  for (const p of open) {
    if (p.user?.login.toLowerCase() === app.botLogin.toLowerCase()) continue;
    const { data } = await gh.rest.checks.listForRef({ ...repo, ref: p.head.sha, check_name: APPROVAL_CHECK, app_id: app.appId, filter: "latest" });
    const run = data.check_runs.find((r) => r.app?.id === app.appId && r.head_sha === p.head.sha);
    // Only a request the app is waiting on: no run of the app's means it is not an access request (or not evaluated yet).
    if (!run || run.conclusion === "success" || run.conclusion === "neutral") continue;
    waiting.push({ number: p.number, author: p.user?.login ?? "", openedAt: new Date(p.created_at), check: run.output.title ?? "waiting" });
  }
  active.sort((a, b) => a.principal.localeCompare(b.principal) || a.endsAt.getTime() - b.endsAt.getTime());
  return { repo: `${repo.owner}/${repo.repo}`, now, active, other, waiting };
}

/** For people: one block per principal, then what waits. */
export function renderStatusText(status: AccessStatus): string {
  const lines = [`Access through ${status.repo} at ${isoSeconds(status.now)}`, ""];
  if (status.active.length === 0) lines.push("Nobody holds access granted by access-pr.");
  let principal = "";
  for (const g of status.active) {
    if (g.principal !== principal) lines.push(`${(principal = g.principal)}:`);
    lines.push(`  ${g.provider} ${g.role} on ${g.scope} until ${isoSeconds(g.endsAt)} (${formatDistanceStrict(g.endsAt, status.now, { addSuffix: true })}), #${g.requestPr}${g.versionPr === g.requestPr ? "" : ` extended by #${g.versionPr}`}, requested by ${g.requester}, approved by ${g.approvers.join(", ") || "nobody"}`);
  }
  for (const o of status.other) lines.push(`  (not active) ${o.path}: ${o.why}`);
  lines.push("", status.waiting.length === 0 ? "Nothing waits for approval." : "Waiting for approval:");
  for (const w of status.waiting) lines.push(`  #${w.number} by ${w.author}, open for ${formatDistanceStrict(w.openedAt, status.now)}: ${w.check}`);
  return `${lines.join("\n")}\n`;
}
