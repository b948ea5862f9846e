/**
 * Attacks on the app's revert, end to end through the real app: mallory has
 * write access and no approval rights, and tries to get her commit merged
 * with the app's bypass of branch protection when alice's window ends. Each
 * test asserts the secure outcome: main's policies, identities and CODEOWNERS
 * unchanged, alice's access revoked at the end of her window, nothing granted
 * to anyone beyond it, and a warning that says what was wrong and who pushed.
 */
import { afterEach, describe, expect, it } from "vitest";
import { revertBranch } from "../../src/lifecycle/revert-pull.js";
import { ACCESS_REPO } from "../helpers/app-harness.js";
import type { World } from "./lifecycle-world.js";
import { GCP_PATH, HOUR, gcpRequest, owner, repo, startWorld } from "./lifecycle-world.js";

const LONG = 240_000;
const MERGE = "PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge";

let w: World;
afterEach(async () => w.close());

/** Mallory's unreviewed policy: she may grant herself project IAM admin for 30 days, and owns every path. */
const REWRITE: Record<string, string> = {
  "access-policies/gcp.yaml": [
    "version: 1",
    "rules:",
    "  - name: mallory-admin",
    '    paths: ["requests/**"]',
    "    provider: gcp",
    '    scopes: ["projects/payments-prod"]',
    '    roles: ["roles/resourcemanager.projectIamAdmin"]',
    '    requesters: { users: ["mallory"] }',
    '    approvers: { users: ["mallory"], min: 0 }',
    "    max_duration: 30d",
    "",
  ].join("\n"),
  "access-policies/identities.yaml": "version: 1\nidentities:\n  mallory:\n    gcp: user:mallory@acme.example\n",
  ".github/CODEOWNERS": "* @mallory\n",
};

const mallory = () => w.h.github.as("mallory");
const git = () => mallory().octokit.rest.git;
const bot = () => w.h.github.octokitFor("access-pr[bot]");

/** Every entry of main that configures the app: policies, identities, CODEOWNERS. */
async function configOnMain(): Promise<string[]> {
  const { data } = await bot().rest.git.getTree({ owner, repo, tree_sha: "main", recursive: "1" });
  return data.tree.filter((e) => e.path?.startsWith("access-policies/") || e.path === ".github/CODEOWNERS").map((e) => `${e.path} ${e.mode} ${e.sha}`);
}

async function pulls() {
  const { data } = await bot().rest.pulls.list({ owner, repo, state: "all", per_page: 100 });
  return data.sort((a, b) => a.number - b.number);
}

let alicesPr = 0;

/** alice's approved 2-hour request, merged at 08:00; returns main's configuration as it stands. */
async function aliceGranted(): Promise<string[]> {
  w = await startWorld({ protection: true });
  alicesPr = (await w.requestAndMerge({ [GCP_PATH]: gcpRequest() })).number;
  expect(w.holdsGcp()).toBe(true);
  return configOnMain();
}

/** To 10:00, the end of alice's window, one hour at a time as the scheduler sees it. */
async function windowEnds(): Promise<void> {
  for (let i = 0; i < 2; i++) {
    w.h.clock.advance(HOUR);
    await w.settle();
  }
}

/** A commit on top of `parent` whose tree is the parent's with `entries` applied (null deletes). */
async function mallorysCommit(parent: string, entries: Array<{ path: string; mode?: "100644" | "100755" | "120000" | "160000"; type?: "blob" | "commit"; content?: string; sha?: string | null }>): Promise<string> {
  const base = (await git().getCommit({ owner, repo, commit_sha: parent })).data.tree.sha;
  const tree = [];
  for (const e of entries) {
    const sha = e.content !== undefined ? (await git().createBlob({ owner, repo, content: e.content })).data.sha : (e.sha ?? null);
    tree.push({ path: e.path, mode: e.mode ?? "100644", type: e.type ?? "blob", sha });
  }
  const { data: created } = await git().createTree({ owner, repo, base_tree: base, tree });
  return (await git().createCommit({ owner, repo, message: `Revert expired access: ${GCP_PATH}`, tree: created.sha, parents: [parent] })).data.sha;
}

async function mainSha(): Promise<string> {
  return (await git().getRef({ owner, repo, ref: "heads/main" })).data.object.sha;
}

const rewriteEntries = () => Object.entries(REWRITE).map(([path, content]) => ({ path, content }));

/** The secure outcome every attack must end in. */
async function expectSecure(config: string[]): Promise<void> {
  expect(await configOnMain()).toEqual(config);
  expect([w.holdsGcp(), w.gcpBindings()]).toEqual([false, 0]);
  expect(w.h.gcp?.getPolicy("projects/payments-prod").bindings ?? []).toEqual([]);
  expect(await w.mainFiles()).toEqual([]);
  const merged = (await pulls()).filter((p) => p.merged_at !== null && p.user?.login === "access-pr[bot]");
  expect(merged).toHaveLength(1);
  expect(merged[0]?.head.ref).toMatch(/^access-pr\/expire\/r-[0-9a-f]{32}$/);
  // Nothing of mallory's reached main: every commit on it was made by the app, alice's merge or the seed.
  const { data: commits } = await bot().rest.repos.listCommits({ owner, repo, sha: "main", per_page: 100 });
  expect(commits.map((c) => c.commit.author?.email).filter((e) => e?.startsWith("mallory"))).toEqual([]);
}

