import { providerDefinitions } from "../providers/definitions.js";
/**
 * Builds the audit's rows from the gathered facts: one row per grant of each
 * recorded version of a request file. Every value comes from the app's
 * record or from git; a value neither can establish stays empty and the row's
 * notes say why. Pure.
 */
import type { DecisionRecord } from "../lifecycle/decision-record.js";
import type { LifecycleEvent } from "../lifecycle/event-record.js";
import type { AuditFacts, FileChangeFact, MergedPullFact, RecordFact } from "./audit-facts.js";
import type { AuditRow, EndKind } from "./audit-row.js";
import { isoSeconds as iso } from "./iso-time.js";

interface Version {
  decision: DecisionRecord;
  fact: RecordFact;
}

interface Ending {
  end: EndKind;
  endedAt: Date | null;
  endedBy: string | null;
  howEnded: string;
  revertPr: number | null;
  notes: string[];
}


/**
 * @example
 *   const rows = buildAuditRows(await gatherAudit(gh, repo, app, now));
 *   rows.filter((r) => r.end === "revoked").map((r) => r.endedBy); // ["@dave"]
 */
export function buildAuditRows(facts: AuditFacts): AuditRow[] {
  const versions: Version[] = facts.records.flatMap((fact) => fact.decisions.map((decision) => ({ decision, fact })));
  versions.sort((a, b) => a.fact.pull.mergedAt.getTime() - b.fact.pull.mergedAt.getTime() || a.decision.path.localeCompare(b.decision.path));
  const rows = versions.flatMap((version) => rowsOf(version, versions, facts));
  rows.push(...unrecordedRows(facts));
  return rows.sort((a, b) => (a.mergedAt?.getTime() ?? 0) - (b.mergedAt?.getTime() ?? 0) || a.path.localeCompare(b.path) || (a.provider ?? "").localeCompare(b.provider ?? ""));
}

function rowsOf(version: Version, all: Version[], facts: AuditFacts): AuditRow[] {
  const { decision, fact } = version;
  const own = fact.events.filter((e) => e.path === decision.path && e.blobSha === decision.blobSha);
  const granted = own.find((e): e is Extract<LifecycleEvent, { kind: "granted" }> => e.kind === "granted");
  const failed = own.filter((e): e is Extract<LifecycleEvent, { kind: "grant-failed" }> => e.kind === "grant-failed").at(-1);
  const notes: string[] = [];
  let grantedAt: Date | null = null;
  if (decision.outcome === "granted") {
    if (granted) grantedAt = granted.at;
    else if (fact.conclusion === "success" && fact.completedAt) {
      grantedAt = fact.completedAt;
      notes.push("granted_at is when the app completed its grant check; the app recorded no grant time");
    } else if (!failed) notes.push("the app has recorded no grant yet");
  }
  const { revokedAt, ...ending } = endingOf(version, all, facts, grantedAt !== null, failed);
  const base = {
    path: decision.path,
    requestPr: decision.pr,
    versionPr: decision.versionPr,
    requester: decision.requester,
    grantedAt,
    ...ending,
    approvers: decision.approvers,
    policyCommit: decision.policySha,
    mergeCommit: fact.pull.mergeCommitSha,
    mergedAt: fact.pull.mergedAt,
    notes: [...notes, ...ending.notes],
  };
  if (decision.grants.length === 0) {
    return [{ ...base, principal: null, provider: null, role: null, scope: null, requestedStart: null, requestedEnd: null, ticket: null, reason: null, notes: [...base.notes, "the request file could not be read as grants, so no principal, role or scope is known"] }];
  }
  return decision.grants.map((g) => ({
    ...base,
    principal: g.spec.principal,
    provider: g.spec.provider,
    role: g.spec.role,
    scope: g.spec.scope,
    requestedStart: g.spec.window.start,
    requestedEnd: g.spec.window.end,
    ticket: g.spec.origin.ticket ?? null,
    reason: g.spec.origin.reason,
    // A grant the cloud does not end by itself (an Azure plain assignment) ended when the app removed it.
    ...(ending.end === "expired" && !providerDefinitions[g.spec.provider].endsItself(g.spec) && revokedAt ? { endedAt: revokedAt } : {}),
  }));
}

