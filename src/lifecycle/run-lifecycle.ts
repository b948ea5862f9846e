/**
 * One lifecycle run for one repo: read the requests on the default branch,
 * ask the clouds what they hold (a reconcile) or assume the worst (a sweep),
 * plan, then act: revoke, grant all or nothing, revert what ended, and tell
 * the story on each original pull request. Every effect is idempotent, so a
 * crash anywhere is repaired by the next run.
 */
import type { Clock } from "../core/clock.js";
import type { GrantSpec, HeldGrant, ProviderName } from "../core/grant.js";
import { configFrom } from "../evaluate/config-checks.js";
import { upsertCheckRun } from "../github/check-run.js";
import type { GitHubClient, RepoRef } from "../github/client.js";
import { isConfigPath, readBlobs, readTree } from "../github/read-files.js";
import type { AccessConfig } from "../model/types.js";
import { providerDefinitions } from "../providers/definitions.js";
import type { ProviderRegistry } from "../providers/registry.js";
import type { Rule } from "../model/types.js";
import { utc } from "../render/format-time.js";
import { planCheckingArrivals } from "./arrival-check.js";
import { assumedHeld, grantAll, revokeTargetOf } from "./cloud-effects.js";
import { grantedSection, storySection } from "../render/plan-outcome.js";
import { recordPlanOutcome } from "./plan-outcome-comment.js";
import { GRANT_CHECK, readGrantRecord, recordEvent } from "./decision-check.js";
import { earlyEndOf } from "./early-end.js";
import type { EndHow } from "./event-record.js";
import { ownHeld } from "./held-ownership.js";
import { markOffboarded } from "./offboarding.js";
import { readRequestsOfTree } from "./read-requests.js";
import type { RequestCache } from "./read-requests.js";
import { ensureRevert } from "./revert-pull.js";
import type { RevertResult } from "./revert-pull.js";
import type { RunKind } from "./scheduler.js";
import { tellStory } from "./story-comment.js";
import { endedText, grantFailedText, grantedText, revertText, revokedText, unbackedText } from "./story-text.js";
import type { BackedRequest, LifecycleAction, RevertFile } from "./types.js";

export { GRANT_CHECK } from "./decision-check.js";

export interface LifecycleLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface LifecycleContext {
  clock: Clock;
  providers: ProviderRegistry;
  log: LifecycleLog;
  /** The app's own login ("access-pr[bot]"), read from GitHub at start: only its pull requests are reverts to reuse, only its comments are its own. */
  botLogin: string;
  /** The GitHub App's id, read from GitHub at start: check runs by any other app are not the app's record. */
  appId: number;
  /** Derived requests per repo, kept between runs purely to save API calls. */
  caches: Map<string, RequestCache>;
  /** How long a revert may wait for windows that end soon after (see planReconcile); default 0. */
  revertBatchMs?: number;
  /**
   * Keys this process revoked because their window ended, so a sweep does not revoke them again at
   * every wake-up while their revert waits. Purely an optimisation: a restart starts empty and revokes again.
   */
  expiredRevoked?: Set<string>;
  /**
   * Takes what only tells that access ended (story, plan outcome, ended event) to be written after the run,
   * paced under GitHub's content-creation limit (tell-later.ts); absent, the run writes it itself.
   */
  tellLater?: (repo: RepoRef, tell: (gh: GitHubClient) => Promise<void>) => void;
}

export interface RunReport {
  granted: string[];
  failed: string[];
  revoked: string[];
  reverts: RevertResult[];
  nextWake?: Date;
  /** The default branch's tree this run read: a push that leaves the same tree has nothing new to reconcile. */
  treeSha?: string;
}

/**
 * @example
 *   const report = await runLifecycle(gh, { owner: "acme", repo: "access" }, "reconcile", ctx);
 *   scheduler wakes again at report.nextWake
 */
