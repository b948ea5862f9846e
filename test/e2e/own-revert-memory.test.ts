/**
 * The app's own revert answered from what the process built: no listing of
 * its files, no lookup of check runs on its head, no branch lookup before the
 * branch is created, no re-read of the pull request it just opened. Whatever
 * the process did not build itself (a push onto the revert branch, a writer's
 * pull request from a look-alike branch, a restarted process) gets the full check.
 */
import { afterEach, describe, expect, it } from "vitest";
import { OwnWrites, attachOwnWrites } from "../../src/github/own-writes.js";
import { ACCESS_REPO } from "../helpers/app-harness.js";
import type { World } from "./lifecycle-world.js";
import { GCP_PATH, gcpRequest, owner, repo, startWorld } from "./lifecycle-world.js";

const LONG = 240_000;
let w: World;
afterEach(async () => w.close());

const filesListed = (number: number) => w.h.appGitHubCalls.table().find((row) => row.route === `GET /repos/${owner}/${repo}/pulls/${number}/files`)?.calls ?? 0;
const routeCalls = (route: string) => w.h.appGitHubCalls.table().find((row) => row.route === route)?.calls ?? 0;

/** alice's request merged, then revoked while protection the app may not bypass keeps its revert open. */
async function openRevert(): Promise<{ number: number; head: string; branch: string }> {
  w = await startWorld();
  const { number } = await w.requestAndMerge({ [GCP_PATH]: gcpRequest() });
  w.h.github.setProtection(ACCESS_REPO, { requiredApprovals: 1, bypass: [], adminsCanBypass: true });
  w.h.appGitHubCalls.reset();
  await w.h.github.as("alice").comment(ACCESS_REPO, number, "/revoke");
  await w.settle();
  const { data } = await w.h.github.octokitFor("bob").rest.pulls.get({ owner, repo, pull_number: number + 1 });
  expect([data.user.login, data.state]).toEqual(["access-pr[bot]", "open"]);
  return { number: data.number, head: data.head.sha, branch: data.head.ref };
}

describe("the app's own revert, from what this process built", () => {
  it(
    "is answered with completed checks without listing its files or its head's runs first",
    async () => {
      const revert = await openRevert();
      expect(await w.h.checkRun(revert.head, "access-pr / approval")).toMatchObject({ status: "completed", conclusion: "success", output: { title: "No approval needed" } });
      expect(filesListed(revert.number)).toBe(0);
      expect(routeCalls(`GET /repos/${owner}/${repo}/commits/${revert.head}/check-runs`)).toBe(0);
    },
    LONG,
  );

  it(
    "a writer's push onto the revert branch gets the full evaluation: another head sha is not what the app built",
    async () => {
      const revert = await openRevert();
      const pushed = await w.h.github.as("mallory").pushToPull(ACCESS_REPO, revert.number, { "access-policies/gcp.yaml": "version: 1\nrules: []\n" }, "tidy");
      await w.settle();
      expect(filesListed(revert.number)).toBeGreaterThan(0);
      const approval = await w.h.checkRun(pushed, "access-pr / approval");
      expect(approval?.output.title).not.toBe("No approval needed");
      expect((await w.h.comments(revert.number)).map((c) => c.body.split("\n")[0])).toContain("<!-- access-pr:plan -->");
    },
    LONG,
  );

  it(
    "a writer's pull request from a look-alike branch at the app's very commit gets the full evaluation",
    async () => {
      const revert = await openRevert();
      const mallory = w.h.github.as("mallory");
      await mallory.octokit.rest.git.createRef({ owner, repo, ref: "refs/heads/access-pr/expire/0123456789ab", sha: revert.head });
      const { data: pr } = await mallory.octokit.rest.pulls.create({ owner, repo, title: `Revert revoked access: ${GCP_PATH}`, head: "access-pr/expire/0123456789ab", base: "main" });
      await w.settle();
      // Evaluated in full (the pull request read by the app, not taken from what it built): a reviewer is needed.
      const approval = await w.h.checkRun(revert.head, "access-pr / approval");
      expect(approval?.output.title).not.toBe("No approval needed");
      const [plan] = await w.h.comments(pr.number);
      expect(plan?.body).toContain(`#### \`${GCP_PATH}\` (deleted: ends this access early)`);
    },
    LONG,
  );

  it(
    "a restarted process, handling the revert's event again, lists its files and its head's runs",
    async () => {
      const revert = await openRevert();
      attachOwnWrites(w.h.probot, new OwnWrites());
      w.h.appGitHubCalls.reset();
      const opened = w.h.github.deliveries.filter((d) => d.event === "pull_request" && d.action === "opened" && (d.payload.pull_request as { number?: number }).number === revert.number).at(-1);
      await w.h.github.redeliver(opened?.guid ?? "");
      await w.settle();
      expect(filesListed(revert.number)).toBe(1);
      expect(routeCalls(`GET /repos/${owner}/${repo}/commits/${revert.head}/check-runs`)).toBe(1);
      expect(await w.h.checkRun(revert.head, "access-pr / approval")).toMatchObject({ status: "completed", conclusion: "success", output: { title: "No approval needed" } });
    },
    LONG,
  );
});
