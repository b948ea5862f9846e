/**
 * N active requests whose windows end together, put straight into the
 * embedded GitHub and GCP as the app leaves them after N merges: one request
 * file per engineer on main, each added by its own merged pull request
 * (approved by bob), the app's decision and "granted" event in the
 * `access-pr / grant` check run on each merge commit (written through the
 * REST API with the app's installation token, as the app writes them), and
 * each grant held in GCP (made by the app's own provider). Going through N
 * real pull requests costs several git commands each (about 40 minutes for
 * 1,000); here all N commits are written by one `git fast-import`, and the
 * pull requests are entered in the emulator's model as its merge would leave
 * them. Requests alternate between payments-prod and payments-dev, so each
 * project's IAM write quota (600 a minute) holds at N = 1,000.
 *
 * @example
 *   const bench = await startBenchWorld({ engineers: mondayEngineers(100), write });
 *   const end = await seedActiveRequests(bench.app, mondayEngineers(100));
 *   bench.app.clock.set(end); // every window ends now
 */
import { createHash } from "node:crypto";
import { forEachBounded } from "../core/bounded.js";
import type { GrantSpec } from "../core/grant.js";
import { grantKey } from "../core/grant-key.js";
import { recordDecisions, recordEvent } from "../lifecycle/decision-check.js";
import type { DecisionRecord } from "../lifecycle/decision-record.js";
import type { GitHubClient } from "../github/client.js";
import type { EmbeddedAppWithClouds } from "../sandbox/embedded-app.js";
import { recordActivity } from "../sandbox/github/refs.js";
import { HOUR, REPO } from "./bench-world.js";

const [OWNER = "", NAME = ""] = REPO.split("/");

/** eng-0001 … eng-N: users with write access, payments engineers with GCP accounts (startBenchWorld's `engineers`). */
export function mondayEngineers(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `eng-${String(i + 1).padStart(4, "0")}`);
}

interface Seeded {
  login: string;
  path: string;
  content: string;
  project: "payments-prod" | "payments-dev";
  rule: string;
  maxDurationMs: number;
}

function requestOf(login: string, i: number): Seeded {
  const prod = i % 2 === 0;
  const ticket = `INC-${9000 + i}`;
  const project = prod ? "payments-prod" : "payments-dev";
  const content = [`reason: "${ticket}: payments export failing, need to read the DB"`, `ticket: ${ticket}`, "duration: 2h", "grants:", "  - provider: gcp", `    scope: projects/${project}`, "    role: roles/cloudsql.client", ""].join("\n");
  const path = `requests/gcp/${prod ? "prod" : "dev"}/${login}-${ticket.toLowerCase()}.yaml`;
  return { login, path, content, project, rule: prod ? "payments-prod-db" : "payments-dev", maxDurationMs: prod ? 4 * HOUR : 24 * HOUR };
}

/** git's blob id of `content`. */
function blobSha(content: string): string {
  const body = Buffer.from(content, "utf8");
  return createHash("sha1").update(Buffer.concat([Buffer.from(`blob ${body.length}\0`), body])).digest("hex");
}

function fastImportStream(requests: Seeded[], from: string, at: Date): string {
  const seconds = Math.floor(at.getTime() / 1000);
  const parts: string[] = [];
  for (const [i, r] of requests.entries()) {
    const message = `Merge pull request from ${OWNER}/${r.login}/gcp-access\n`;
    parts.push(
      "commit refs/heads/main\n",
      `committer GitHub <noreply@github.com> ${seconds} +0000\n`,
      `data ${Buffer.byteLength(message)}\n${message}`,
      ...(i === 0 ? [`from ${from}\n`] : []),
      `M 100644 inline ${r.path}\n`,
      `data ${Buffer.byteLength(r.content)}\n${r.content}\n`,
    );
  }
  return parts.join("");
}

/** Seeds one active two-hour request per engineer (windows from now); resolves to the instant every window ends. */
export async function seedActiveRequests(app: EmbeddedAppWithClouds, engineers: string[]): Promise<Date> {
  const { github } = app;
  const repo = github.hub.repo(OWNER, NAME);
  const start = app.clock.now();
  const window = { start, end: new Date(start.getTime() + 2 * HOUR) };
  const requests = engineers.map(requestOf);
  const before = await repo.git.readRef("refs/heads/main");
  if (!before) throw new Error(`${REPO} has no main branch to seed requests on`);
  await repo.git.run(["fast-import", "--quiet"], { input: fastImportStream(requests, before, start) });
  const shas = (await repo.git.run(["rev-list", "--reverse", `${before}..refs/heads/main`])).stdout.toString("utf8").trim().split("\n");
  if (shas.length !== requests.length) throw new Error(`seeding wrote ${shas.length} commits for ${requests.length} requests`);

  const gh = (await app.probot.auth(github.app.installationId)) as GitHubClient;
  const gcp = app.providers.get("gcp");
  if (!gcp) throw new Error("the bench world has no GCP provider");
  const stamp = github.hub.now();
  const merged = requests.map((r, i) => {
    const sha = shas[i] ?? "";
    const parent = i === 0 ? before : (shas[i - 1] ?? "");
    recordActivity(github.hub, repo, "bob", "refs/heads/main", parent, sha, "pr_merge");
    const number = repo.nextNumber++;
    repo.pulls.set(number, {
      ...{ number, id: github.hub.nextId(), title: `gcp access for ${r.login}`, body: "", user: r.login, head: `${r.login}/gcp-access`, base: "main" },
      ...{ headSha: sha, baseSha: parent, state: "closed", draft: false, merged: true, mergedBy: "bob", mergeCommitSha: sha },
      ...{ createdAt: stamp, updatedAt: stamp, closedAt: stamp, mergedAt: stamp, labels: [], requestedReviewers: [], requestedTeams: [] },
      reviews: [{ id: github.hub.nextId(), user: "bob", state: "APPROVED", body: "", commitId: sha, submittedAt: stamp }],
    });
    return { request: r, sha, parent, number };
  });
  repo.pushedAt = stamp;

  const specs: GrantSpec[] = [];
  await forEachBounded(merged, 8, async ({ request: r, sha, parent, number }) => {
    const blob = blobSha(r.content);
    const origin = { repo: REPO, requestPath: r.path, pr: number, requester: r.login, approvers: ["bob"], reason: "payments export failing", ticket: "INC" };
    const target = { provider: "gcp" as const, scope: `projects/${r.project}`, role: "roles/cloudsql.client", principal: `user:${r.login}@acme.example` };
    const spec: GrantSpec = { ...target, window, key: grantKey(REPO, r.path, target), origin };
    const decision: DecisionRecord = {
      ...{ path: r.path, blobSha: blob, outcome: "granted", pr: number, versionPr: number, requester: r.login, approvers: ["bob"], policySha: parent },
      ...{ firstStart: start, window, grants: [{ spec, rule: r.rule, maxDurationMs: r.maxDurationMs, principalName: r.login }] },
    };
    specs.push(spec);
    await recordDecisions(gh, { owner: OWNER, repo: NAME }, sha, [decision], github.app.appId);
    await recordEvent(gh, { owner: OWNER, repo: NAME }, sha, github.app.appId, { kind: "granted", path: r.path, blobSha: blob, at: start });
  });
  // One project's policy is read and written whole: grants one after another, as the app makes them.
  for (const spec of specs) await gcp.grant(spec);
  return window.end;
}
