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
 * them (a squash merge of a branch that started at the same main). Requests alternate between payments-prod and payments-dev, so each
 * project's IAM write quota (600 a minute) holds at N = 1,000.
 *
 * @example
 *   const bench = await startBenchWorld({ engineers: mondayEngineers(100), write });
 *   const end = await seedActiveRequests(bench.app, mondayEngineers(100));
 *   bench.app.clock.set(end); // every window ends now
 */
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
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

/**
 * Each request's pull request head (a commit off `from`, as an engineer's branch is) and its squash merge
 * onto main, one after another: marks 2i+1 and 2i+2.
 */
function fastImportStream(requests: Seeded[], from: string, at: Date): string {
  const seconds = Math.floor(at.getTime() / 1000);
  const parts: string[] = [];
  for (const [i, r] of requests.entries()) {
    const file = `M 100644 inline ${r.path}\ndata ${Buffer.byteLength(r.content)}\n${r.content}\n`;
    const head = `gcp access for ${r.login}\n`;
    parts.push("commit refs/seed/head\n", `mark :${2 * i + 1}\n`, `committer ${r.login} <${r.login}@acme.example> ${seconds} +0000\n`, `data ${Buffer.byteLength(head)}\n${head}`, `from ${from}\n`, file);
    const merge = `gcp access for ${r.login} (#${i})\n`;
    parts.push("commit refs/heads/main\n", `mark :${2 * i + 2}\n`, `committer GitHub <noreply@github.com> ${seconds} +0000\n`, `data ${Buffer.byteLength(merge)}\n${merge}`, ...(i === 0 ? [`from ${from}\n`] : []), file);
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
  const marksFile = join(await mkdtemp(join(tmpdir(), "access-pr-seed-")), "marks");
  await repo.git.run(["fast-import", "--quiet", `--export-marks=${marksFile}`], { input: fastImportStream(requests, before, start) });
  const marks = new Map((await readFile(marksFile, "utf8")).trim().split("\n").map((line) => line.slice(1).split(" ") as [string, string]));
  await rm(dirname(marksFile), { recursive: true, force: true });
  const markOf = (n: number) => marks.get(String(n)) ?? "";

  const gh = (await app.probot.auth(github.app.installationId)) as GitHubClient;
  const gcp = app.providers.get("gcp");
  if (!gcp) throw new Error("the bench world has no GCP provider");
  const stamp = github.hub.now();
  const merged = requests.map((r, i) => {
    const sha = markOf(2 * i + 2);
    const parent = i === 0 ? before : markOf(2 * i);
    recordActivity(github.hub, repo, "bob", "refs/heads/main", parent, sha, "pr_merge");
    const number = repo.nextNumber++;
    repo.pulls.set(number, {
      ...{ number, id: github.hub.nextId(), title: `gcp access for ${r.login}`, body: "", user: r.login, head: `${r.login}/gcp-access`, base: "main" },
      ...{ headSha: markOf(2 * i + 1), baseSha: before, state: "closed", draft: false, merged: true, mergedBy: "bob", mergeCommitSha: sha },
      ...{ createdAt: stamp, updatedAt: stamp, closedAt: stamp, mergedAt: stamp, labels: [], requestedReviewers: [], requestedTeams: [] },
      reviews: [{ id: github.hub.nextId(), user: "bob", state: "APPROVED", body: "", commitId: markOf(2 * i + 1), submittedAt: stamp }],
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
