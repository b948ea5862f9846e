/** The audit's filters, applied to built rows. Pure. */
import type { AuditRow } from "./audit-row.js";

export interface AuditFilter {
  /** Rows whose access (or, never granted, whose merge) falls in [from, to). */
  from?: Date;
  to?: Date;
  /** Rows whose access was held at this instant: granted at or before it, not ended by it. */
  at?: Date;
  principal?: string;
  role?: string;
  scope?: string;
  requester?: string;
}

const same = (a: string | null, b: string | undefined) => b === undefined || (a !== null && a.toLowerCase() === b.toLowerCase());

/** The period a row covers: held from grant to end (open while active), or the merge instant when never granted. */
function periodOf(row: AuditRow): { start: number; end: number } | undefined {
  if (row.grantedAt) return { start: row.grantedAt.getTime(), end: row.endedAt?.getTime() ?? Number.POSITIVE_INFINITY };
  const at = row.mergedAt?.getTime();
  return at === undefined ? undefined : { start: at, end: at };
}

/**
 * @example
 *   filterRows(rows, { at: new Date("2026-11-24T09:00:00Z"), role: "roles/cloudsql.client" }); // who held it at 09:00
 */
export function filterRows(rows: AuditRow[], filter: AuditFilter): AuditRow[] {
  return rows.filter((row) => {
    // Principals, roles and logins compare without regard to case (GCP members and Azure ids are canonicalised that way); scopes too, as ARM does.
    if (!same(row.principal, filter.principal) || !same(row.role, filter.role) || !same(row.scope, filter.scope) || !same(row.requester, filter.requester)) return false;
    const period = periodOf(row);
    if (filter.at) {
      const t = filter.at.getTime();
      if (!row.grantedAt || !period || period.start > t || period.end <= t) return false;
    }
    if (filter.from || filter.to) {
      if (!period) return false;
      const from = filter.from?.getTime() ?? Number.NEGATIVE_INFINITY;
      const to = filter.to?.getTime() ?? Number.POSITIVE_INFINITY;
      const overlaps = period.start === period.end ? period.start >= from && period.start < to : period.start < to && period.end > from;
      if (!overlaps) return false;
    }
    return true;
  });
}
