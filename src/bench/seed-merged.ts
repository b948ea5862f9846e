/**
 * Active GCP requests as the app leaves them after granting: a merged pull
 * request per request file (by its engineer, approved and merged by an
 * approver), the decision and its "granted" event in the app's
 * `access-pr / grant` check run on each merge commit, and the bindings in
 * GCP IAM with their expiry condition. Written straight into the embedded
 * GitHub's store (see src/sandbox/github/seed-store.ts: one `git fast-import`
 * for the whole history) and into the GCP emulator's policy, so a thousand
 * requests take seconds instead of the many minutes a thousand real pull
 * requests through the app would. Nothing is delivered to the app.
 *
 * @example
 *   const seeded = await seedActiveGcpRequests(app.github, app.gcp, { repo: "acme/access", engineers: ["eng-0001"], approver: "bob", windowHours: 2 });
 *   seeded[0].decision.window.end; // two hours from the clock's now
 */
import type { GrantSpec } from "../core/grant.js";
import { grantKey } from "../core/grant-key.js";
import { checkRunExternalId } from "../github/check-run-duplicates.js";
import { GRANT_CHECK } from "../lifecycle/decision-check.js";
import { renderDecisions } from "../lifecycle/decision-record.js";
import type { DecisionRecord } from "../lifecycle/decision-record.js";
import { renderEvents } from "../lifecycle/event-record.js";
import { grantedText } from "../lifecycle/story-text.js";
import { utc } from "../render/format-time.js";
import type { GcpEmulator } from "../sandbox/gcp/gcp-emulator.js";
import { seedGrantBindings } from "../sandbox/gcp/seed-grant-bindings.js";
import type { GitHubEmulator } from "../sandbox/github/index.js";
import { seedCheckRun, seedMergedPulls } from "../sandbox/github/seed-store.js";
import type { SeededPull } from "../sandbox/github/seed-store.js";
import { requestFile, requestPath } from "./bench-world.js";

const HOUR = 3_600_000;
const SCOPE = "projects/payments-prod";
const ROLE = "roles/cloudsql.client";
const RULE = "payments-prod-db";

export interface SeedOptions {
  /** "owner/name" of the access repo. */
  repo: string;
  /** One request per engineer, each with a GCP identity `user:<login>@acme.example`. */
  engineers: string[];
  approver: string;
  windowHours: number;
  /** The rule's max_duration the decision records (default 4h, the example policy's). */
  maxHours?: number;
}

export interface SeededRequest {
  pull: SeededPull;
  decision: DecisionRecord;
}

function decisionOf(repo: string, pull: SeededPull, ticket: string, now: Date, options: SeedOptions): DecisionRecord {
  const window = { start: now, end: new Date(now.getTime() + options.windowHours * HOUR) };
  const principal = `user:${pull.author}@acme.example`;
  const origin = { repo, requestPath: pull.path, pr: pull.number, requester: pull.author, approvers: [options.approver], reason: `${ticket}: payments export failing, need to read the prod DB`, ticket };
  const spec: GrantSpec = { provider: "gcp", scope: SCOPE, role: ROLE, principal, window, key: grantKey(repo, pull.path, { provider: "gcp", scope: SCOPE, role: ROLE, principal }), origin };
  const grants = [{ spec, rule: RULE, maxDurationMs: (options.maxHours ?? 4) * HOUR, principalName: pull.author }];
  return { path: pull.path, blobSha: pull.blobSha, outcome: "granted", pr: pull.number, versionPr: pull.number, requester: pull.author, approvers: [options.approver], policySha: pull.baseSha, firstStart: now, window, grants };
}

/** Seeds `engineers.length` granted GCP requests, all merged at the clock's now; returns each pull request with its recorded decision. */
export async function seedActiveGcpRequests(github: GitHubEmulator, gcp: GcpEmulator, options: SeedOptions): Promise<SeededRequest[]> {
  const tickets = options.engineers.map((_, i) => `INC-${9000 + i}`);
  const seeds = options.engineers.map((login, i) => ({ path: requestPath("gcp", login, tickets[i] ?? ""), content: requestFile("gcp", tickets[i] ?? ""), author: login, approver: options.approver, title: `gcp access for ${login}` }));
  const pulls = await seedMergedPulls(github, options.repo, seeds);
  const now = github.hub.clock.now();
  const seeded = pulls.map((pull, i) => ({ pull, decision: decisionOf(options.repo, pull, tickets[i] ?? "", now, options) }));
  for (const { pull, decision } of seeded) {
    const specs = decision.grants.map((g) => g.spec);
    seedCheckRun(github, options.repo, {
      name: GRANT_CHECK,
      headSha: pull.mergeSha,
      externalId: checkRunExternalId(GRANT_CHECK, pull.mergeSha),
      conclusion: "success",
      title: `Granted until ${utc(decision.window.end)}`,
      summary: `${pull.path}: ${grantedText(specs, now)}\nApproved by ${options.approver}.`,
      text: renderDecisions([decision]) + renderEvents([{ kind: "granted", path: pull.path, blobSha: pull.blobSha, at: now }]),
    });
  }
  seedGrantBindings(gcp, SCOPE, seeded.flatMap(({ decision }) => decision.grants.map(({ spec }) => spec)), now);
  return seeded;
}