async function warningOn(number: number, kind: string): Promise<string> {
  const comment = (await w.h.comments(number)).find((c) => c.user === "access-pr[bot]" && c.body.startsWith(`<!-- access-pr:${kind} -->`));
  return comment?.body ?? "";
}

/**
 * The window ends while the repo does not let the app bypass review: alice's access is revoked on time and
 * the app's revert stays open, waiting. Returns that revert.
 */
async function revertLeftOpen() {
  w.h.github.setProtection(ACCESS_REPO, { requiredApprovals: 1, bypass: [], adminsCanBypass: true });
  await windowEnds();
  expect([w.holdsGcp(), w.gcpBindings()]).toEqual([false, 0]);
  const open = (await pulls()).find((p) => p.state === "open" && p.user?.login === "access-pr[bot]");
  if (!open) throw new Error("the app's revert is not open");
  return open;
}

function allowTheAppsMerge(): void {
  w.h.github.setProtection(ACCESS_REPO, { requiredApprovals: 1, bypass: ["access-pr"], adminsCanBypass: true });
}

async function theAppsRevert() {
  return (await pulls()).find((p) => p.merged_at !== null && p.user?.login === "access-pr[bot]");
}

describe("mallory cannot get her commit merged with the app's bypass", () => {
  it(
    "(a) a branch she created in advance at the revert's name, deleting alice's file and rewriting the policies, is not used",
    async () => {
      const config = await aliceGranted();
      const shared = revertBranch([GCP_PATH]);
      const head = await mallorysCommit(await mainSha(), [{ path: GCP_PATH, sha: null }, ...rewriteEntries()]);
      await git().createRef({ owner, repo, ref: `refs/heads/${shared}`, sha: head });

      await windowEnds();
      await expectSecure(config);
      expect((await git().getRef({ owner, repo, ref: `heads/${shared}` })).data.object.sha).toBe(head);
      const warning = await warningOn((await theAppsRevert())?.number ?? 0, "revert-warning");
      expect(warning).toContain(`⚠️ **access-pr did not merge the branch \`${shared}\`: it holds a commit access-pr did not build.**`);
      for (const path of Object.keys(REWRITE)) expect(warning).toContain(`- changes \`${path}\``);
      expect(warning).toContain(`head \`${head.slice(0, 12)}\``);
      expect(warning).toMatch(/claims the author `mallory <[^`]+>`; who pushed it is not established|activity log records pushes to this branch by `mallory`/);
    },
    LONG,
  );

  it(
    "(b) a push onto the app's own revert branch after it opened the pull request and before the merge: the merge is refused (409), checked again, closed and rebuilt",
    async () => {
      const config = await aliceGranted();
      let pushed: { number: number; sha: string } | undefined;
      w.h.github.faults.beforeNext(MERGE, async () => {
        const open = (await pulls()).find((p) => p.state === "open" && p.user?.login === "access-pr[bot]");
        if (!open) throw new Error("the app's revert is not open at its merge");
        pushed = { number: open.number, sha: await mallory().pushToPull(ACCESS_REPO, open.number, REWRITE, "Tidy policies") };
      });

      await windowEnds();
      await expectSecure(config);
      const first = (await pulls()).find((p) => p.number === pushed?.number);
      expect([first?.state, first?.merged_at, first?.head.sha]).toEqual(["closed", null, pushed?.sha]);
      const closed = await warningOn(first?.number ?? 0, "revert-refused");
      expect(closed).toContain(`⚠️ **access-pr closed this pull request without merging it: its head \`${pushed?.sha.slice(0, 12)}\` is not the revert access-pr built.**`);
      expect(closed).toContain("- changes `access-policies/gcp.yaml`");
      const replacement = await theAppsRevert();
      expect(replacement?.number).toBeGreaterThan(first?.number ?? 0);
      expect(await warningOn(replacement?.number ?? 0, "revert-warning")).toContain(`**#${first?.number} (branch \`${first?.head.ref}\`)**`);
      expect((await w.storyOf(alicesPr)).at(-1)).toContain(`The request file is removed by #${replacement?.number} (merged).`);
    },
    LONG,
  );

  it(
    "(b') while the app's revert waits for a merge the repo refused, she pushes onto it; the next sweep finds her commit: closed, never merged, rebuilt",
    async () => {
      const config = await aliceGranted();
      const open = await revertLeftOpen();
      const sha = await mallory().pushToPull(ACCESS_REPO, open.number, REWRITE, "Tidy policies");

      allowTheAppsMerge();
      w.h.clock.advance(60_000);
      await w.settle();
      await expectSecure(config);
      const closed = await warningOn(open.number, "revert-refused");
      expect(closed).toContain(`its head \`${sha.slice(0, 12)}\` is not the revert access-pr built.`);
      expect(closed).toContain("- changes `.github/CODEOWNERS`");
    },
    LONG,
  );

  it(
    "(c) a branch at the revert's name built on her own commit instead of main: the removal on top looks clean, the base does not",
    async () => {
      const config = await aliceGranted();
      const hers = await mallorysCommit(await mainSha(), rewriteEntries());
      const head = await mallorysCommit(hers, [{ path: GCP_PATH, sha: null }]);
      const shared = revertBranch([GCP_PATH]);
      await git().createRef({ owner, repo, ref: `refs/heads/${shared}`, sha: head });

      await windowEnds();
      await expectSecure(config);
      const warning = await warningOn((await theAppsRevert())?.number ?? 0, "revert-warning");
      expect(warning).toContain(`- its head commit is built on \`${hers.slice(0, 12)}\`, not on the default branch's tip`);
      expect(warning).toContain("- changes `access-policies/identities.yaml`");
    },
    LONG,
  );

  it.each([
    ["an executable bit on a policy", () => ({ path: "access-policies/gcp.yaml", mode: "100755" as const }), "- makes `access-policies/gcp.yaml` an executable file (mode 100644 → 100755)"],
    ["a symlink among the requests", () => ({ path: "requests/gcp/prod/policy.yaml", mode: "120000" as const, content: "../../../access-policies/gcp.yaml" }), "- adds the symlink `requests/gcp/prod/policy.yaml` (mode 120000)"],
    ["a submodule", () => ({ path: "access-policies/vendor", mode: "160000" as const, type: "commit" as const, sha: "9f1c2b3a4d5e6f708192a3b4c5d6e7f801234567" }), "- adds the submodule `access-policies/vendor` (mode 160000)"],
  ])(
    "(d) a branch at the revert's name with exactly the removal plus %s is not used",
    async (_, extra, problem) => {
      const config = await aliceGranted();
      const entry = extra();
      const onMain = (await bot().rest.git.getTree({ owner, repo, tree_sha: "main", recursive: "1" })).data.tree.find((e) => e.path === entry.path);
      const head = await mallorysCommit(await mainSha(), [{ path: GCP_PATH, sha: null }, { sha: onMain?.sha ?? null, ...entry }]);
      await git().createRef({ owner, repo, ref: `refs/heads/${revertBranch([GCP_PATH])}`, sha: head });

      await windowEnds();
      await expectSecure(config);
      const warning = await warningOn((await theAppsRevert())?.number ?? 0, "revert-warning");
      expect(warning.split("\n")).toContain(problem);
    },
    LONG,
  );

  it(
    "(e) the app's open revert retargeted to her branch is not merged there or anywhere: closed, and rebuilt against main",
    async () => {
      const config = await aliceGranted();
      const open = await revertLeftOpen();
      await mallory().commit(ACCESS_REPO, "mallory/release", REWRITE, "Release policies");
      const release = (await git().getRef({ owner, repo, ref: "heads/mallory/release" })).data.object.sha;
      await mallory().retarget(ACCESS_REPO, open.number, "mallory/release");

      allowTheAppsMerge();
      w.h.clock.advance(60_000);
      await w.settle();
      await expectSecure(config);
      const retargeted = (await pulls()).find((p) => p.number === open.number);
      expect([retargeted?.state, retargeted?.merged_at, retargeted?.base.ref]).toEqual(["closed", null, "mallory/release"]);
      expect((await git().getRef({ owner, repo, ref: "heads/mallory/release" })).data.object.sha).toBe(release);
      expect(await warningOn(open.number, "revert-refused")).toContain("- it targets the branch `mallory/release` instead of the default branch `main`");
    },
    LONG,
  );

  it(
    "(f) her own pull request, labelled and worded like the app's revert, is never merged by the app; the app removes the file itself",
    async () => {
      const config = await aliceGranted();
      const shared = revertBranch([GCP_PATH]);
      const body = `access-pr removes these request files from the default branch:\n\n- \`${GCP_PATH}\`\n<!-- access-pr:revert {"paths":["${GCP_PATH}"]} -->`;
      const hers = await mallory().openPullRequest(ACCESS_REPO, { title: `Revert expired access: ${GCP_PATH}`, branch: shared, body, files: { [GCP_PATH]: null, ...REWRITE } });
      await mallory().octokit.rest.issues.addLabels({ owner, repo, issue_number: hers.number, labels: ["access-pr:expired"] });

      await windowEnds();
      await expectSecure(config);
      const theirs = (await pulls()).find((p) => p.number === hers.number);
      expect([theirs?.state, theirs?.merged_at]).toEqual(["open", null]);
      expect(await warningOn((await theAppsRevert())?.number ?? 0, "revert-warning")).toContain(`did not merge the branch \`${shared}\``);
    },
    LONG,
  );
});
