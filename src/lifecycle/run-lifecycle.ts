/**
 * One lifecycle run for one repo: gather the repo through its port, ask the
 * clouds what they hold (a reconcile) or assume the worst (a sweep), plan
 * (a pure step), then act through the port and the providers; the telling of
 * an end goes out paced after the run when the context paces it. Every effect
 * is idempotent, so a crash anywhere is repaired by the next run.
 */
import type { Clock } from "../core/clock.js";
import type { GrantSpec, HeldGrant, ProviderName } from "../core/grant.js";
import type { GitHubClient, RepoRef } from "../github/client.js";
import type { AccessConfig } from "../model/types.js";
import { providerDefinitions } from "../providers/definitions.js";
import type { ProviderRegistry } from "../providers/registry.js";
import type { Rule } from "../model/types.js";
import { actOnPlan } from "./act-run.js";
import type { ActDeps, LifecycleLog } from "./act-run.js";
import { assumedHeld } from "./cloud-effects.js";
import { recordUnrecordedEnds, withUnrecordedEnds } from "./unrecorded-ends.js";
import { ownHeld } from "./held-ownership.js";
import { octokitPort } from "./octokit-port.js";
import type { PortMemory } from "./octokit-port.js";
import { planRunChecked } from "./plan-run.js";
import type { AccessRepoPort, GatheredRepo } from "./repo-port.js";
import type { RevertResult } from "./revert-pull.js";
import type { RunKind } from "./scheduler.js";

export { GRANT_CHECK } from "./decision-check.js";
export { approvedByLine } from "./act-run.js";
export type { LifecycleLog } from "./act-run.js";

export interface LifecycleContext {
  clock: Clock;
  providers: ProviderRegistry;
  log: LifecycleLog;
  /** The app's own login ("access-pr[bot]"), read from GitHub at start: only its pull requests are reverts to reuse, only its comments are its own. */
  botLogin: string;
  /** The GitHub App's id, read from GitHub at start: check runs by any other app are not the app's record. */
  appId: number;
  /** Per repo ("owner/repo", lower case): derived requests, the default branch and the head last read, kept between runs purely to save API calls. */
  caches: Map<string, PortMemory>;
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
  /** Paths whose grants could not all be revoked (their files stay on the default branch). */
  failedRevokes: string[];
  nextWake?: Date;
  /** The default branch's tree this run read: a push that leaves the same tree has nothing new to reconcile. */
  treeSha?: string;
  /** The default branch's head commit this run read, when it did everything it planned. */
  headSha?: string;
}

export interface RunOptions {
  /** Ask GitHub which branch is the default even when one is remembered (a full reconcile does). */
  freshDefaultBranch?: boolean;
}

/** What the adapter keeps for one repo between runs. */
export function memoryOf(ctx: LifecycleContext, repo: RepoRef): PortMemory {
  const key = `${repo.owner}/${repo.repo}`.toLowerCase();
  let memory = ctx.caches.get(key);
  if (!memory) ctx.caches.set(key, (memory = { cache: new Map() }));
  return memory;
}

/** The Octokit adapter of the repo port for one run. */
export function portFor(gh: GitHubClient, repo: RepoRef, ctx: LifecycleContext, options: RunOptions = {}): AccessRepoPort {
  return octokitPort(gh, repo, { appId: ctx.appId, botLogin: ctx.botLogin, log: ctx.log, memory: memoryOf(ctx, repo), ...(options.freshDefaultBranch ? { freshDefaultBranch: true } : {}) });
}

/**
 * @example
 *   const report = await runLifecycle(gh, { owner: "acme", repo: "access" }, "reconcile", ctx);
 *   scheduler wakes again at report.nextWake
 */
export async function runLifecycle(gh: GitHubClient, repo: RepoRef, kind: RunKind, ctx: LifecycleContext, options: RunOptions = {}): Promise<RunReport> {
  const port = portFor(gh, repo, ctx, options);
  return runOnPort(port, await port.gather(), kind, ctx, laterTeller(repo, ctx));
}

/** The run's telling handed to the context's pacer, through a port over the paced client it is given. */
export function laterTeller(repo: RepoRef, ctx: LifecycleContext): ActDeps["tellLater"] {
  const { tellLater } = ctx;
  if (!tellLater) return undefined;
  return (tell) => tellLater(repo, (gh) => tell(portFor(gh, repo, ctx)));
}

/**
 * Plan and act over what was gathered.
 *
 * @example
 *   const gathered = await port.gather();
 *   await runOnPort(port, gathered, "sweep", ctx);
 */
export async function runOnPort(port: AccessRepoPort, gathered: GatheredRepo, kind: RunKind, ctx: LifecycleContext, tellLater?: ActDeps["tellLater"]): Promise<RunReport> {
  const { name } = gathered;
  for (const { path, blobSha, error } of gathered.undetermined) {
    ctx.log.error({ repo: name, path, blob: blobSha, err: error }, "could not work out what backs this request file; it is left as it is until the next run, and every other file is handled now");
  }
  // A /revoke GitHub would not let the app record yet holds here too, and is recorded when GitHub lets it (unrecorded-ends.ts).
  gathered = { ...gathered, requests: withUnrecordedEnds(gathered.requests, ctx, name) };
  await recordUnrecordedEnds(port, name, ctx);
  const revokedBefore = ctx.expiredRevoked ?? new Set<string>();
  const specs = gathered.requests.flatMap((r) => r.specs);
  const held = kind === "reconcile" ? ownHeld(await listHeld(gathered.config.config, specs, ctx), name) : specs.filter((s) => !revokedBefore.has(s.key)).map(assumedHeld);
  // A version is granted only where its recorded merge is shown to have put it on the default branch (arrival-check.ts).
  const plan = await planRunChecked({ gathered, held, now: ctx.clock.now(), ...(ctx.revertBatchMs ? { revertBatchMs: ctx.revertBatchMs } : {}) }, (input) => port.checkArrivals(input));
  const acted = await actOnPlan(plan, gathered, port, { clock: ctx.clock, providers: ctx.providers, log: ctx.log, ...(ctx.expiredRevoked ? { expiredRevoked: ctx.expiredRevoked } : {}), ...(tellLater ? { tellLater } : {}) });
  const report: RunReport = { ...acted, ...(plan.nextWake ? { nextWake: plan.nextWake } : {}) };
  // Only a run that did everything it planned vouches for its tree; a failure leaves the next push to retry.
  if (acted.failed.length === 0 && acted.failedRevokes.length === 0 && gathered.undetermined.length === 0) Object.assign(report, { treeSha: gathered.treeSha, headSha: gathered.headSha });
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
