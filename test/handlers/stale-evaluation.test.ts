/**
 * Two replicas can evaluate one pull request at once, and the one that read
 * first can write last. GitHub shows a check's newest run, and a completed
 * check set back to pending is a new run, so a late write from older reads
 * would hide the newer result ("Waiting for a reviewer" over "Approved").
 * Such an evaluation evaluates again from fresh reads instead; a pending
 * result that really is newer (a dismissed approval) is still written. And
 * when two creates at once leave a pending duplicate, later results reach it.
 */
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { GitHubClient } from "../../src/github/client.js";
import { checkRunExternalId } from "../../src/github/check-run-duplicates.js";
import { upsertCheckRuns } from "../../src/github/check-run.js";
import { withReadMemo } from "../../src/github/read-memo.js";
import type { CheckRunInput } from "../../src/github/check-run.js";
import { authorOf, evaluateAndApply } from "../../src/handlers/pull-request-effects.js";
import type { AppHarness } from "../helpers/app-harness.js";
import { ACCESS_REPO } from "../helpers/app-harness.js";
import { APPROVAL, BOT, OWNER, REPO, appClient, errorsLogged, openAndSettle, prodRequest, startSeeded } from "../invariants/fixtures.js";
import { installationClient } from "../lifecycle/github-client.js";

const PATH = "requests/gcp/prod/alice-inc-4711.yaml";
const repo = { owner: OWNER, repo: REPO };
let h: AppHarness;
beforeEach(async () => {
  h = await startSeeded();
});
afterEach(async () => h.close());

const runsNamed = async (sha: string, name = APPROVAL) =>
  (await h.github.octokitFor("alice").rest.checks.listForRef({ ...repo, ref: sha, filter: "all" })).data.check_runs
    .filter((run) => run.name === name)
    .sort((a, b) => a.id - b.id)
    .map((run) => `${run.status}/${run.conclusion ?? "-"}: ${run.output.title}`);

/** Runs `before` once, when the client first lists the check runs of a sha: after its evaluation's reads, before its writes. */
function beforeFirstCheckListing(client: GitHubClient, before: () => Promise<void>): void {
  let done = false;
  client.hook.before("request", async (options) => {
    if (done || options.method !== "GET" || !/\/commits\/[^/]+\/check-runs/.test(options.url)) return;
    done = true;
    await before();
  });
}

async function evaluateAsOpened(client: GitHubClient, number: number, requestReviewers = true): Promise<void> {
  const identity = { appId: h.github.app.appId, slug: "access-pr", botLogin: BOT };
  await evaluateAndApply(client, repo, number, authorOf({ login: "alice" }), { clock: h.clock, identity }, pino({ level: "silent" }), { defaultBranch: "main", requestReviewers });
}

describe("an evaluation whose reads are older than a check another one completed", () => {
  it("evaluates again instead of setting the approval back to pending over it", async () => {
    const pr = await openAndSettle(h, "alice", { [PATH]: prodRequest([], "3h") });
    expect(await runsNamed(pr.headSha)).toEqual([expect.stringMatching(/^in_progress\/-: Waiting for/)]);
    // Memoized as a webhook's client is: the second evaluation must not be answered from the first one's reads.
    const stale = withReadMemo(await appClient(h));
    // Its reads are done (no approval yet); the approval lands and is handled before its writes.
    beforeFirstCheckListing(stale, async () => {
      await h.github.as("bob").approve(ACCESS_REPO, pr.number);
      await h.github.settled();
    });
    await evaluateAsOpened(stale, pr.number);
    expect(await runsNamed(pr.headSha)).toEqual(["completed/success: Approved"]);
    expect(errorsLogged(h)).toEqual([]);
  });

  it("still sets a completed approval back to pending when the approval is dismissed", async () => {
    const pr = await openAndSettle(h, "alice", { [PATH]: prodRequest([], "3h") });
    const review = await h.github.as("bob").approve(ACCESS_REPO, pr.number);
    await h.github.settled();
    expect(await runsNamed(pr.headSha)).toEqual(["completed/success: Approved"]);
    await h.github.octokitFor("carol").rest.pulls.dismissReview({ ...repo, pull_number: pr.number, review_id: review, message: "wrong ticket" });
    await h.github.settled();
    const runs = await runsNamed(pr.headSha);
    expect(runs).toHaveLength(2);
    expect(runs[1]).toMatch(/^in_progress\/-: Waiting for/);
  });
});

