// Invariant 16: every grant needs a person's approval other than the author and the pushers, whatever CODEOWNERS and the rule say; bots never count.
import { afterEach, describe, expect, it } from "vitest";
import { evaluatePull } from "../../src/evaluate/evaluate-pull.js";
import type { AppHarness } from "../helpers/app-harness.js";
import { ACCESS_REPO, seedAccessRepo, startAppHarness } from "../helpers/app-harness.js";
import { APPROVAL, BOT, OWNER, REPO, appClient, openAndSettle, prodRequest, startSeeded } from "./fixtures.js";

const DEV_PATH = "requests/gcp/dev/alice-dev.yaml";
const DEV_REQUEST = ['reason: "Debug the payments export in dev"', "duration: 2h", "grants:", "  - provider: gcp", "    scope: projects/payments-dev", "    role: roles/logging.viewer", ""].join("\n");

let h: AppHarness;
afterEach(async () => h.close());

describe("invariant 16: a person other than the author and the pushers approves every grant", () => {
  it("with no CODEOWNERS line for requests and a rule without approvers, nothing is approved, not even by another writer", async () => {
    h = await startAppHarness();
    await seedAccessRepo(h.github, { ".github/CODEOWNERS": "/access-policies/ @acme/security\n" });
    const pr = await openAndSettle(h, "alice", { [DEV_PATH]: DEV_REQUEST });
    expect(await h.checkRun(pr.headSha, APPROVAL)).toMatchObject({
      status: "in_progress",
      output: { title: "Waiting for approval", summary: "Waiting for approval: nobody is named who could approve it (no CODEOWNERS line and no rule approvers)." },
    });
    await h.github.as("bob").approve(ACCESS_REPO, pr.number);
    await h.github.settled();
    const check = await h.checkRun(pr.headSha, APPROVAL);
    expect(check?.status).toBe("in_progress");
    expect(check?.output.text).toContain("no CODEOWNERS line owns the changed files and no matched rule names approvers");
    const evaluation = await evaluatePull(await appClient(h), { owner: OWNER, repo: REPO }, pr.number, { now: h.clock.now(), botLogin: BOT });
    expect(evaluation).toMatchObject({ valid: true, grantable: false, approval: { status: "pending", counted: [] } });
  });

  it("an app's or a workflow's approval never counts, even when the bot is in the owning team", async () => {
    h = await startSeeded();
    for (const bot of ["github-actions[bot]", "helper-app[bot]"]) {
      h.github.createBot(bot);
      h.github.setTeamMembership("acme", "sre", bot, "active");
    }
    const path = "requests/gcp/prod/alice-inc-4711.yaml";
    const pr = await openAndSettle(h, "alice", { [path]: prodRequest() });
    await h.github.as("github-actions[bot]").approve(ACCESS_REPO, pr.number);
    await h.github.as("helper-app[bot]").approve(ACCESS_REPO, pr.number);
    await h.github.settled();
    const check = await h.checkRun(pr.headSha, APPROVAL);
    expect(check).toMatchObject({ status: "in_progress", output: { title: "Waiting for @acme/sre" } });
    expect(check?.output.text).toContain("- @github-actions[bot] is a bot or app account; only a person's approval counts");
    expect(check?.output.text).toContain("- @helper-app[bot] is a bot or app account; only a person's approval counts");
    await h.github.as("bob").approve(ACCESS_REPO, pr.number);
    await h.github.settled();
    expect((await h.checkRun(pr.headSha, APPROVAL))?.conclusion).toBe("success");
  });
});
