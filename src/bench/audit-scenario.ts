/**
 * The audit bench: many merged requests, then `access-pr audit` over them.
 * Running the app and both clouds for each pull request would take long, so
 * the embedded GitHub alone is seeded through its own REST API, as the app
 * leaves it: an engineer's merged pull request per request file, the app's
 * decision and its "granted" and "ended" events in the `access-pr / grant`
 * check run on each merge commit (written with the app's installation token,
 * as the app writes them), and one revert pull request by the app's bot per
 * ten requests. Then the audit runs as the CLI does and its GitHub calls are
 * counted.
 *
 * @example
 *   await auditScenario(12, (line) => process.stdout.write(line));
 *   // audit.year requests=12 github_calls=17 calls_per_request=1.42 goal=<=3/request rows=12 ended=12 ms=… seed_ms=…
 */
import { Probot, ProbotOctokit } from "probot";
import { buildAuditRows } from "../audit/build-rows.js";
import { gatherAudit } from "../audit/gather-audit.js";
import { ManualClock } from "../core/clock.js";
import { withTokenRefresh } from "../github/token-refresh.js";
import type { GitHubClient } from "../github/client.js";
import { recordDecisions, recordEvent } from "../lifecycle/decision-check.js";
import type { DecisionRecord } from "../lifecycle/decision-record.js";
import { GitHubEmulator } from "../sandbox/github/index.js";

const HOUR = 3_600_000;
const REPO = { owner: "acme", repo: "access" };
const GOAL_PER_REQUEST = 3;

function decisionFor(path: string, blobSha: string, pr: number, policySha: string, start: Date): DecisionRecord {
  const window = { start, end: new Date(start.getTime() + 2 * HOUR) };
  const origin = { repo: "acme/access", requestPath: path, pr, requester: "eng", approvers: ["bob"], reason: `INC-${pr}: payments export failing`, ticket: `INC-${pr}` };
  const spec = { provider: "gcp" as const, scope: "projects/payments-prod", role: "roles/cloudsql.client", principal: "user:eng@acme.example", window, key: `${path}#0`, origin };
  return { path, blobSha, outcome: "granted", pr, versionPr: pr, requester: "eng", approvers: ["bob"], policySha, firstStart: start, window, grants: [{ spec, rule: "payments-prod-db", maxDurationMs: 4 * HOUR, principalName: "eng" }] };
}

/** The app's installation client; its tokens expire on the seeded history's clock, so it renews them on that clock. */
async function appClient(github: GitHubEmulator, clock: ManualClock): Promise<GitHubClient> {
  const { appId, privateKey, installationId } = github.app;
  const Octokit = ProbotOctokit.defaults((o: object) => ({ ...o, retry: { enabled: false }, throttle: { enabled: false } }));
  const probot = new Probot({ appId, privateKey, baseUrl: github.url, Octokit: withTokenRefresh(Octokit, clock), logLevel: "fatal" });
  return (await probot.auth(installationId)) as GitHubClient;
}

export async function auditScenario(requests: number, write: (line: string) => void): Promise<void> {
  const clock = new ManualClock("2026-01-05T08:00:00Z");
  const github = await GitHubEmulator.start({ clock });
  try {
    github.createUser("eng");
    const bot = `${github.app.slug}[bot]`;
    await github.createRepo("acme/access", { files: { "README.md": "# access\n" }, collaborators: { eng: "write", [bot]: "write" } });
    const app = await appClient(github, clock);
    const seeded = performance.now();
    let pending: { path: string; mergeSha: string; blobSha: string; end: Date }[] = [];
    for (let i = 0; i < requests; i++) {
      const path = `requests/gcp/prod/eng-inc-${i}.yaml`;
      const before = (await app.rest.git.getRef({ ...REPO, ref: "heads/main" })).data.object.sha;
      const pr = await github.as("eng").openPullRequest("acme/access", { title: `request ${i}`, files: { [path]: `reason: "INC-${i}"\nduration: 2h\n` } });
      const mergeSha = await github.as("eng").merge("acme/access", pr.number);
      const blobSha = (await app.rest.repos.getContent({ ...REPO, path, ref: mergeSha })).data;
      const sha = Array.isArray(blobSha) ? "" : blobSha.sha;
      const decision = decisionFor(path, sha, pr.number, before, clock.now());
      await recordDecisions(app, REPO, mergeSha, [decision], github.app.appId);
      await recordEvent(app, REPO, mergeSha, github.app.appId, { kind: "granted", path, blobSha: sha, at: clock.now() });
      pending.push({ path, mergeSha, blobSha: sha, end: decision.window.end });
      // Ten requests a batch: their windows end, the app revokes and removes them in one revert.
      if (pending.length === 10 || i === requests - 1) {
        clock.advance(2 * HOUR);
        const revert = await github.as(bot).openPullRequest("acme/access", { title: `Revert ended access ${i}`, branch: `access-pr/expire/${i}`, files: Object.fromEntries(pending.map((p) => [p.path, null])) });
        await github.as(bot).merge("acme/access", revert.number);
        for (const p of pending) await recordEvent(app, REPO, p.mergeSha, github.app.appId, { kind: "ended", path: p.path, blobSha: p.blobSha, at: clock.now(), how: "expired", detail: "window over", revertPr: revert.number });
        pending = [];
      }
      clock.advance(HOUR);
    }
    const seedMs = Math.round(performance.now() - seeded);
    let calls = 0;
    app.hook.before("request", () => {
      calls++;
    });
    const started = performance.now();
    const facts = await gatherAudit(app, REPO, { appId: github.app.appId, botLogin: bot, source: "bench" }, clock.now());
    const rows = buildAuditRows(facts);
    const ms = Math.round(performance.now() - started);
    const perRequest = (calls / requests).toFixed(2);
    write(`audit.year requests=${requests} github_calls=${calls} calls_per_request=${perRequest} goal=<=${GOAL_PER_REQUEST}/request rows=${rows.length} ended=${rows.filter((r) => r.end === "expired").length} ms=${ms} seed_ms=${seedMs}\n`);
  } finally {
    await github.close();
  }
}
