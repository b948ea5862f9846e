/**
 * A push to the default branch is told to change configuration or not from
 * the config entries of the trees before and after it, when the tree before
 * it is held: no compare. Without that tree (a restarted process, a push
 * whose before was never read) GitHub's compare still decides.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { immutableReads } from "../../src/github/immutable-reads.js";
import type { AppHarness } from "../helpers/app-harness.js";
import { ACCESS_REPO } from "../helpers/app-harness.js";
import { OWNER, REPO, VALIDATION, openAndSettle, prodRequest, startSeeded } from "../invariants/fixtures.js";

const PATH = "requests/gcp/prod/alice-inc-4711.yaml";
const COMPARE = "GET /repos/{owner}/{repo}/compare/{basehead}";
const LIST_OPEN = `GET /repos/${OWNER}/${REPO}/pulls`;
let h: AppHarness;
beforeEach(async () => {
  h = await startSeeded();
});
afterEach(async () => h.close());

const calls = (route: string) => h.appGitHubCalls.table().find((row) => row.route === route)?.calls ?? 0;

async function pushToMain(files: Record<string, string>): Promise<string> {
  const sha = await h.github.as("carol").commit(ACCESS_REPO, "main", files, "Change main");
  await h.github.settled();
  return sha;
}

const tightened = async () => {
  const { data } = (await h.github.octokitFor("carol").rest.repos.getContent({ owner: OWNER, repo: REPO, path: "access-policies/gcp.yaml" })) as { data: { content: string } };
  return Buffer.from(data.content, "base64").toString("utf8").replace("max_duration: 4h", "max_duration: 2h");
};

describe("a push to the default branch, told from the trees", () => {
  it("a README change re-evaluates nothing and compares nothing", async () => {
    await openAndSettle(h, "alice", { [PATH]: prodRequest([], "3h") });
    h.appGitHubCalls.reset();
    await pushToMain({ "README.md": "# access\nnow with more words\n" });
    expect([calls(COMPARE), calls(LIST_OPEN)]).toEqual([0, 0]);
  });

  it("a policy change re-evaluates the open pull requests without a compare", async () => {
    const pr = await openAndSettle(h, "alice", { [PATH]: prodRequest([], "3h") });
    h.appGitHubCalls.reset();
    await pushToMain({ "access-policies/gcp.yaml": await tightened() });
    expect([calls(COMPARE), calls(LIST_OPEN)]).toEqual([0, 1]);
    expect(await h.checkRun(pr.headSha, VALIDATION)).toMatchObject({ status: "completed", conclusion: "failure" });
  });

  it("without the tree before the push held (a restarted process), GitHub's compare decides, and a policy change still re-evaluates", async () => {
    const pr = await openAndSettle(h, "alice", { [PATH]: prodRequest([], "3h") });
    immutableReads.clear();
    h.appGitHubCalls.reset();
    await pushToMain({ "access-policies/gcp.yaml": await tightened() });
    expect([calls(COMPARE), calls(LIST_OPEN)]).toEqual([1, 1]);
    expect(await h.checkRun(pr.headSha, VALIDATION)).toMatchObject({ status: "completed", conclusion: "failure" });
  });
});
