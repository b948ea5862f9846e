// Invariant 1 for open pull requests: the default branch's current tip decides, not the pull request's stale base.sha.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AppHarness } from "../helpers/app-harness.js";
import { ACCESS_REPO, EXAMPLE_CODEOWNERS } from "../helpers/app-harness.js";
import { APPROVAL, OWNER, REPO, VALIDATION, openAndSettle, prodRequest, startSeeded } from "./fixtures.js";

const PATH = "requests/gcp/prod/alice-inc-4711.yaml";
let h: AppHarness;
beforeEach(async () => {
  h = await startSeeded();
});
afterEach(async () => h.close());

/** carol (org owner) changes a file straight on main, as an admin fixing configuration would. */
async function changeOnMain(path: string, edit: (text: string) => string): Promise<string> {
  const gh = h.github.octokitFor("carol");
  const { data } = (await gh.rest.repos.getContent({ owner: OWNER, repo: REPO, path })) as { data: { content: string } };
  const sha = await h.github.as("carol").commit(ACCESS_REPO, "main", { [path]: edit(Buffer.from(data.content, "base64").toString("utf8")) }, `Change ${path}`);
  await h.github.settled();
  return sha;
}

const baseShaOf = async (number: number) => (await h.github.octokitFor("alice").rest.pulls.get({ owner: OWNER, repo: REPO, pull_number: number })).data.base.sha;

describe("security invariant 1: open pull requests follow the default branch's tip", () => {
  it("a policy tightened on main while a request is open turns its validation red without any push to it", async () => {
    const pr = await openAndSettle(h, "alice", { [PATH]: prodRequest([], "3h") });
    expect(await h.checkRun(pr.headSha, VALIDATION)).toMatchObject({ conclusion: "success" });
    const openedOn = await baseShaOf(pr.number);

    const tip = await changeOnMain("access-policies/gcp.yaml", (text) => text.replace("max_duration: 4h", "max_duration: 2h"));
    // GitHub leaves base.sha where the last synchronize put it; the app must not rely on it.
    expect(await baseShaOf(pr.number)).toBe(openedOn);
    expect(openedOn).not.toBe(tip);
    const check = await h.checkRun(pr.headSha, VALIDATION);
    expect(check).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(check?.annotations.map((a) => a.path)).toEqual([PATH]);
    const plan = (await h.comments(pr.number)).find((c) => c.user === "access-pr[bot]");
    expect(plan?.body).toContain(`against \`main\` at \`${tip.slice(0, 7)}\``);
  });

  it("CODEOWNERS changed on main: an approved request waits again for the new owners", async () => {
    const pr = await openAndSettle(h, "alice", { [PATH]: prodRequest() });
    await h.github.as("bob").approve(ACCESS_REPO, pr.number);
    await h.github.settled();
    expect(await h.checkRun(pr.headSha, APPROVAL)).toMatchObject({ conclusion: "success" });

    await changeOnMain(".github/CODEOWNERS", () => EXAMPLE_CODEOWNERS.replace("/requests/gcp/prod/ @acme/sre", "/requests/gcp/prod/ @acme/security"));
    expect(await h.checkRun(pr.headSha, APPROVAL)).toMatchObject({ status: "in_progress", output: { title: "Waiting for @acme/security" } });

    await h.github.as("carol").approve(ACCESS_REPO, pr.number);
    await h.github.settled();
    expect(await h.checkRun(pr.headSha, APPROVAL)).toMatchObject({ status: "completed", conclusion: "success" });
  });
});