export async function runLifecycle(gh: GitHubClient, repo: RepoRef, kind: RunKind, ctx: LifecycleContext): Promise<RunReport> {
  const name = `${repo.owner}/${repo.repo}`;
  const { data: info } = await gh.rest.repos.get({ ...repo });
  const defaultBranch = info.default_branch;
  let cache = ctx.caches.get(name);
  if (!cache) ctx.caches.set(name, (cache = new Map()));
  // One read of the head's tree serves both the requests and the identities that offboarding checks.
  const { sha: treeSha, files: tree } = await readTree(gh, repo, defaultBranch);
  const loaded = configFrom(await readBlobs(gh, repo, tree.filter((file) => isConfigPath(file.path))));
  const read = await readRequestsOfTree(gh, repo, defaultBranch, cache, { appId: ctx.appId, botLogin: ctx.botLogin }, tree);
  for (const { path, blobSha, error } of read.undetermined) {
    ctx.log.error({ repo: name, path, blob: blobSha, err: error }, "could not work out what backs this request file; it is left as it is until the next run, and every other file is handled now");
  }
  const marked = markOffboarded(read.requests, loaded, defaultBranch);
  const now = ctx.clock.now();

  const revokedBefore = ctx.expiredRevoked ?? new Set<string>();
  const held =
    kind === "reconcile"
      ? ownHeld(await listHeld(loaded.config, marked.flatMap((r) => r.specs), ctx), name)
      : marked.flatMap((r) => r.specs.filter((s) => !revokedBefore.has(s.key)).map(assumedHeld));
  // A version is granted only where its recorded merge is shown to have put it on the default branch (arrival-check.ts).
  const { plan: planned, requests } = await planCheckingArrivals(gh, repo, defaultBranch, cache, ctx.log, { now, requests: marked, held, ...(ctx.revertBatchMs ? { revertBatchMs: ctx.revertBatchMs } : {}) });
  // A grant no file backs may belong to a file this run could not read: it waits for a run that reads them all (as before, when such a run stopped).
  const plan = read.undetermined.length === 0 ? planned : { ...planned, actions: planned.actions.filter((a) => !(a.kind === "revoke" && a.why === "drift")) };
  const report: RunReport = { granted: [], failed: [], revoked: [], reverts: [], ...(plan.nextWake ? { nextWake: plan.nextWake } : {}) };
  const byPath = new Map(requests.map((r) => [r.path, r]));

  const failedRevokes = new Set<string>();
  for (const action of plan.actions) {
    if (action.kind === "revoke") await revoke(action, ctx, report, failedRevokes);
  }
  for (const action of plan.actions) {
    if (action.kind === "grant") await grant(gh, repo, byPath.get(action.path) as BackedRequest, ctx, report);
  }
  for (const action of plan.actions) {
    if (action.kind !== "revert") continue;
    // A file whose grants could not be revoked stays on main, so the next run tries again.
    const files = action.files.filter((f) => !failedRevokes.has(f.path));
    report.reverts = await ensureRevert(gh, repo, defaultBranch, files, ctx.botLogin);
    for (const refused of new Set(report.reverts.flatMap((r) => r.replaced ?? []))) {
      ctx.log.warn({ repo: name, pr: refused.number, branch: refused.branch, head: refused.headSha, problems: refused.problems }, "did not merge a revert branch holding a commit access-pr did not build; closed, reported and rebuilt");
    }
    const reverts = report.reverts;
    const tell = (client: GitHubClient) => tellEnded(client, repo, files, reverts, byPath, now, ctx.botLogin, ctx.appId);
    if (ctx.tellLater) ctx.tellLater(repo, tell);
    else await tell(gh);
  }
  // Only a run that did everything it planned vouches for its tree; a failure leaves the next push to retry.
  if (report.failed.length === 0 && failedRevokes.size === 0 && read.undetermined.length === 0) report.treeSha = treeSha;
  if (plan.actions.length > 0) ctx.log.info({ repo: name, kind, granted: report.granted, revoked: report.revoked, reverts: report.reverts.map((r) => r.number) }, "lifecycle run acted");
  return report;
}

