// Every answer the embedded GitHub gives on a route the app calls, checked against GitHub's OpenAPI description
// (test/fixtures/github-openapi-trimmed.json, made by scripts/trim-openapi.mjs), and every webhook it sends against
// @octokit/webhooks-schemas, while the real app goes through its flows: a refused request, a fix, an approval, a
// merge, the window's end with the app's own revert, a /revoke, a policy push, a request whose rule needs more approvers
// than its code owners (GitHub asks the owners, the app the rest), and doctor and readiness checks.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkInstallation } from "../../../src/doctor/check-installation.js";
import { rulesFindings } from "../../../src/doctor/check-rules.js";
import { readAppIdentity } from "../../../src/github/app-identity.js";
import type { GitHubClient } from "../../../src/github/client.js";
import { mergedPullOf } from "../../../src/github/merged-pull.js";
import { arrivalProblem } from "../../../src/lifecycle/arrival-check.js";
import { githubAppProbe } from "../../../src/observe/readiness.js";
import type { World } from "../../e2e/lifecycle-world.js";
import { AZURE_PATH, GCP_PATH, HOUR, azureRequest, gcpRequest, startWorld } from "../../e2e/lifecycle-world.js";
import { ACCESS_REPO } from "../../helpers/app-harness.js";
import { APP_READS, WEBHOOK_READS } from "./fields-the-app-reads.js";
import type { Finding } from "./schema-check.js";
import { appRoutes, checkAnswer, checkWebhook, fieldPaths, fixtureRoute, fixtureSource } from "./schema-check.js";

interface Checked {
  what: string;
  findings: Finding[];
  fields: Set<string>;
}

const answers: Checked[] = [];
const webhooks: Checked[] = [];
const routesSeen = new Set<string>();
let w: World;

beforeAll(async () => {
  w = await startWorld();
  const { h } = w;
  h.github.observeAnswers((answer) => {
    const route = fixtureRoute(answer.template);
    if (!route || answer.status >= 300) return;
    // What went over the wire, not the object the route built.
    const body: unknown = answer.body === undefined ? undefined : JSON.parse(JSON.stringify(answer.body));
    let findings: Finding[];
    try {
      findings = checkAnswer(route, answer.status, body, APP_READS[route] ?? new Set());
    } catch (error) {
      findings = [{ field: "(checker)", problem: error instanceof Error ? error.message : String(error), failing: true }];
    }
    routesSeen.add(route);
    answers.push({ what: `${route} ${answer.status}`, findings, fields: fieldPaths(body) });
  });

  // The first evaluation's GraphQL reads fail (the pull request, then the batch of files), so it takes the REST
  // routes they fall back on (pulls, files, commits, reviews, the ref; contents, blobs).
  h.github.faults.failNext("POST /graphql", 2, { status: 502 });
  // A refused request (8 hours where the rule allows 4), fixed by a push, approved, merged: both clouds grant.
  const pr = await h.github.as("alice").openPullRequest(ACCESS_REPO, { title: "Read prod DB for INC-4711", files: { [GCP_PATH]: gcpRequest([], "8h"), [AZURE_PATH]: azureRequest() } });
  await w.settle();
  await h.github.as("alice").pushToPull(ACCESS_REPO, pr.number, { [GCP_PATH]: gcpRequest() }, "Two hours");
  await w.settle();
  await h.github.as("bob").approve(ACCESS_REPO, pr.number);
  await w.settle();
  await h.github.as("bob").merge(ACCESS_REPO, pr.number);
  await w.settle();
  // A policy change on main re-evaluates the open requests.
  const other = await h.github.as("dave").openPullRequest(ACCESS_REPO, { title: "dave: prod DB", files: { "requests/gcp/prod/dave-inc-4712.yaml": gcpRequest().replace("INC-4711", "INC-4712") } });
  await w.settle();
  await h.github.as("carol").commit(ACCESS_REPO, "main", { "access-policies/README.md": "Policies of the access repo.\n" }, "Policies: a readme");
  await w.settle();
  await h.github.as("erin").approve(ACCESS_REPO, other.number);
  await w.settle();
  await h.github.as("erin").merge(ACCESS_REPO, other.number);
  await w.settle();
  await h.github.as("dave").comment(ACCESS_REPO, other.number, "/revoke");
  await w.settle();
  // The window ends: revoke, the app's own revert pull request, merged.
  h.clock.advance(2 * HOUR + 60_000);
  await w.settle();
  // The app installed (again) on the org, as GitHub announces it.
  h.github.announceInstallation("carol");
  await w.settle();
  // doctor, readiness and the app's identity at start, through the app's own auth.
  await checkInstallation({ probot: h.probot, repo: { owner: "acme", repo: "access" }, wanted: {}, providers: h.providers });
  await githubAppProbe(h.probot).check();
  await readAppIdentity(h.probot);
  const app = (await h.probot.auth(h.github.app.installationId)) as GitHubClient;
  h.github.createRuleset(ACCESS_REPO, { name: "main", include: ["~DEFAULT_BRANCH"], rules: [{ type: "pull_request", parameters: { required_approving_review_count: 1, require_code_owner_review: true, dismiss_stale_reviews_on_push: true, require_last_push_approval: true, required_review_thread_resolution: false } }], bypassActors: [] });
  await rulesFindings(app, { owner: "acme", repo: "access" }, "main", h.github.app.appId);
  // Where a version arrived, checked against the branch by name (a run that read the head compares nothing when the merge is that head).
  const merged = (await app.rest.pulls.get({ owner: "acme", repo: "access", pull_number: pr.number })).data;
  await arrivalProblem(app, { owner: "acme", repo: "access" }, "main", { path: GCP_PATH, blobSha: "0".repeat(40), mergeCommitSha: merged.merge_commit_sha ?? "", versionPr: pr.number });
  // The merged pull request behind a commit by REST, as a file's history is read when its GraphQL query cannot answer.
  await mergedPullOf(app, { owner: "acme", repo: "access" }, merged.merge_commit_sha ?? "", "main");
  // GitHub asks the code owners (SRE) itself; the rule also needs security, so the app asks security.
  await h.github.as("bob").openPullRequest(ACCESS_REPO, { title: "bob: prod DB admin", files: { "requests/gcp/prod/bob-inc-4713.yaml": gcpRequest().replace("INC-4711", "INC-4713").replace("cloudsql.client", "cloudsql.admin") } });
  await w.settle();
  // What the flows above did not need: the app closing a pull request (it closes revert PRs it will not merge)
  // and deleting a comment (a duplicate of its own marked comment, written by a concurrent delivery).
  const stray = await h.github.as("dave").openPullRequest(ACCESS_REPO, { title: "Notes", files: { "notes.md": "notes\n" } });
  const { data: duplicate } = await app.rest.issues.createComment({ owner: "acme", repo: "access", issue_number: stray.number, body: "a duplicate" });
  await app.rest.issues.deleteComment({ owner: "acme", repo: "access", comment_id: duplicate.id });
  await app.rest.pulls.update({ owner: "acme", repo: "access", pull_number: stray.number, state: "closed" });
  await w.settle();

  for (const delivery of h.github.deliveries) {
    const reads = WEBHOOK_READS[delivery.event] ?? new Set<string>();
    webhooks.push({ what: `${delivery.event}${delivery.action ? `.${delivery.action}` : ""}`, findings: checkWebhook(delivery.event, delivery.action, delivery.payload, reads), fields: fieldPaths(delivery.payload) });
  }
}, 900_000);

