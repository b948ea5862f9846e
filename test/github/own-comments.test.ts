/**
 * The app's marked comments edited from what the process remembers of its own
 * writes: no listing before an edit, and the full listing again whenever that
 * memory is absent (a restarted process, another replica) or wrong (the
 * comment was deleted, another writer created one at the same moment).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import type { GitHubClient } from "../../src/github/client.js";
import { upsertMarkedComment } from "../../src/github/marked-comment.js";
import { OwnComments } from "../../src/github/own-comments.js";
import { OwnWrites, withOwnWrites } from "../../src/github/own-writes.js";
import { PrComments } from "../../src/lifecycle/pr-comments.js";
import { GitHubEmulator } from "../../src/sandbox/github/index.js";
import { installationClient } from "../lifecycle/github-client.js";

const REPO = "acme/access";
const ref = { owner: "acme", repo: "access" };
const BOT = "access-pr[bot]";
const LIST = "GET /repos/{owner}/{repo}/issues/{issue_number}/comments";
const CREATE = "POST /repos/{owner}/{repo}/issues/{issue_number}/comments";
const EDIT = "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}";

let gh: GitHubEmulator;
let pr: number;

beforeEach(async () => {
  gh = await GitHubEmulator.start({ clock: new ManualClock("2026-11-24T10:00:00Z"), delivery: { order: "serial", seed: 0 } });
  gh.createUser("alice");
  await gh.createRepo(REPO, { files: { "README.md": "# access\n" }, collaborators: { alice: "write" } });
  pr = (await gh.as("alice").openPullRequest(REPO, { title: "Access", files: { "requests/x.yaml": "reason: x\n" } })).number;
});
afterEach(async () => gh.close());

/** A client of a process with its own memory of its writes (a new one stands for a restart or another replica). */
async function processClient(writes = new OwnWrites()): Promise<GitHubClient> {
  return withOwnWrites(await installationClient(gh), writes);
}

async function botComments(client: GitHubClient): Promise<Array<{ id: number; body: string }>> {
  const { data } = await client.rest.issues.listComments({ ...ref, issue_number: pr, per_page: 100 });
  return data.filter((c) => c.user?.login === BOT).map((c) => ({ id: c.id, body: c.body ?? "" }));
}

const calls = () => ({ list: gh.faults.count(LIST), create: gh.faults.count(CREATE), edit: gh.faults.count(EDIT) });
const since = (before: ReturnType<typeof calls>) => {
  const now = calls();
  return { list: now.list - before.list, create: now.create - before.create, edit: now.edit - before.edit };
};