async function listHeld(config: AccessConfig, specs: GrantSpec[], ctx: LifecycleContext): Promise<HeldGrant[]> {
  const held = new Map<string, HeldGrant>();
  for (const { provider: providerName, scope } of scopesToList(specs, config.rules)) {
    const provider = ctx.providers.get(providerName);
    if (!provider) continue;
    const definition = providerDefinitions[providerName];
    let found: HeldGrant[];
    try {
      found = await provider.list(scope);
    } catch (error) {
      // Unknown is not empty: assume the requests' own grants there are held (revoke on time, no blind re-grant).
      ctx.log.warn({ provider: providerName, scope, err: error }, "could not list grants on a scope; drift there is checked at the next reconcile");
      found = specs.filter((s) => s.provider === providerName && definition.scopeKey(s.scope) === definition.scopeKey(scope)).map(assumedHeld);
    }
    // Listings overlap (ARM shows what lies above and below a scope): one entry per grant.
    for (const h of found) held.set([h.provider, h.key, definition.scopeKey(h.scope), h.role, h.principal.toLowerCase(), h.handle?.toLowerCase() ?? ""].join("\n"), h);
  }
  return [...held.values()];
}

/**
 * Every scope whose listing shows a grant this app may hold for the repo: the
 * scopes today's files name, and for each rule the scopes that cover every
 * scope its globs admit, so a grant whose file has left the default branch is
 * found (and revoked) whatever the rule's scopes look like.
 */
function scopesToList(specs: GrantSpec[], rules: Rule[]): { provider: ProviderName; scope: string }[] {
  const named = [
    ...specs.map((s) => ({ provider: s.provider, scope: s.scope })),
    ...rules.flatMap((rule) => rule.scopes.flatMap((glob) => providerDefinitions[rule.provider].listingScopes(glob).map((scope) => ({ provider: rule.provider, scope })))),
  ];
  const unique = new Map(named.map((n) => [`${n.provider}\n${providerDefinitions[n.provider].scopeKey(n.scope)}`, n]));
  return [...unique.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, n]) => n);
}

async function revoke(action: Extract<LifecycleAction, { kind: "revoke" }>, ctx: LifecycleContext, report: RunReport, failed: Set<string>): Promise<void> {
  const { held } = action;
  try {
    await ctx.providers.get(held.provider)?.revoke(revokeTargetOf(held));
    report.revoked.push(held.key);
    if (action.why === "expired") ctx.expiredRevoked?.add(held.key);
    const level = action.why === "drift" || action.why === "offboarded" ? "warn" : "info";
    ctx.log[level]({ key: held.key, provider: held.provider, scope: held.scope, role: held.role, principal: held.principal, path: action.path, why: action.why }, action.why === "drift" ? "revoked a grant nothing on the default branch backs" : "revoked grant");
  } catch (error) {
    if (action.path) failed.add(action.path);
    ctx.log.error({ key: held.key, provider: held.provider, scope: held.scope, err: error }, "revoke failed; the next run retries");
  }
}

async function grant(gh: GitHubClient, repo: RepoRef, request: BackedRequest, ctx: LifecycleContext, report: RunReport): Promise<void> {
  const now = ctx.clock.now();
  if (request.mergeCommitSha && (await endedEarly(gh, repo, request, ctx))) return;
  const outcome = await grantAll(ctx.providers, request.specs);
  const text = outcome.ok ? grantedText(request.specs, now) : grantFailedText(outcome.spec, outcome.index, outcome.message);
  if (outcome.ok) {
    report.granted.push(request.path);
    // Granted again (an extension merged after the end): the next end must revoke it again.
    for (const spec of request.specs) ctx.expiredRevoked?.delete(spec.key);
  }
  if (!outcome.ok) {
    report.failed.push(request.path);
    ctx.log.error({ path: request.path, grant: outcome.index, message: outcome.message, rollbackFailures: outcome.rollbackFailures }, "grant failed; nothing of this request is granted");
  }
  await tellStory(gh, repo, request.pr, outcome.ok ? `granted-${request.blobSha.slice(0, 12)}` : "grant-failed", text, ctx.botLogin);
  if (request.versionPr !== request.pr) await tellStory(gh, repo, request.versionPr, outcome.ok ? "granted" : "grant-failed", text, ctx.botLogin);
  for (const pr of new Set([request.pr, request.versionPr])) {
    const extendedBy = request.versionPr !== request.pr ? request.versionPr : undefined;
    await recordPlanOutcome(gh, repo, pr, outcome.ok ? grantedSection(request.path, request.specs, now, pr === request.pr ? extendedBy : undefined) : storySection(request.path, "failed", text), ctx.botLogin);
  }
  if (request.mergeCommitSha) {
    // The decision recorded in this run's text stays: only the outcome is added.
    await upsertCheckRun(gh, repo, {
      name: GRANT_CHECK,
      headSha: request.mergeCommitSha,
      appId: ctx.appId,
      keepText: true,
      status: "completed",
      conclusion: outcome.ok ? "success" : "failure",
      title: outcome.ok ? `Granted until ${utc(request.window.end)}` : "Nothing was granted",
      summary: `${request.path}: ${text}\n${approvedByLine(request.decision.approvers)}`,
    });
    const at = ctx.clock.now();
    await recordEvent(gh, repo, request.mergeCommitSha, ctx.appId, outcome.ok ? { kind: "granted", path: request.path, blobSha: request.blobSha, at } : { kind: "grant-failed", path: request.path, blobSha: request.blobSha, at, message: outcome.message });
  }
}

