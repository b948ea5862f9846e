import { execFileSync } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import type { GitHubClient } from "../../src/github/client.js";
import { ensureRevert, revertBranch } from "../../src/lifecycle/revert-pull.js";
import type { RevertFile } from "../../src/lifecycle/types.js";
import { GitHubEmulator } from "../../src/sandbox/github/index.js";
import type { Protection } from "../../src/sandbox/github/index.js";
import { installationClient } from "./github-client.js";

const REPO = "acme/access";
const ref = { owner: "acme", repo: "access" };
const A = "requests/gcp/alice.yaml";
const B = "requests/gcp/bob.yaml";
const files: RevertFile[] = [
  { path: A, pr: 1, why: "expired", detail: "window ended at 2026-11-24 10:00 UTC" },
  { path: B, why: "expired", detail: "window ended at 2026-11-24 09:00 UTC" },
];

let gh: GitHubEmulator;
let app: GitHubClient;

async function setup(protection: Protection): Promise<void> {
  gh = await GitHubEmulator.start({ clock: new ManualClock("2026-11-24T10:00:00Z") });
  gh.createUser("alice");
  await gh.createRepo(REPO, { files: { "README.md": "# access\n", [A]: "reason: a\n", [B]: "reason: b\n", "requests/gcp/carol.yaml": "reason: c\n" }, protection, collaborators: { alice: "write" } });
  app = await installationClient(gh);
}
afterEach(async () => gh.close());

async function mainFiles(): Promise<string[]> {
  const { data } = await app.rest.git.getTree({ ...ref, tree_sha: "main", recursive: "1" });
  return data.tree.filter((e) => e.type === "blob").map((e) => e.path ?? "");
}

function setProtectionRefusing(): void {
  gh.setProtection(REPO, { requiredApprovals: 1, adminsCanBypass: false });
}

describe("revert pull request", () => {
  beforeEach(async () => setup({ requiredApprovals: 1, bypass: ["access-pr"] }));

  it.each([2, 3])("%i replicas reverting the same files at once open ONE pull request; none calls the merge refused", async (replicas) => {
    const clients = await Promise.all(Array.from({ length: replicas }, () => installationClient(gh)));
    const results = await Promise.all(clients.map((client) => ensureRevert(client, ref, "main", files, "access-pr[bot]")));
    const { data: pulls } = await app.rest.pulls.list({ ...ref, state: "all" });
    expect(pulls.map((p) => [p.number, p.merged_at !== null])).toEqual([[1, true]]);
    expect(results.flat().map((r) => [r.number, r.merged, r.refused])).toEqual(results.flat().map(() => [1, true, undefined]));
    expect((await app.rest.issues.listComments({ ...ref, issue_number: 1 })).data).toEqual([]);
    expect(await mainFiles()).toEqual(["README.md", "requests/gcp/carol.yaml"]);
  });

  it("a replica that read the tree before another's revert merged opens no empty second revert", async () => {
    await ensureRevert(app, ref, "main", files, "access-pr[bot]");
    expect(await ensureRevert(await installationClient(gh), ref, "main", files, "access-pr[bot]")).toEqual([]);
    const { data: pulls } = await app.rest.pulls.list({ ...ref, state: "all" });
    expect(pulls).toHaveLength(1);
  });

  it("removes every ended request in one labelled pull request and merges it", async () => {
    const [result] = await ensureRevert(app, ref, "main", files, "access-pr[bot]");
    expect(result).toMatchObject({ number: 1, merged: true, files });
    expect(await mainFiles()).toEqual(["README.md", "requests/gcp/carol.yaml"]);
    const { data: pull } = await app.rest.pulls.get({ ...ref, pull_number: 1 });
    expect([pull.title, pull.head.ref, pull.labels.map((l) => l.name), pull.user.login]).toEqual([
      "Revert 2 ended access requests", revertBranch([B, A]), ["access-pr:expired"], "access-pr[bot]",
    ]);
    expect(pull.body).toContain(`- \`${A}\` from #1: window ended at 2026-11-24 10:00 UTC\n- \`${B}\`: window ended at 2026-11-24 09:00 UTC`);
    const log = execFileSync("git", ["log", "--topo-order", "--format=%s", "main"], { cwd: gh.repoPath(REPO) }).toString().trim().split("\n");
    expect(log).toEqual(["Merge pull request #1 from acme/access-pr/expire/" + revertBranch([A, B]).split("/")[2], "Revert 2 ended access requests", "Initial commit"]);
  });

  it.each([
    [[{ ...files[0]!, why: "revoked" as const }], ["access-pr:revoked"]],
    [[{ ...files[0]!, why: "unbacked" as const }], ["access-pr:unapproved"]],
    [[files[0]!, { ...files[1]!, why: "unbacked" as const }], ["access-pr:expired", "access-pr:unapproved"]],
  ])("labels the revert by why it removes the files: %j -> %j", async (removed, labels) => {
    const [result] = await ensureRevert(app, ref, "main", removed, "access-pr[bot]");
    const { data: pull } = await app.rest.pulls.get({ ...ref, pull_number: result?.number ?? 0 });
    expect(pull.labels.map((l) => l.name)).toEqual(labels);
  });

  it("finds its own revert again by any of its labels, or by its branch when a crash left it unlabelled", async () => {
    setProtectionRefusing();
    const revoked = { ...files[0]!, why: "revoked" as const };
    gh.faults.failNext("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", 1, { drop: true });
    await expect(ensureRevert(app, ref, "main", [revoked], "access-pr[bot]")).rejects.toThrow();
    const [again] = await ensureRevert(app, ref, "main", [revoked], "access-pr[bot]");
    expect(again).toMatchObject({ number: 1, merged: false });
    const [third] = await ensureRevert(app, ref, "main", [revoked], "access-pr[bot]");
    expect(third).toMatchObject({ number: 1, merged: false });
    const { data: pulls } = await app.rest.pulls.list({ ...ref, state: "all" });
    expect(pulls.map((p) => [p.number, p.labels.map((l) => l.name)])).toEqual([[1, ["access-pr:revoked"]]]);
  });

  it("opens one pull request only, even after a crash between the branch and the pull request", async () => {
    gh.faults.failNext("POST /repos/{owner}/{repo}/pulls", 1, { drop: true });
    await expect(ensureRevert(app, ref, "main", files, "access-pr[bot]")).rejects.toThrow();
    const [result] = await ensureRevert(app, ref, "main", files, "access-pr[bot]");
    expect(result?.merged).toBe(true);
    expect(gh.faults.count("POST /repos/{owner}/{repo}/git/commits")).toBe(1);
    expect(gh.faults.count("POST /repos/{owner}/{repo}/git/refs")).toBe(1);
    const { data: pulls } = await app.rest.pulls.list({ ...ref, state: "all" });
    expect(pulls).toHaveLength(1);
  });
});