describe("the app's own comments, remembered by the process", () => {
  it("a plan it created is edited in place with no listing; an unchanged plan costs nothing", async () => {
    const app = await processClient();
    const id = await upsertMarkedComment(app, ref, pr, "plan", "plan v1", BOT, { noComments: true });
    let before = calls();
    expect(await upsertMarkedComment(app, ref, pr, "plan", "plan v2", BOT)).toBe(id);
    expect(since(before)).toEqual({ list: 0, create: 0, edit: 1 });
    before = calls();
    await upsertMarkedComment(app, ref, pr, "plan", "plan v2", BOT);
    expect(since(before)).toEqual({ list: 0, create: 0, edit: 0 });
    expect(await botComments(app)).toEqual([{ id, body: "<!-- access-pr:plan -->\nplan v2" }]);
  });

  it("a plan a person rewrote is put back by the next unchanged render, though this process never saw the edit", async () => {
    const app = await processClient();
    const id = await upsertMarkedComment(app, ref, pr, "plan", "grants roles/owner", BOT, { noComments: true });
    // alice edits the app's comment; the edit webhook went to another replica, or was lost.
    await gh.as("alice").octokit.rest.issues.updateComment({ ...ref, comment_id: id, body: "<!-- access-pr:plan -->\ngrants roles/viewer only" });
    const before = calls();
    await upsertMarkedComment(app, ref, pr, "plan", "grants roles/owner", BOT);
    expect(since(before)).toEqual({ list: 0, create: 0, edit: 1 });
    expect(await botComments(app)).toEqual([{ id, body: "<!-- access-pr:plan -->\ngrants roles/owner" }]);
    // Unchanged since: the check of the comment answers that, and nothing is written.
    const again = calls();
    await upsertMarkedComment(app, ref, pr, "plan", "grants roles/owner", BOT);
    expect(since(again)).toEqual({ list: 0, create: 0, edit: 0 });
  });

  it("a write that was on its way when the pull request was forgotten is not remembered over the forget", async () => {
    const writes = new OwnWrites();
    const app = await processClient(writes);
    await upsertMarkedComment(app, ref, pr, "plan", "plan v1", BOT, { noComments: true });
    // Someone else's edit is seen (a webhook) while this process's edit is on its way to GitHub.
    app.hook.before("request", (options) => {
      if (options.method === "PATCH") writes.comments.forget(ref, pr);
    });
    await upsertMarkedComment(app, ref, pr, "plan", "plan v2", BOT);
    expect(writes.comments.known(ref, pr, "plan")).toEqual({ complete: false });
  });

  it("the lifecycle edits the plan the process wrote directly, telling the outcome and the story in one edit", async () => {
    const writes = new OwnWrites();
    const flow = await processClient(writes);
    await upsertMarkedComment(flow, ref, pr, "plan", "plan v1", BOT, { noComments: true });
    const lifecycle = new PrComments(await processClient(writes), ref, BOT);
    const before = calls();
    await lifecycle.tellOutcome(pr, { sections: [{ path: "requests/x.yaml", state: "granted", text: "Granted." }], story: { entry: "granted", text: "✅ Granted until 12:00." } });
    // Nothing is created, so nothing is read back.
    expect(since(before)).toEqual({ list: 0, create: 0, edit: 1 });
    const [plan, ...others] = await botComments(flow);
    expect(others).toEqual([]);
    expect(plan?.body.split("\n").filter((l) => l.startsWith("<!-- "))).toEqual(["<!-- access-pr:plan -->", "<!-- entry:granted -->✅ Granted until 12:00.", "<!-- outcome:granted requests%2Fx.yaml -->", "<!-- outcome-end -->"]);
  });

  it("a remembered comment someone deleted is created again, as one comment", async () => {
    const app = await processClient();
    const id = await upsertMarkedComment(app, ref, pr, "plan", "plan v1", BOT, { noComments: true });
    await app.rest.issues.deleteComment({ ...ref, comment_id: id });
    const again = await upsertMarkedComment(app, ref, pr, "plan", "plan v2", BOT);
    expect(again).not.toBe(id);
    expect(await botComments(app)).toEqual([{ id: again, body: "<!-- access-pr:plan -->\nplan v2" }]);
    // Remembered again: the next edit lists nothing.
    const before = calls();
    await upsertMarkedComment(app, ref, pr, "plan", "plan v3", BOT);
    expect(since(before)).toEqual({ list: 0, create: 0, edit: 1 });
  });

  it("a restarted process, or another replica, lists the comments and edits the one that is there", async () => {
    const first = await processClient();
    const id = await upsertMarkedComment(first, ref, pr, "plan", "plan v1", BOT, { noComments: true });
    const restarted = await processClient();
    const before = calls();
    expect(await upsertMarkedComment(restarted, ref, pr, "plan", "plan v2", BOT)).toBe(id);
    expect(since(before)).toEqual({ list: 1, create: 0, edit: 1 });
  });

  it("two replicas creating the plan at once end with one comment, and the one whose comment was deleted writes into the one that stays", async () => {
    const [a, b] = [await processClient(), await processClient()];
    await Promise.all([upsertMarkedComment(a, ref, pr, "plan", "plan from a", BOT, { noComments: true }), upsertMarkedComment(b, ref, pr, "plan", "plan from b", BOT, { noComments: true })]);
    const [survivor] = await botComments(a);
    expect(await botComments(a)).toHaveLength(1);
    await upsertMarkedComment(a, ref, pr, "plan", "later plan from a", BOT);
    await upsertMarkedComment(b, ref, pr, "plan", "later plan from b", BOT);
    expect(await botComments(a)).toEqual([{ id: survivor?.id, body: "<!-- access-pr:plan -->\nlater plan from b" }]);
  });
});

describe("what an edit or deletion seen on GitHub does to the memory", () => {
  const held = () => {
    const memory = new OwnWrites().comments;
    memory.rememberListing(ref, 7, { plan: { id: 70, body: "<!-- access-pr:plan -->\nours" } });
    return memory;
  };
  it.each([
    ["our own edit arriving as a webhook", 70, "<!-- access-pr:plan -->\nours", false],
    ["an edit by a person or another replica", 70, "<!-- access-pr:plan -->\nchanged", true],
    ["a deletion", 70, undefined, true],
    ["a comment the process does not hold", 71, undefined, false],
  ])("%s: forgotten is %s", (_, id, bodyNow, forgotten) => {
    const memory = held();
    expect(memory.forgetComment(ref, 7, id, bodyNow)).toBe(forgotten);
    expect(memory.known(ref, 7, "plan").complete).toBe(!forgotten);
  });
});

describe("the memory's bound", () => {
  it("holds a bounded number of pull requests, even ones listed with no comment of ours", () => {
    const memory = new OwnComments(8 * 1024 * 1024, 100);
    for (let n = 1; n <= 250; n += 1) memory.rememberListing(ref, n, {});
    expect(memory.size).toBe(100);
    expect(memory.known(ref, 250, "plan")).toEqual({ complete: true });
    expect(memory.known(ref, 1, "plan")).toEqual({ complete: false });
  });

  it("drops the least recently used pull request once the bodies it holds pass the bound", () => {
    const memory = new OwnComments(100);
    memory.rememberWrite(ref, 1, "plan", { id: 1, body: "a".repeat(60) });
    memory.rememberWrite(ref, 2, "plan", { id: 2, body: "b".repeat(30) });
    memory.known(ref, 1, "plan");
    memory.rememberWrite(ref, 3, "plan", { id: 3, body: "c".repeat(30) });
    expect([1, 2, 3].map((pr) => memory.known(ref, pr, "plan").comment?.id)).toEqual([1, undefined, 3]);
    memory.rememberWrite(ref, 1, "plan", { id: 1, body: "a".repeat(10) });
    memory.rememberWrite(ref, 4, "plan", { id: 4, body: "d".repeat(50) });
    expect([1, 3, 4].map((pr) => memory.known(ref, pr, "plan").comment?.id)).toEqual([1, 3, 4]);
  });
});