describe("when the evaluation asked again fails", () => {
  it("writes the first one's pending result rather than leave a stale approval standing", async () => {
    const pr = await openAndSettle(h, "alice", { [PATH]: prodRequest([], "3h") });
    const review = await h.github.as("bob").approve(ACCESS_REPO, pr.number);
    await h.github.settled();
    expect(await runsNamed(pr.headSha)).toEqual(["completed/success: Approved"]);
    // The dismissal's webhook never arrives; this evaluation reads it, and GitHub fails the one asked again.
    h.github.delivery.lossRate = 1;
    await h.github.octokitFor("carol").rest.pulls.dismissReview({ ...repo, pull_number: pr.number, review_id: review, message: "wrong ticket" });
    const client = withReadMemo(await appClient(h));
    // Both ways of reading the pull request fail: the query, then the REST read it falls back on.
    beforeFirstCheckListing(client, async () => {
      h.github.faults.failNext("POST /graphql", 1, { status: 502 });
      h.github.faults.failNext("GET /repos/{owner}/{repo}/pulls/{pull_number}", 1, { status: 502 });
    });
    await expect(evaluateAsOpened(client, pr.number)).rejects.toMatchObject({ status: 502 });
    expect((await runsNamed(pr.headSha)).at(-1)).toMatch(/^in_progress\/-: Waiting for/);
  });
});

describe("upsertCheckRuns with reopen refused", () => {
  // A name of its own, so the app's handling of the pull request's events writes no run of it.
  const PROBE = "access-pr / probe";
  const input = (headSha: string, status: "in_progress" | "completed", title: string): CheckRunInput & { appId: number } => ({
    name: PROBE,
    headSha,
    status,
    ...(status === "completed" ? { conclusion: "success" as const } : {}),
    title,
    summary: title,
    appId: h.github.app.appId,
  });

  it("writes nothing and answers stale when the newest run is completed; written when told to write", async () => {
    const sha = (await h.github.as("alice").openPullRequest(ACCESS_REPO, { title: "x", files: { "requests/x.yaml": "x: 1\n" } })).headSha;
    const client = await installationClient(h.github);
    await client.rest.checks.create({ ...repo, name: PROBE, head_sha: sha, external_id: checkRunExternalId(PROBE, sha), status: "completed", conclusion: "success", output: { title: "Approved", summary: "s" } });
    const before = await runsNamed(sha, PROBE);
    expect(await upsertCheckRuns(client, repo, [input(sha, "in_progress", "Waiting")], undefined, { reopen: "refuse" })).toBe("stale");
    expect(await runsNamed(sha, PROBE)).toEqual(before);
    expect(await upsertCheckRuns(client, repo, [input(sha, "in_progress", "Waiting")], undefined, { reopen: "write" })).toBe("written");
    expect((await runsNamed(sha, PROBE)).at(-1)).toBe("in_progress/-: Waiting");
  });

  it("answers stale when another writer created the check completed while this one created it pending", async () => {
    const sha = (await h.github.as("alice").openPullRequest(ACCESS_REPO, { title: "y", files: { "requests/y.yaml": "y: 1\n" } })).headSha;
    const client = await installationClient(h.github);
    const other = await installationClient(h.github);
    let raced = false;
    client.hook.before("request", async (options) => {
      if (raced || options.method !== "POST" || !options.url.endsWith("/check-runs")) return;
      raced = true;
      await other.rest.checks.create({ ...repo, name: PROBE, head_sha: sha, external_id: checkRunExternalId(PROBE, sha), status: "completed", conclusion: "success", output: { title: "Approved", summary: "s" } });
    });
    expect(await upsertCheckRuns(client, repo, [input(sha, "in_progress", "Waiting")], undefined, { reopen: "refuse" })).toBe("stale");
    const runs = await runsNamed(sha, PROBE);
    expect(runs).toContain("completed/success: Approved");
  });

  it("writes a result into a pending duplicate left behind by two creates at once, not only into the newest run", async () => {
    const name = PROBE;
    const sha = (await h.github.as("alice").openPullRequest(ACCESS_REPO, { title: "w", files: { "requests/w.yaml": "w: 1\n" } })).headSha;
    const client = await installationClient(h.github);
    for (let i = 0; i < 2; i++) await client.rest.checks.create({ ...repo, name, head_sha: sha, external_id: checkRunExternalId(name, sha), status: "in_progress", output: { title: "Waiting", summary: "s" } });
    expect(await upsertCheckRuns(client, repo, [{ ...input(sha, "completed", "Approved"), name }])).toBe("written");
    const runs = (await h.github.octokitFor("alice").rest.checks.listForRef({ ...repo, ref: sha, check_name: name, filter: "all" })).data.check_runs;
    expect(runs.map((run) => `${run.status}/${run.conclusion}: ${run.output.title}`)).toEqual(["completed/success: Approved", "completed/success: Approved"]);
  });
});