function endingOf(version: Version, all: Version[], facts: AuditFacts, wasGranted: boolean, failed: { message: string } | undefined): Ending & { revokedAt?: Date } {
  const { decision, fact } = version;
  const ended = fact.events.find((e): e is Extract<LifecycleEvent, { kind: "ended" }> => e.kind === "ended" && e.path === decision.path && e.blobSha === decision.blobSha);
  const revert = ended?.revertPr ?? null;
  if (decision.outcome === "refused") {
    const removal = ended ? null : removalOf(decision.path, fact.pull, facts);
    const by = revert ?? removal?.pull.number ?? null;
    return {
      end: "not-granted",
      endedAt: ended?.at ?? removal?.pull.mergedAt ?? null,
      endedBy: null,
      howEnded: `nothing was granted: ${decision.reason ?? "refused at merge"}${by === null ? "" : `; reverted by #${by}`}`,
      revertPr: by,
      notes: by === null && !facts.onTip.has(decision.path) ? ["the app recorded no revert and git names none"] : [],
    };
  }
  if (!wasGranted && failed) {
    return { end: "failed", endedAt: ended?.at ?? null, endedBy: null, howEnded: `never granted: ${failed.message}${revert === null ? "" : `; reverted by #${revert}`}`, revertPr: revert, notes: [] };
  }
  const next = all.find((v) => v !== version && v.decision.path === decision.path && v.decision.pr === decision.pr && v.fact.pull.mergedAt.getTime() > fact.pull.mergedAt.getTime());
  if (ended) return fromEvent(ended, decision);
  if (next) return supersededBy(next);
  return fromGit(decision, fact.pull, facts);
}

function fromEvent(ended: Extract<LifecycleEvent, { kind: "ended" }>, decision: DecisionRecord): Ending & { revokedAt: Date } {
  const revert = ended.revertPr === undefined ? "" : `; reverted by #${ended.revertPr}`;
  const base = { revertPr: ended.revertPr ?? null, revokedAt: ended.at, notes: [] };
  if (ended.how === "expired") {
    return { ...base, end: "expired", endedAt: decision.window.end, endedBy: null, howEnded: `the window ended at ${iso(decision.window.end)} (an end the cloud enforces itself); the app revoked at ${iso(ended.at)}${revert}` };
  }
  if (ended.how === "revoked") return { ...base, end: "revoked", endedAt: ended.at, endedBy: ended.by ?? null, howEnded: `${ended.by ? `/revoke by @${ended.by}` : ended.detail}${revert}` };
  if (ended.how === "offboarded") return { ...base, end: "offboarded", endedAt: ended.at, endedBy: null, howEnded: `${ended.detail}${revert}` };
  return { ...base, end: "not-granted", endedAt: ended.at, endedBy: null, howEnded: `${ended.detail}${revert}` };
}

function supersededBy(next: Version): Ending {
  const { decision, fact } = next;
  if (decision.outcome === "granted") {
    const at = fact.events.find((e) => e.kind === "granted" && e.path === decision.path && e.blobSha === decision.blobSha)?.at ?? fact.pull.mergedAt;
    return { end: "extended", endedAt: at, endedBy: `#${decision.versionPr}`, howEnded: `replaced by the version of #${decision.versionPr} (until ${iso(decision.window.end)})`, revertPr: null, notes: [] };
  }
  const ended = fact.events.find((e): e is Extract<LifecycleEvent, { kind: "ended" }> => e.kind === "ended" && e.path === decision.path && e.blobSha === decision.blobSha);
  return {
    end: "revoked",
    endedAt: ended?.at ?? null,
    endedBy: `#${decision.versionPr}`,
    howEnded: `#${decision.versionPr} changed the file and was refused (${decision.reason ?? "refused"}), so the access ended${ended?.revertPr === undefined ? "" : `; reverted by #${ended.revertPr}`}`,
    revertPr: ended?.revertPr ?? null,
    notes: ended ? [] : ["the app recorded no end time for the refused change"],
  };
}

function fromGit(decision: DecisionRecord, merged: MergedPullFact, facts: AuditFacts): Ending {
  const removal = removalOf(decision.path, merged, facts);
  const { end } = decision.window;
  if (removal && !removal.pull.byApp) {
    return { end: "removed", endedAt: removal.pull.mergedAt, endedBy: `#${removal.pull.number} by ${removal.pull.author}`, howEnded: `removed by #${removal.pull.number} (opened by ${removal.pull.author}, merged ${iso(removal.pull.mergedAt)})`, revertPr: null, notes: [] };
  }
  if (removal) {
    const afterEnd = removal.pull.mergedAt.getTime() >= end.getTime();
    return afterEnd
      ? { end: "expired", endedAt: end, endedBy: null, howEnded: `the window ended at ${iso(end)}; reverted by #${removal.pull.number}`, revertPr: removal.pull.number, notes: ["the app recorded no end; the end is the window's, from the decision"] }
      : { end: "unknown", endedAt: null, endedBy: null, howEnded: `reverted early by the app's #${removal.pull.number}`, revertPr: removal.pull.number, notes: ["the app recorded no end event, so when and at whose request it ended is not established; see the clouds' audit logs"] };
  }
  if (facts.onTip.has(decision.path)) {
    if (end.getTime() <= facts.now.getTime()) return { end: "expired", endedAt: end, endedBy: null, howEnded: `the window ended at ${iso(end)}; the revert is still to come`, revertPr: null, notes: [] };
    if (decision.window.start.getTime() > facts.now.getTime()) return { end: "pending", endedAt: null, endedBy: null, howEnded: `starts at ${iso(decision.window.start)}`, revertPr: null, notes: [] };
    return { end: "active", endedAt: null, endedBy: null, howEnded: `active until ${iso(end)}`, revertPr: null, notes: [] };
  }
  return { end: "unknown", endedAt: null, endedBy: null, howEnded: "the file left the default branch by a change the audit could not attribute", revertPr: null, notes: ["no end recorded by the app and no merged removal found in git"] };
}

/** The first merge after `merged` that removed (or renamed away) the path. */
function removalOf(path: string, merged: MergedPullFact, facts: AuditFacts): FileChangeFact | undefined {
  return facts.changes
    .filter((c) => (c.status === "removed" && c.path === path) || (c.status === "renamed" && c.previousPath === path))
    .filter((c) => c.pull.mergedAt.getTime() >= merged.mergedAt.getTime() && c.pull.number !== merged.number)
    .sort((a, b) => a.pull.mergedAt.getTime() - b.pull.mergedAt.getTime())[0];
}

/** Merges that added or changed request files with no decision of the app's: never evidence of a grant. */
function unrecordedRows(facts: AuditFacts): AuditRow[] {
  return facts.changes
    .filter((c) => !c.pull.byApp && c.status !== "removed")
    .map((c) => ({
      path: c.path,
      requestPr: c.status === "added" ? c.pull.number : null,
      versionPr: c.pull.number,
      requester: null,
      principal: null,
      provider: null,
      role: null,
      scope: null,
      requestedStart: null,
      requestedEnd: null,
      grantedAt: null,
      endedAt: null,
      end: "unknown" as const,
      endedBy: null,
      howEnded: `#${c.pull.number} (opened by ${c.pull.author}) ${c.status} it, and the app recorded no decision`,
      approvers: [],
      ticket: null,
      reason: null,
      revertPr: null,
      policyCommit: null,
      mergeCommit: c.pull.mergeCommitSha,
      mergedAt: c.pull.mergedAt,
      notes: ["no decision of the app's on the merge commit: nothing here shows a grant or an approval; check the clouds' audit logs for this path"],
    }));
}