afterAll(async () => w?.close());

function summary(checked: Checked[]): { kinds: number; fields: number; failing: string[]; reported: string[] } {
  const fields = new Set<string>();
  const failing = new Set<string>();
  const reported = new Set<string>();
  for (const c of checked) {
    for (const f of c.fields) fields.add(`${c.what} ${f}`);
    for (const f of c.findings) (f.failing ? failing : reported).add(`${c.what}: ${f.field} ${f.problem}`);
  }
  return { kinds: new Set(checked.map((c) => c.what)).size, fields: fields.size, failing: [...failing].sort(), reported: [...reported].sort() };
}

describe(`the embedded GitHub against ${fixtureSource()}`, () => {
  it("answers every route the app calls, each body as GitHub's description says", () => {
    const s = summary(answers);
    process.stdout.write(
      `REST: ${routesSeen.size} of ${appRoutes().length} app routes, ${answers.length} answers, ${s.fields} distinct fields checked; ` +
        `${s.failing.length} mismatches (wrong values, or fields the app reads), ${s.reported.length} missing or extra fields the app does not read` +
        `${s.reported.length ? `:\n  ${s.reported.join("\n  ")}` : ""}\n`,
    );
    expect({ failing: s.failing, unchecked: appRoutes().filter((r) => !routesSeen.has(r)) }).toEqual({ failing: [], unchecked: [] });
  });

  it("sends every webhook as @octokit/webhooks-schemas says", () => {
    const s = summary(webhooks);
    process.stdout.write(
      `webhooks: ${webhooks.length} payloads of ${s.kinds} event kinds, ${s.fields} distinct fields checked; ` +
        `${s.failing.length} mismatches (wrong values, or fields the app reads), ${s.reported.length} missing or extra fields the app does not read` +
        `${s.reported.length ? `:\n  ${s.reported.join("\n  ")}` : ""}\n`,
    );
    expect(s.failing).toEqual([]);
    expect(s.kinds).toBeGreaterThanOrEqual(8);
    expect(webhooks.length).toBeGreaterThan(30);
  });
});
