import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { configFrom } from "../../src/evaluate/config-checks.js";
import type { LifecycleEvent } from "../../src/lifecycle/event-record.js";
import { earlyEndOf, withRecordedEnd } from "../../src/lifecycle/early-end.js";
import { addEvent } from "../../src/lifecycle/event-record.js";
import { planReconcile } from "../../src/lifecycle/plan-reconcile.js";
import type { ReconcileInput, ReconcilePlan } from "../../src/lifecycle/plan-reconcile.js";
import type { UndeterminedRequest } from "../../src/lifecycle/read-requests.js";
import type { AccessRepoPort, EndedEvent, GatheredRepo, GrantOutcomeRecord } from "../../src/lifecycle/repo-port.js";
import type { RevertResult } from "../../src/lifecycle/revert-pull.js";
import type { ActiveRequest, BackedRequest, RevertFile } from "../../src/lifecycle/types.js";
import type { OutcomeTelling } from "../../src/lifecycle/plan-outcome-comment.js";
import type { OutcomeSection } from "../../src/render/plan-outcome.js";

const POLICIES = join(import.meta.dirname, "../../access-policies");
/** Ways access ends; the first one told stands, as in the plan comment's story. */
const END_ENTRIES = new Set(["ended", "revoked", "ended-early"]);

/** The example repo's configuration files, as the default branch holds them. */
export function exampleConfigFiles(): Map<string, Buffer | null> {
  return new Map(readdirSync(POLICIES).filter((f) => f.endsWith(".yaml")).map((f) => [`access-policies/${f}`, readFileSync(join(POLICIES, f))]));
}

type Method = keyof AccessRepoPort;

/**
 * The access repo port in memory: a default branch holding request files and
 * configuration, the app's records per merge commit, story lines and plan
 * sections per pull request, and merged reverts. Same contract as the Octokit
 * adapter: a revert removes files from the branch, the first end told stands,
 * an event is recorded once.
 */
export class MemoryRepoPort implements AccessRepoPort {
  defaultBranch = "main";
  requests: ActiveRequest[] = [];
  undetermined: UndeterminedRequest[] = [];
  configFiles: Map<string, Buffer | null> = exampleConfigFiles();
  readonly records = new Map<string, { outcome?: GrantOutcomeRecord; events: LifecycleEvent[] }>();
  readonly stories = new Map<number, Map<string, string>>();
  readonly sections = new Map<number, Map<string, OutcomeSection>>();
  readonly reverts: RevertResult[] = [];
  readonly calls: Method[] = [];
  private readonly failures = new Map<Method, Error>();
  private head = 1;

  constructor(requests: ActiveRequest[] = []) {
    this.requests = requests;
  }

  /** The next call of `method` fails with `error` (GitHub did not answer). */
  failNext(method: Method, error = new Error(`GitHub did not answer ${method}`)): void {
    this.failures.set(method, error);
  }

  paths(): string[] {
    return this.requests.map((r) => r.path).sort();
  }

  story(pr: number): Record<string, string> {
    return Object.fromEntries(this.stories.get(pr) ?? []);
  }

  events(sha: string): LifecycleEvent[] {
    return this.records.get(sha)?.events ?? [];
  }

  async gather(): Promise<GatheredRepo> {
    this.enter("gather");
    return {
      name: "acme/access",
      defaultBranch: this.defaultBranch,
      headSha: `head-${this.head}`,
      treeSha: `tree-${this.head}`,
      tree: this.requests.map((r) => ({ path: r.path, mode: "100644", type: "blob", sha: r.blobSha })),
      configFiles: this.configFiles,
      config: configFrom(this.configFiles),
      // As the adapter derives them: an early end recorded on the merge commit holds for that version.
      requests: structuredClone(this.requests).map((r) => (r.mergeCommitSha ? withRecordedEnd(r, this.events(r.mergeCommitSha)) : r)),
      undetermined: [...this.undetermined],
    };
  }

  async recordGrantOutcome(request: BackedRequest, outcome: GrantOutcomeRecord): Promise<void> {
    this.enter("recordGrantOutcome");
    if (!request.mergeCommitSha) return;
    const record = this.recordOf(request.mergeCommitSha);
    record.outcome = outcome;
    const event: LifecycleEvent = outcome.ok ? { kind: "granted", path: request.path, blobSha: request.blobSha, at: outcome.at } : { kind: "grant-failed", path: request.path, blobSha: request.blobSha, at: outcome.at, message: outcome.message ?? "" };
    record.events = addEvent(record.events, event);
  }

  async recordEnded(mergeCommitSha: string, event: EndedEvent): Promise<LifecycleEvent[] | undefined> {
    this.enter("recordEnded");
    const record = this.recordOf(mergeCommitSha);
    record.events = addEvent(record.events, event);
    return record.events;
  }

  async endedEarly(request: BackedRequest): Promise<EndedEvent | undefined> {
    this.enter("endedEarly");
    return request.mergeCommitSha ? earlyEndOf(this.events(request.mergeCommitSha), request.path, request.blobSha) : undefined;
  }

  /** The in-memory repo has one linear history: every recorded merge is where its version arrived. */
  async checkArrivals(input: ReconcileInput): Promise<{ plan: ReconcilePlan; requests: ActiveRequest[] }> {
    this.enter("checkArrivals");
    return { plan: planReconcile(input), requests: input.requests };
  }

  async ensureRevert(_gathered: GatheredRepo, files: RevertFile[]): Promise<RevertResult[]> {
    this.enter("ensureRevert");
    const onBranch = files.filter((f) => this.requests.some((r) => r.path === f.path));
    if (onBranch.length === 0) return [];
    const number = 100 + this.reverts.length;
    const result: RevertResult = { number, url: `https://github.example/acme/access/pull/${number}`, merged: true, files: onBranch };
    this.reverts.push(result);
    this.requests = this.requests.filter((r) => !onBranch.some((f) => f.path === r.path));
    this.head += 1;
    return [result];
  }

  async tellOutcome(pr: number, telling: OutcomeTelling): Promise<void> {
    this.enter("tellOutcome");
    const sections = this.sections.get(pr) ?? new Map<string, OutcomeSection>();
    for (const section of telling.sections) sections.set(section.path, section);
    this.sections.set(pr, sections);
    if (!telling.story) return;
    const { entry, text } = telling.story;
    const lines = this.stories.get(pr) ?? new Map<string, string>();
    if (!lines.has(entry) && END_ENTRIES.has(entry) && [...lines.keys()].some((e) => END_ENTRIES.has(e))) return;
    lines.set(entry, text);
    this.stories.set(pr, lines);
  }

  private recordOf(sha: string): { outcome?: GrantOutcomeRecord; events: LifecycleEvent[] } {
    let record = this.records.get(sha);
    if (!record) this.records.set(sha, (record = { events: [] }));
    return record;
  }

  private enter(method: Method): void {
    this.calls.push(method);
    const failure = this.failures.get(method);
    if (!failure) return;
    this.failures.delete(method);
    throw failure;
  }
}