async function tellEnded(
  gh: GitHubClient,
  repo: RepoRef,
  files: RevertFile[],
  reverts: RevertResult[],
  byPath: Map<string, { status: string; blobSha: string; window?: { end: Date }; mergeCommitSha?: string | null; offboarded?: string }>,
  now: Date,
  botLogin: string,
  appId: number,
): Promise<void> {
  // One story line per original PR, however many of its files ended together (the last one's words stand).
  const storyOf = new Map<string, { pr: number; entry: string; text: string }>();
  for (const file of files) {
    const removal = reverts.find((r) => r.files.some((f) => f.path === file.path));
    // No revert of ours: the file left the default branch meanwhile, and whoever removed it tells the story.
    if (!file.pr || !removal) continue;
    const revert = revertText(removal);
    const request = byPath.get(file.path);
    const text = file.why === "unbacked" ? unbackedText(file.detail, revert) : file.why === "revoked" ? revokedText(file.detail, now, revert) : endedText(request?.window?.end ?? now, revert);
    const entry = file.why === "unbacked" ? "not-granted" : file.why === "revoked" ? "ended-early" : "ended";
    if (request?.mergeCommitSha) {
      const how: EndHow = file.why === "unbacked" ? "unapproved" : file.why === "expired" ? "expired" : request.offboarded ? "offboarded" : "revoked";
      const standing = await recordEvent(gh, repo, request.mergeCommitSha, appId, { kind: "ended", path: file.path, blobSha: request.blobSha, at: now, how, detail: file.detail, revertPr: removal.number });
      // A /revoke recorded its end first (a replica handled it as the window ended): it tells that end, once.
      if (file.why === "expired" && standing && earlyEndOf(standing, file.path, request.blobSha)) continue;
    }
    storyOf.set(`${file.pr} ${entry}`, { pr: file.pr, entry, text });
    await recordPlanOutcome(gh, repo, file.pr, storySection(file.path, file.why === "unbacked" ? "not-granted" : "ended", text), botLogin);
  }
  for (const { pr, entry, text } of storyOf.values()) await tellStory(gh, repo, pr, entry, text, botLogin);
}

/**
 * Whether the app's record on the merge commit, read again now, holds an early end of this version.
 * A decision may come from the ledger or the cache, written before a `/revoke`: nothing is granted
 * on it without this fresh look at the one place only the app writes. The cache forgets the version,
 * so the next run reads it as ended, revokes and reverts it.
 */
async function endedEarly(gh: GitHubClient, repo: RepoRef, request: BackedRequest, ctx: LifecycleContext): Promise<boolean> {
  const { events } = await readGrantRecord(gh, repo, request.mergeCommitSha ?? "", ctx.appId);
  const ended = earlyEndOf(events, request.path, request.blobSha);
  if (!ended) return false;
  ctx.caches.get(`${repo.owner}/${repo.repo}`)?.delete(`${request.path}@${request.blobSha}`);
  ctx.log.warn({ path: request.path, blob: request.blobSha, endedAt: ended.at, by: ended.by }, "not granted: this version of the request was ended early; the next run revokes and reverts it");
  return true;
}

/** The approvers that counted, for the grant check's summary: the record names them whatever is rewritten later. */
export function approvedByLine(approvers: string[]): string {
  return approvers.length > 0 ? `Approved by ${approvers.join(", ")}.` : "No approval was recorded.";
}
