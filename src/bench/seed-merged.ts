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
const ROLE = "roles/cloudsql.client";
type Project = "payments-prod" | "payments-dev";
/** The example policy's rule for each project, and its max_duration. */
const RULES: Record<Project, { rule: string; maxHours: number; folder: string }> = {
  "payments-prod": { rule: "payments-prod-db", maxHours: 4, folder: "prod" },
  "payments-dev": { rule: "payments-dev", maxHours: 24, folder: "dev" },
};

export interface SeedOptions {
  /** "owner/name" of the access repo. */
  repo: string;
  /** One request per engineer, each with a GCP identity `user:<login>@acme.example`. */
  engineers: string[];
  approver: string;
  windowHours: number;
  /**
   * The projects requests take turns on (default payments-prod only). GCP takes 600 policy writes a
   * project a minute, so a thousand revocations in one minute need two projects.
   */
  projects?: Project[];
}

export interface SeededRequest {
  pull: SeededPull;
  decision: DecisionRecord;
}

function projectOf(options: SeedOptions, i: number): Project {
  const projects = options.projects ?? ["payments-prod"];
  return projects[i % projects.length] ?? "payments-prod";
}

function decisionOf(repo: string, pull: SeededPull, ticket: string, now: Date, options: SeedOptions, project: Project): DecisionRecord {
  const window = { start: now, end: new Date(now.getTime() + options.windowHours * HOUR) };
  const principal = `user:${pull.author}@acme.example`;
  const scope = `projects/${project}`;
  const origin = { repo, requestPath: pull.path, pr: pull.number, requester: pull.author, approvers: [options.approver], reason: `${ticket}: payments export failing, need to read the prod DB`, ticket };
  const spec: GrantSpec = { provider: "gcp", scope, role: ROLE, principal, window, key: grantKey(repo, pull.path, { provider: "gcp", scope, role: ROLE, principal }), origin };
  const grants = [{ spec, rule: RULES[project].rule, maxDurationMs: RULES[project].maxHours * HOUR, principalName: pull.author }];
  return { path: pull.path, blobSha: pull.blobSha, outcome: "granted", pr: pull.number, versionPr: pull.number, requester: pull.author, approvers: [options.approver], policySha: pull.baseSha, firstStart: now, window, grants };
}

/** Seeds `engineers.length` granted GCP requests, all merged at the clock's now; returns each pull request with its recorded decision. */
export async function seedActiveGcpRequests(github: GitHubEmulator, gcp: GcpEmulator, options: SeedOptions): Promise<SeededRequest[]> {
  const tickets = options.engineers.map((_, i) => `INC-${9000 + i}`);
  const seeds = options.engineers.map((login, i) => {
    const project = projectOf(options, i);
    const ticket = tickets[i] ?? "";
    // The example policy's paths: requests/gcp/prod/ for payments-prod, requests/gcp/dev/ for payments-dev.
    const path = requestPath("gcp", login, ticket).replace("requests/gcp/prod/", `requests/gcp/${RULES[project].folder}/`);
    const content = requestFile("gcp", ticket).replace("projects/payments-prod", `projects/${project}`);
    return { path, content, author: login, approver: options.approver, title: `gcp access for ${login}` };
  });
  const pulls = await seedMergedPulls(github, options.repo, seeds);
  const now = github.hub.clock.now();
  const seeded = pulls.map((pull, i) => ({ pull, decision: decisionOf(options.repo, pull, tickets[i] ?? "", now, options, projectOf(options, i)) }));
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
  const specs = seeded.flatMap(({ decision }) => decision.grants.map(({ spec }) => spec));
  for (const project of new Set(options.projects ?? ["payments-prod"])) {
    seedGrantBindings(gcp, `projects/${project}`, specs.filter((spec) => spec.scope === `projects/${project}`), now);
  }
  return seeded;
}
