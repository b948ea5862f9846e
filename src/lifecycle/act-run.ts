/**
 * Acting on one run's plan: revoke, grant all or nothing, revert what ended,
 * and tell the story on each original pull request, through the repo port
 * and the provider registry. What only tells that access ended (the ended
 * event, the story line, the plan outcome) may be handed to `tellLater`, to
 * go out paced after the run; revocations, grants and reverts never wait.
 * Every effect is idempotent, so a crash anywhere is repaired by the next run.
 */
import type { Clock } from "../core/clock.js";
import type { ProviderRegistry } from "../providers/registry.js";
import { utc } from "../render/format-time.js";
import { grantedSection, storySection } from "../render/plan-outcome.js";
import type { OutcomeSection } from "../render/plan-outcome.js";
import { grantAll, revokeTargetOf } from "./cloud-effects.js";
import { earlyEndNoteOf } from "./early-end.js";
import type { EndHow } from "./event-record.js";
import type { RunPlan } from "./plan-run.js";
import type { AccessRepoPort, GatheredRepo } from "./repo-port.js";
import type { RevertResult } from "./revert-pull.js";
import { endedText, grantFailedText, grantedText, revertText, revokedText, unbackedText } from "./story-text.js";
import type { ActiveRequest, BackedRequest, LifecycleAction, RevertFile } from "./types.js";

export interface LifecycleLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface ActDeps {
  clock: Clock;
  providers: ProviderRegistry;
  log: LifecycleLog;
  /** Keys revoked because their window ended (a sweep does not revoke them again while their revert waits). */
  expiredRevoked?: Set<string>;
  /** Takes the telling of an end to be written after the run, through a port whose writes are paced; absent, the run tells it itself. */
  tellLater?: (tell: (port: AccessRepoPort) => Promise<void>) => void;
}

export interface ActReport {
  granted: string[];
  failed: string[];
  revoked: string[];
  reverts: RevertResult[];
  /** Paths whose grants could not all be revoked: their files stay on the default branch for the next run. */
  failedRevokes: string[];
}

/**
 * @example
 *   const report = await actOnPlan(planRun({ gathered, held, now }), gathered, port, { clock, providers, log });
 */
export async function actOnPlan(plan: RunPlan, gathered: GatheredRepo, port: AccessRepoPort, deps: ActDeps): Promise<ActReport> {
  const report: ActReport = { granted: [], failed: [], revoked: [], reverts: [], failedRevokes: [] };
  const byPath = new Map(plan.requests.map((r) => [r.path, r]));
  const failedRevokes = new Set<string>();
  for (const action of plan.actions) if (action.kind === "revoke") await revoke(action, deps, report, failedRevokes);
  for (const action of plan.actions) if (action.kind === "grant") await grant(port, byPath.get(action.path) as BackedRequest, deps, report);
  for (const action of plan.actions) {
    if (action.kind !== "revert") continue;
    // A file whose grants could not be revoked stays on main, so the next run tries again.
    const files = action.files.filter((f) => !failedRevokes.has(f.path));
    report.reverts = await port.ensureRevert(gathered, files);
    for (const refused of new Set(report.reverts.flatMap((r) => r.replaced ?? []))) {
      deps.log.warn({ repo: gathered.name, pr: refused.number, branch: refused.branch, head: refused.headSha, problems: refused.problems }, "did not merge a revert branch holding a commit access-pr did not build; closed, reported and rebuilt");
    }
    const { reverts } = report;
    const now = deps.clock.now();
    const tell = (teller: AccessRepoPort) => tellEnded(teller, files, reverts, byPath, now);
    if (deps.tellLater) deps.tellLater(tell);
    else await tell(port);
  }
  report.failedRevokes = [...failedRevokes].sort();
  return report;
}

async function revoke(action: Extract<LifecycleAction, { kind: "revoke" }>, deps: ActDeps, report: ActReport, failed: Set<string>): Promise<void> {
  const { held } = action;
  try {
    await deps.providers.get(held.provider)?.revoke(revokeTargetOf(held));
    report.revoked.push(held.key);
    if (action.why === "expired") deps.expiredRevoked?.add(held.key);
    const level = action.why === "drift" || action.why === "offboarded" ? "warn" : "info";
    deps.log[level]({ key: held.key, provider: held.provider, scope: held.scope, role: held.role, principal: held.principal, path: action.path, why: action.why }, action.why === "drift" ? "revoked a grant nothing on the default branch backs" : "revoked grant");
  } catch (error) {
    if (action.path) failed.add(action.path);
    deps.log.error({ key: held.key, provider: held.provider, scope: held.scope, err: error }, "revoke failed; the next run retries");
  }
}

