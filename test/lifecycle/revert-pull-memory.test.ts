/**
 * The revert built by a process that remembers its own writes: the shared
 * branch is created without looking first and the pull request it opened is
 * merged without reading it again, while every branch or head it did not
 * create itself is still read and judged.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import type { GitHubClient } from "../../src/github/client.js";
import { OwnWrites, withOwnWrites } from "../../src/github/own-writes.js";
import { ensureRevert, revertBranch } from "../../src/lifecycle/revert-pull.js";
import type { RevertFile } from "../../src/lifecycle/types.js";
import { GitHubEmulator } from "../../src/sandbox/github/index.js";
import { installationClient } from "./github-client.js";

const REPO = "acme/access";
const ref = { owner: "acme", repo: "access" };
const A = "requests/gcp/alice.yaml";
const files: RevertFile[] = [{ path: A, pr: 1, why: "expired", detail: "window ended at 2026-11-24 10:00 UTC" }];
const GET_REF = "GET /repos/{owner}/{repo}/git/ref/{ref+}";
const GET_PULL = "GET /repos/{owner}/{repo}/pulls/{pull_number}";

let gh: GitHubEmulator;

beforeEach(async () => {
  gh = await GitHubEmulator.start({ clock: new ManualClock("2026-11-24T10:00:00Z") });
  gh.createUser("alice");
  await gh.createRepo(REPO, { files: { "README.md": "# access\n", [A]: "reason: a\n", "access-policies/gcp.yaml": "version: 1\nrules: []\n" }, protection: { requiredApprovals: 1, bypass: ["access-pr"] }, collaborators: { alice: "write" } });
});
afterEach(async () => gh.close());

const remembering = async (): Promise<GitHubClient> => withOwnWrites(await installationClient(gh), new OwnWrites());

describe("a revert built by a process that remembers its own writes", () => {
  it("creates the shared branch without looking it up and merges the pull request it opened without reading it again", async () => {
    const app = await remembering();
    const [before, pullsBefore] = [gh.faults.count(GET_REF), gh.faults.count(GET_PULL)];
    const [result] = await ensureRevert(app, ref, "main", files, "access-pr[bot]");
    expect(result?.merged).toBe(true);
    // One read of the tip at the start and one right before the merge; none of the branch it created.
    expect(gh.faults.count(GET_REF) - before).toBe(2);
    expect(gh.faults.count(GET_PULL) - pullsBefore).toBe(0);
  });

  it("a branch someone created in advance at the revert's name is still read, judged and not used", async () => {
    const alice = gh.as("alice");
    const squat = await alice.commit(REPO, revertBranch([A]), { [A]: null, "access-policies/gcp.yaml": "version: 1\nrules: [{ name: open }]\n" }, "revert", "main");
    const [result] = await ensureRevert(await remembering(), ref, "main", files, "access-pr[bot]");
    expect(result?.merged).toBe(true);
    expect(result?.replaced?.map((r) => [r.branch, r.headSha])).toEqual([[revertBranch([A]), squat]]);
    const { data: main } = await (await installationClient(gh)).rest.repos.getContent({ ...ref, path: "access-policies/gcp.yaml", ref: "main" });
    expect(Buffer.from((main as { content: string }).content, "base64").toString()).toBe("version: 1\nrules: []\n");
  });
});