describe("when the repo refuses the app's merge", () => {
  beforeEach(async () => setup({ requiredApprovals: 1, adminsCanBypass: false }));

  it("leaves the pull request open with one comment that says why, and finds it again on the next sweep", async () => {
    const [first] = await ensureRevert(app, ref, "main", files, "access-pr[bot]");
    expect(first).toMatchObject({ number: 1, merged: false, refused: "At least 1 approving review is required by reviewers with write access." });
    const [again] = await ensureRevert(app, ref, "main", files, "access-pr[bot]");
    expect(again).toMatchObject({ number: 1, merged: false, files });
    const { data: pulls } = await app.rest.pulls.list({ ...ref, state: "all" });
    expect(pulls).toHaveLength(1);
    const { data: comments } = await app.rest.issues.listComments({ ...ref, issue_number: 1 });
    expect(comments.map((c) => c.body)).toEqual([
      [
        "<!-- access-pr:revert-merge -->",
        'access-pr could not merge this pull request: GitHub answered 405 "At least 1 approving review is required by reviewers with write access.".',
        "",
        "The access is already revoked in the cloud. A maintainer should merge this pull request so the default branch lists only current access.",
        "To let access-pr merge its reverts itself, add the app as a bypass actor of the branch protection or ruleset of the default branch.",
      ].join("\n"),
    ]);
    expect(await mainFiles()).toContain(A);
  });
});

describe("what an open revert removes is read from its tree, never from its text", () => {
  beforeEach(async () => setup({ requiredApprovals: 1, bypass: ["access-pr"] }));

  it("does not merge an open revert of the app's that also removes a file this run does not mean to remove", async () => {
    gh.faults.failNext("PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge", 1, { status: 502 });
    await expect(ensureRevert(app, ref, "main", files, "access-pr[bot]")).rejects.toThrow();
    // A writer edits the body to claim it removes only B: the tree still removes A and B.
    await gh.as("alice").octokit.rest.pulls.update({ ...ref, pull_number: 1, body: `<!-- access-pr:revert {"paths":["${B}"]} -->` });
    const [result] = await ensureRevert(app, ref, "main", [files[1]!], "access-pr[bot]");
    expect(result).toMatchObject({ number: 2, merged: true, files: [files[1]] });
    const { data: first } = await app.rest.pulls.get({ ...ref, pull_number: 1 });
    expect([first.state, first.merged]).toEqual(["open", false]);
    expect(await mainFiles()).toEqual(["README.md", A, "requests/gcp/carol.yaml"]);
  });

  it("reads a retry's files from the tree, not from a body a writer emptied", async () => {
    gh.faults.failNext("PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge", 1, { status: 502 });
    await expect(ensureRevert(app, ref, "main", files, "access-pr[bot]")).rejects.toThrow();
    await gh.as("alice").octokit.rest.pulls.update({ ...ref, pull_number: 1, body: "nothing to see" });
    const [result] = await ensureRevert(app, ref, "main", files, "access-pr[bot]");
    expect(result).toMatchObject({ number: 1, merged: true });
    expect(await mainFiles()).toEqual(["README.md", "requests/gcp/carol.yaml"]);
  });
});
