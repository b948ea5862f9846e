/**
 * Two writers creating the app's marked comment at the same moment (two
 * deliveries, or two replicas): the oldest stays, the other is deleted, and
 * the loser's change lands in the one that stays.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import type { GitHubClient } from "../../src/github/client.js";
import { upsertMarkedComment } from "../../src/github/marked-comment.js";
import { recordOutcome } from "../../src/lifecycle/plan-outcome-comment.js";
import { STORY_ELSEWHERE } from "../../src/render/plan-outcome.js";
import { GitHubEmulator } from "../../src/sandbox/github/index.js";
import { installationClient } from "../lifecycle/github-client.js";

const REPO = "acme/access";
const ref = { owner: "acme", repo: "access" };
const BOT = "access-pr[bot]";
const CREATE = "POST /repos/{owner}/{repo}/issues/{issue_number}/comments";
const DELETE = "DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}";

let gh: GitHubEmulator;
let app: GitHubClient;
let pr: number;

beforeEach(async () => {
  gh = await GitHubEmulator.start({ clock: new ManualClock("2026-11-24T10:00:00Z"), delivery: { order: "serial", seed: 0 } });
  gh.createUser("alice");
  await gh.createRepo(REPO, { files: { "README.md": "# access\n" }, collaborators: { alice: "write" } });
  pr = (await gh.as("alice").openPullRequest(REPO, { title: "Access", files: { "requests/x.yaml": "reason: x\n" } })).number;
  app = await installationClient(gh);
});
afterEach(async () => gh.close());

async function botComments(): Promise<Array<{ id: number; body: string }>> {
  const { data } = await app.rest.issues.listComments({ ...ref, issue_number: pr, per_page: 100 });
  return data.filter((c) => c.user?.login === BOT).map((c) => ({ id: c.id, body: c.body ?? "" }));
}

describe("marked comments written by racing writers", () => {
  it("two outcomes told at once end in one plan comment holding both story lines and both sections, the oldest", async () => {
    const granted = { sections: [{ path: "requests/x.yaml", state: "granted" as const, text: "Granted." }], story: { entry: "granted", text: "✅ Granted until 10:00." } };
    const ended = { sections: [{ path: "requests/y.yaml", state: "ended" as const, text: "Ended." }], story: { entry: "ended-early", text: "⏹️ Ended early." } };
    await Promise.all([recordOutcome(app, ref, pr, granted, BOT), recordOutcome(app, ref, pr, ended, BOT)]);
    const comments = await botComments();
    expect(gh.faults.count(CREATE)).toBe(2);
    expect(gh.faults.count(DELETE)).toBeGreaterThanOrEqual(1);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body.split("\n").filter((l) => l.startsWith("<!-- entry:")).sort()).toEqual(["<!-- entry:ended-early -->⏹️ Ended early.", "<!-- entry:granted -->✅ Granted until 10:00."]);
    expect(comments[0]?.body.split("\n").filter((l) => l.startsWith("<!-- outcome:"))).toEqual(["<!-- outcome:granted requests%2Fx.yaml -->", "<!-- outcome:ended requests%2Fy.yaml -->"]);
  });

  it("a pull request merged before the story joined the plan comment goes on telling it in its own comment", async () => {
    const path = "requests/x.yaml";
    const legacyPlan = `### access-pr plan\n\n**Granted.**\n\n<!-- outcome:granted ${encodeURIComponent(path)} -->\n#### \`${path}\` (granted)\n\n✅ Granted.\n\n<!-- outcome-end -->\n${STORY_ELSEWHERE}`;
    const planId = await upsertMarkedComment(app, ref, pr, "plan", legacyPlan, BOT);
    const storyId = await upsertMarkedComment(app, ref, pr, "lifecycle", "### Access lifecycle\n\n<!-- entry:granted -->✅ Granted until 10:00.", BOT);
    await recordOutcome(app, ref, pr, { sections: [{ path, state: "ended", text: "⏹️ Ended." }], story: { entry: "ended", text: "⏹️ Access ended at 10:00." } }, BOT);
    const comments = await botComments();
    expect(comments.map((c) => c.id)).toEqual([planId, storyId]);
    expect(comments[0]?.body).toContain("<!-- outcome:ended requests%2Fx.yaml -->");
    expect(comments[0]?.body).not.toContain("<!-- entry:");
    expect(comments[1]?.body.split("\n").filter((l) => l.startsWith("<!-- entry:"))).toEqual(["<!-- entry:granted -->✅ Granted until 10:00.", "<!-- entry:ended -->⏹️ Access ended at 10:00."]);
  });

  it("a plan written at once by three writers is one comment, and a kept outcome is never written over", async () => {
    const ids = await Promise.all([1, 2, 3].map((n) => upsertMarkedComment(app, ref, pr, "plan", `plan ${n}`, BOT)));
    const comments = await botComments();
    expect(comments).toHaveLength(1);
    expect(new Set(ids)).toEqual(new Set([comments[0]?.id]));
    await upsertMarkedComment(app, ref, pr, "plan", "a late plan", BOT, { keep: (body) => body.startsWith("<!-- access-pr:plan -->\nplan") });
    expect((await botComments())[0]?.body).toMatch(/^<!-- access-pr:plan -->\nplan [123]$/);
  });

  it("a writer told the pull request has no comments creates without looking first, and a plan another writer made meanwhile still wins", async () => {
    const LIST = "GET /repos/{owner}/{repo}/issues/{issue_number}/comments";
    // The count the caller read is already stale: another writer's plan is there.
    const earlier = await upsertMarkedComment(app, ref, pr, "plan", "plan from the other writer", BOT);
    const listedBefore = gh.faults.count(LIST);
    const id = await upsertMarkedComment(app, ref, pr, "plan", "plan after the review", BOT, { noComments: true });
    // Only the read-back after the create: no lookup before it.
    expect(gh.faults.count(LIST) - listedBefore).toBe(1);
    expect(id).toBe(earlier);
    expect(await botComments()).toEqual([{ id: earlier, body: "<!-- access-pr:plan -->\nplan after the review" }]);
  });

  it("a writer told the pull request has no comments never writes over a kept outcome another writer made meanwhile", async () => {
    const outcome = await upsertMarkedComment(app, ref, pr, "plan", "merged: granted", BOT);
    await upsertMarkedComment(app, ref, pr, "plan", "a late plan", BOT, { noComments: true, keep: (body) => body.includes("merged:") });
    expect(await botComments()).toEqual([{ id: outcome, body: "<!-- access-pr:plan -->\nmerged: granted" }]);
  });
});
