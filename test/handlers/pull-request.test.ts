import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AppHarness } from "../helpers/app-harness.js";
import { ACCESS_REPO, seedAccessRepo, startAppHarness } from "../helpers/app-harness.js";
import { PROD_PATH, prodRequest } from "../helpers/requests.js";

const [owner, repo] = ACCESS_REPO.split("/") as [string, string];
const REQUEST_PATH = PROD_PATH;
const REQUEST = prodRequest();
const VALIDATION = "access-pr / validation";
const APPROVAL = "access-pr / approval";

let h: AppHarness;
beforeEach(async () => {
  h = await startAppHarness();
  await seedAccessRepo(h.github);
});
afterEach(async () => h.close());

async function open(files: Record<string, string | null>, title = "Read prod DB", by = "alice") {
  const pr = await h.github.as(by).openPullRequest(ACCESS_REPO, { title, files });
  await h.github.settled();
  return pr;
}

describe("a request pull request, as people use it", () => {
  it("is valid, waits for the SRE owners, turns green when bob approves, and waits again after a push", async () => {
    const pr = await open({ [REQUEST_PATH]: REQUEST });

    expect(await h.checkRun(pr.headSha, VALIDATION)).toMatchObject({
      status: "completed",
      conclusion: "success",
      output: { title: "Valid: 1 grant planned", summary: "The request follows the policies on `main`. Merging it grants 1 role as shown in the plan comment, once approved." },
    });
    const pending = await h.checkRun(pr.headSha, APPROVAL);
    expect(pending).toMatchObject({ status: "in_progress", conclusion: null, output: { title: "Waiting for @acme/sre" } });
    expect(pending?.output.summary).toBe("Waiting for approval: 1 file needs a code owner's approval and 1 rule needs more approvers.");
    expect(pending?.output.text).toContain(`| \`${REQUEST_PATH}\` | an approval from @acme/sre (CODEOWNERS line 5) |`);

    const [plan, ...more] = await h.comments(pr.number);
    expect(more).toEqual([]);
    expect(plan?.user).toBe("access-pr[bot]");
    expect(plan?.body).toContain("**Waiting for approval.** Merging before the approvals below are given grants nothing and is reverted.");
    expect(plan?.body).toContain(
      '| `user:alice@acme.example` (alice) | `roles/cloudsql.client` | `projects/payments-prod` | payments-prod-db | at merge | 2 hours | 2026-11-24 10:00 UTC (in 2 hours) if merged now | IAM condition `request.time < timestamp("2026-11-24T10:00:00Z")` |',
    );
    expect(plan?.body).toContain(`- \`${REQUEST_PATH}\`: an approval from @acme/sre (CODEOWNERS line 5)`);

    const { data: pull } = await h.github.octokitFor("alice").rest.pulls.get({ owner, repo, pull_number: pr.number });
    expect(pull.requested_teams?.map((t) => t.slug)).toEqual(["sre"]);

    await h.github.as("bob").approve(ACCESS_REPO, pr.number);
    await h.github.settled();
    expect(await h.checkRun(pr.headSha, APPROVAL)).toMatchObject({
      status: "completed",
      conclusion: "success",
      output: { title: "Approved", summary: "Approved by @bob: every changed file has a code owner's approval and every rule's quorum is met." },
    });
    expect((await h.comments(pr.number))[0]?.body).toContain("**Ready.** Merging this pull request grants the access below.");

    h.clock.advance(30 * 60_000);
    const pushed = await h.github.as("alice").pushToPull(ACCESS_REPO, pr.number, { [REQUEST_PATH]: REQUEST.replace("2h", "3h") });
    await h.github.settled();
    expect(await h.checkRun(pushed, APPROVAL)).toMatchObject({ status: "in_progress", output: { title: "Waiting for @acme/sre" } });
    const comments = await h.comments(pr.number);
    expect(comments.map((c) => c.id)).toEqual([plan?.id]);
    expect(comments[0]?.body).toContain("| 3 hours | 2026-11-24 11:30 UTC (in 3 hours) if merged now |");
  });

  it("re-evaluates to the same checks, annotations and comment when a webhook is redelivered", async () => {
    const pr = await open({ [REQUEST_PATH]: REQUEST.replace("2h", "9h") });
    const before = { validation: await h.checkRun(pr.headSha, VALIDATION), approval: await h.checkRun(pr.headSha, APPROVAL), comments: await h.comments(pr.number) };
    expect(before.validation?.annotations.map((a) => [a.start_line, a.start_column, a.message])).toEqual([
      [3, 11, 'duration 9 hours is longer than rule "payments-prod-db" allows (at most 4 hours); ask for 4h or less'],
    ]);
    const opened = h.github.deliveries.find((d) => d.event === "pull_request" && d.action === "opened");
    await h.github.redeliver(opened?.guid ?? "");
    await h.github.settled();
    const runs = (await h.github.octokitFor("alice").rest.checks.listForRef({ owner, repo, ref: pr.headSha })).data.check_runs;
    expect(runs.map((r) => r.id).sort()).toEqual([before.validation?.id, before.approval?.id].sort());
    expect(await h.checkRun(pr.headSha, VALIDATION)).toEqual(before.validation);
    expect(await h.comments(pr.number)).toEqual(before.comments);
  });

  it("goes back to waiting when the approving review is dismissed", async () => {
    const pr = await open({ [REQUEST_PATH]: REQUEST });
    const review = await h.github.as("bob").approve(ACCESS_REPO, pr.number);
    await h.github.settled();
    await h.github.octokitFor("carol").rest.pulls.dismissReview({ owner, repo, pull_number: pr.number, review_id: review, message: "approved the wrong PR" });
    await h.github.settled();
    expect(await h.checkRun(pr.headSha, APPROVAL)).toMatchObject({ status: "in_progress", output: { title: "Waiting for @acme/sre" } });
  });

  it("marks both checks neutral when the pull request is closed without merging", async () => {
    const pr = await open({ [REQUEST_PATH]: REQUEST });
    await h.github.as("alice").close(ACCESS_REPO, pr.number);
    await h.github.settled();
    for (const name of [VALIDATION, APPROVAL]) {
      expect(await h.checkRun(pr.headSha, name)).toMatchObject({
        status: "completed",
        conclusion: "neutral",
        output: { title: "Closed without merging", summary: "This pull request was closed without merging, so nothing is granted." },
      });
    }
  });

  it("labels a policy change, checks its syntax at the line, and never plans a grant", async () => {
    const pr = await open({ "access-policies/gcp.yaml": "version: 1\nrules:\n  - name: broken\n    paths: 7\n" }, "Tighten GCP rules", "paula");
    const check = await h.checkRun(pr.headSha, VALIDATION);
    expect(check).toMatchObject({ conclusion: "failure", output: { title: expect.stringMatching(/^Policy change: \d+ problems?$/) } });
    expect(check?.annotations.every((a) => a.path === "access-policies/gcp.yaml" && a.annotation_level === "failure")).toBe(true);
    expect(check?.annotations.map((a) => a.start_line)).toContain(4);
    const { data: labels } = await h.github.octokitFor("alice").rest.issues.listLabelsOnIssue({ owner, repo, issue_number: pr.number }).catch(async () => ({
      data: (await h.github.octokitFor("alice").rest.issues.get({ owner, repo, issue_number: pr.number })).data.labels as { name: string }[],
    }));
    expect(labels.map((l) => l.name)).toEqual(["access-pr:policy-change"]);
    const [plan] = await h.comments(pr.number);
    expect(plan?.body).toContain("**Policy change with problems.** It grants nothing; fix the problems below before merging.");
    expect(plan?.body).not.toContain("| Principal |");
  });

  it("explains that deleting a request ends its access early", async () => {
    const base = await h.github.as("carol").commit(ACCESS_REPO, "main", { [REQUEST_PATH]: REQUEST }, "Grant alice (merged earlier)");
    expect(base).toMatch(/^[0-9a-f]{40}$/);
    const ended = await open({ [REQUEST_PATH]: null }, "End my access early");
    expect(await h.checkRun(ended.headSha, VALIDATION)).toMatchObject({ conclusion: "success", output: { title: "Valid: ends access early" } });
    expect((await h.comments(ended.number))[0]?.body).toContain(`#### \`${REQUEST_PATH}\` (deleted: ends this access early)\n\nMerging revokes this request's access at once.`);
  });

  it("replaces the plan when the pull request is retargeted away from the default branch", async () => {
    const main = (await h.github.octokitFor("carol").rest.git.getRef({ owner, repo, ref: "heads/main" })).data.object.sha;
    await h.github.octokitFor("carol").rest.git.createRef({ owner, repo, ref: "refs/heads/release", sha: main });
    const pr = await open({ [REQUEST_PATH]: REQUEST });
    await h.github.as("alice").retarget(ACCESS_REPO, pr.number, "release");
    await h.github.settled();
    const comments = await h.comments(pr.number);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain("This pull request targets `release`, not `main`: merging it grants nothing.");
    expect(comments[0]?.body).not.toContain("| Principal |");
    expect((await h.checkRun(pr.headSha, VALIDATION))?.output.title).toBe("Not an access request");
  });
});
