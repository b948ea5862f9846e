/** The audit's rows for people (a table), for scripts (JSON) and for spreadsheets (CSV). Times in UTC, ISO 8601. */
import type { AuditFacts } from "./audit-facts.js";
import type { AuditRow } from "./audit-row.js";
import { toCsv } from "./csv.js";
import { isoSeconds } from "./iso-time.js";

export type AuditFormat = "text" | "json" | "csv";

const COLUMNS: [string, (r: AuditRow) => string | number | null][] = [
  ["request_pr", (r) => r.requestPr],
  ["version_pr", (r) => r.versionPr],
  ["path", (r) => r.path],
  ["requester", (r) => r.requester],
  ["principal", (r) => r.principal],
  ["provider", (r) => r.provider],
  ["role", (r) => r.role],
  ["scope", (r) => r.scope],
  ["requested_start", (r) => time(r.requestedStart)],
  ["requested_end", (r) => time(r.requestedEnd)],
  ["granted_at", (r) => time(r.grantedAt)],
  ["ended_at", (r) => time(r.endedAt)],
  ["end", (r) => r.end],
  ["ended_by", (r) => r.endedBy],
  ["how_ended", (r) => r.howEnded],
  ["approvers", (r) => r.approvers.join(";")],
  ["ticket", (r) => r.ticket],
  ["reason", (r) => r.reason],
  ["revert_pr", (r) => r.revertPr],
  ["policy_commit", (r) => r.policyCommit],
  ["merge_commit", (r) => r.mergeCommit],
  ["merged_at", (r) => time(r.mergedAt)],
  ["notes", (r) => r.notes.join("; ")],
];

/** The CSV header, for people who map the columns. */
export const AUDIT_COLUMNS = COLUMNS.map(([name]) => name);

function time(date: Date | null): string | null {
  return date ? isoSeconds(date) : null;
}

/**
 * @example
 *   renderAudit(rows, facts, "csv"); // "request_pr,version_pr,path,…\r\n1,1,requests/…"
 */
export function renderAudit(rows: AuditRow[], facts: Pick<AuditFacts, "repo" | "app" | "now">, format: AuditFormat): string {
  if (format === "csv") return toCsv(AUDIT_COLUMNS, rows.map((r) => COLUMNS.map(([, get]) => String(get(r) ?? ""))));
  if (format === "json") {
    const records = rows.map((r) => Object.fromEntries(COLUMNS.map(([name, get]) => [name, name === "approvers" ? r.approvers : name === "notes" ? r.notes : get(r)])));
    return `${JSON.stringify({ repo: facts.repo, app: facts.app, generated_at: time(facts.now), rows: records }, null, 2)}\n`;
  }
  return renderText(rows, facts);
}

function renderText(rows: AuditRow[], facts: Pick<AuditFacts, "repo" | "app" | "now">): string {
  const head = `Access granted through ${facts.repo}, from the records of app ${facts.app.appId} (${facts.app.botLogin}; ${facts.app.source}), at ${time(facts.now)}:`;
  if (rows.length === 0) return `${head}\n\nNo grants match.\n`;
  const table = [["PR", "requester", "principal", "role on scope", "approved by", "granted", "ended", "how"]];
  for (const r of rows) {
    const how = [r.end, r.endedBy ? `by ${r.endedBy}` : "", r.revertPr === null ? "" : `revert #${r.revertPr}`].filter(Boolean).join(" ");
    table.push([
      r.versionPr === r.requestPr ? `#${r.requestPr ?? "?"}` : `#${r.requestPr ?? "?"}/#${r.versionPr ?? "?"}`,
      r.requester ?? "-",
      r.principal ?? "-",
      r.role && r.scope ? `${r.provider ?? ""} ${r.role} on ${r.scope}` : "-",
      r.approvers.join(", ") || "-",
      time(r.grantedAt) ?? "-",
      time(r.endedAt) ?? "-",
      how,
    ]);
  }
  const widths = table[0]?.map((_, i) => Math.max(...table.map((row) => row[i]?.length ?? 0))) ?? [];
  const lines = table.map((row) => row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  ").trimEnd());
  // The long words (why nothing was granted, why a field is empty) go below the table, one line each.
  const details = rows.flatMap((r) => {
    const why = r.end === "failed" || r.end === "not-granted" || r.end === "unknown" ? [r.howEnded] : [];
    return [...why, ...r.notes].map((n) => `  ${r.path} (#${r.versionPr ?? "?"}): ${n}`);
  });
  return [head, "", ...lines, ...(details.length > 0 ? ["", "Details:", ...details] : [])].join("\n") + "\n";
}