async function grant(port: AccessRepoPort, request: BackedRequest, deps: ActDeps, report: ActReport): Promise<void> {
  const now = deps.clock.now();
  // The decision may come from the ledger or a cache written before a `/revoke`: the record is read again first.
  const ended = await port.endedEarly(request);
  if (ended) {
    deps.log.warn({ path: request.path, blob: request.blobSha, endedAt: ended.at, by: ended.by }, "not granted: this version of the request was ended early; the next run revokes and reverts it");
    return;
  }
  const outcome = await grantAll(deps.providers, request.specs);
  const text = outcome.ok ? grantedText(request.specs, now) : grantFailedText(outcome.spec, outcome.index, outcome.message);
  if (outcome.ok) {
    report.granted.push(request.path);
    // Granted again (an extension merged after the end): the next end must revoke it again.
    for (const spec of request.specs) deps.expiredRevoked?.delete(spec.key);
  } else {
    report.failed.push(request.path);
    deps.log.error({ path: request.path, grant: outcome.index, message: outcome.message, rollbackFailures: outcome.rollbackFailures }, "grant failed; nothing of this request is granted");
  }
  for (const pr of new Set([request.pr, request.versionPr])) {
    const extendedBy = request.versionPr !== request.pr ? request.versionPr : undefined;
    const section = outcome.ok ? grantedSection(request.path, request.specs, now, pr === request.pr ? extendedBy : undefined) : storySection(request.path, "failed", text);
    // On the original pull request each granted version (an extension's too) keeps its own line.
    const entry = outcome.ok ? (pr === request.pr ? `granted-${request.blobSha.slice(0, 12)}` : "granted") : "grant-failed";
    await port.tellOutcome(pr, { sections: [section], story: { entry, text } });
  }
  // The decision recorded at the merge stays: only the outcome is added.
  await port.recordGrantOutcome(request, {
    ok: outcome.ok,
    at: deps.clock.now(),
    title: outcome.ok ? `Granted until ${utc(request.window.end)}` : "Nothing was granted",
    summary: `${request.path}: ${text}\n${approvedByLine(request.decision.approvers)}`,
    ...(outcome.ok ? {} : { message: outcome.message }),
  });
}

async function tellEnded(port: AccessRepoPort, files: RevertFile[], reverts: RevertResult[], byPath: Map<string, ActiveRequest>, now: Date): Promise<void> {
  // Per original PR: each file's section, and one story line per way its files ended (the last one's words stand).
  const storyOf = new Map<number, { sections: OutcomeSection[]; stories: Map<string, string> }>();
  try {
    for (const file of files) {
      const removal = reverts.find((r) => r.files.some((f) => f.path === file.path));
      // No revert of ours: the file left the default branch meanwhile, and whoever removed it tells the story.
      if (!file.pr || !removal) continue;
      const revert = revertText(removal);
      const request = byPath.get(file.path);
      const backed = request?.status === "backed" ? request : undefined;
      let endedBy = file.endedBy ? { ...file.endedBy, at: now } : undefined;
      if (request?.mergeCommitSha) {
        const how: EndHow = file.why === "unbacked" ? "unapproved" : file.why === "expired" ? "expired" : backed?.offboarded && !file.endedBy ? "offboarded" : "revoked";
        const by = file.endedBy ? { by: file.endedBy.login } : {};
        const standing = await port.recordEnded(request.mergeCommitSha, { kind: "ended", path: file.path, blobSha: request.blobSha, at: now, how, ...by, detail: file.detail, revertPr: removal.number });
        // A /revoke recorded its end first (this run read the version before, or a replica ended it as the window ended): that end is told.
        const early = standing && file.why !== "unbacked" ? earlyEndNoteOf(standing, file.path, request.blobSha) : undefined;
        if (early) endedBy = early;
      }
      const text = file.why === "unbacked" ? unbackedText(file.detail, revert) : endedBy ? revokedText(endedBy.words, endedBy.at, revert) : file.why === "revoked" ? revokedText(file.detail, now, revert) : endedText(backed?.window.end ?? now, revert);
      const entry = file.why === "unbacked" ? "not-granted" : endedBy ? "revoked" : file.why === "revoked" ? "ended-early" : "ended";
      const told = storyOf.get(file.pr) ?? { sections: [], stories: new Map<string, string>() };
      told.sections.push(storySection(file.path, file.why === "unbacked" ? "not-granted" : "ended", text));
      told.stories.set(entry, text);
      storyOf.set(file.pr, told);
    }
  } finally {
    // One edit per original pull request, however many of its files ended together: every file's section, and the
    // story's line for each way they ended (the last one's words stand); two lines of different kinds are two edits.
    // What was gathered is told even when a later file's record could not be written.
    for (const [pr, { sections, stories }] of storyOf) {
      const lines = [...stories.entries()];
      for (const [i, [entry, text]] of lines.entries()) await port.tellOutcome(pr, { sections: i === 0 ? sections : [], story: { entry, text } });
    }
  }
}

/** The approvers that counted, for the grant check's summary: the record names them whatever is rewritten later. */
export function approvedByLine(approvers: string[]): string {
  return approvers.length > 0 ? `Approved by ${approvers.join(", ")}.` : "No approval was recorded.";
}
