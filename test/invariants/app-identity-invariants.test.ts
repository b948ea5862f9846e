// The app knows itself from GitHub (GET /app, read once at start) and nothing else: marker comments
// count only from its own bot account, and its /revoke revert is recognised by that identity, never
// by a guessed "access-pr[bot]" or by whoever authored the pull request.
import { afterEach, describe, expect, it } from "vitest";
import type { AppDeps } from "../../src/app.js";
import { createAccessPrApp } from "../../src/app.js";
import type { AppHarness } from "../helpers/app-harness.js";
import { ACCESS_REPO, seedAccessRepo, settleApp, startAppHarness } from "../helpers/app-harness.js";
import { PROD_PATH, prodRequest } from "../helpers/requests.js";
import { APPROVAL } from "./fixtures.js";

const [OWNER, REPO] = ACCESS_REPO.split("/") as [string, string];
const FORGED = [
  "<!-- access-pr:plan -->",
  "### access-pr plan",
  "",
  "**Ready to merge.** Approved by @bob.",
  "<!-- access-pr:pushers alice -->",
].join("\n");

let h: AppHarness;
afterEach(async () => h.close());

/** A bot with write access that is not the app: a workflow's token, another app, or one named like the default app. */
function addBot(harness: AppHarness, login: string): void {
  harness.github.createUser(login, { bot: true });
  harness.github.hub.repo(OWNER, REPO).collaborators.set(login, "write");
}

describe("the app's own identity", () => {
  it.each(["github-actions[bot]", "access-pr[bot]"])(
    "ignores a plan marker written by %s: never reads its pushers, never edits it, and writes its own",
    async (impostor) => {
      // The app is "acme-jit" here, so "access-pr[bot]" is just another bot: the old guess of the app's login.
      h = await startAppHarness({ github: { appSlug: "acme-jit" } });
      await seedAccessRepo(h.github);
      addBot(h, impostor);
      // The app misses the opening (one delivery attempt, lost), so the impostor's comment is the oldest with the marker.
      h.github.webhookUrl = undefined;
      const pr = await h.github.as("alice").openPullRequest(ACCESS_REPO, { title: "Read prod DB", files: { [PROD_PATH]: prodRequest() } });
      const forged = await h.github.as(impostor).comment(ACCESS_REPO, pr.number, FORGED);
      await h.github.settled();
      h.github.webhookUrl = h.webhookUrl;

      // mallory (SRE) pushes to alice's pull request, then approves her own push.
      const head = await h.github.as("mallory").pushToPull(ACCESS_REPO, pr.number, { [PROD_PATH]: prodRequest([], "1h") }, "Shorter");
      await h.github.settled();
      await h.github.as("mallory").approve(ACCESS_REPO, pr.number);
      await h.github.settled();

      const comments = await h.comments(pr.number);
      expect(comments.find((c) => c.id === forged)).toEqual({ id: forged, body: FORGED, user: impostor });
      const own = comments.filter((c) => c.user === "acme-jit[bot]" && c.body.startsWith("<!-- access-pr:plan -->"));
      expect(own).toHaveLength(1);
      expect(own[0]?.body).toContain("(GitHub's activity log): `alice`, `mallory`. Whoever pushed cannot approve.");
      const approval = await h.checkRun(head, APPROVAL);
      expect([approval?.status, approval?.output.title]).toEqual(["in_progress", "Waiting for @acme/sre"]);
    },
  );

  it("/revoke revokes and merges the revert as the app GitHub named at start, with no guessed login anywhere", async () => {
    let deps: AppDeps | undefined;
    h = await startAppHarness({
      clouds: true,
      github: { appSlug: "acme-jit" },
      appFn: (d) => {
        deps = d;
        return createAccessPrApp(d);
      },
    });
    const settle = () => settleApp(h, deps);
    h.gcp?.createProject("payments-prod");
    // IAM refuses a member with no account behind it.
    h.gcp?.addAccounts("user:alice@acme.example");
    await seedAccessRepo(h.github);
    // Reviews required; only the app (by its real slug) may merge past them.
    h.github.setProtection(ACCESS_REPO, { requiredApprovals: 1, bypass: ["acme-jit"] });
    // A bot named like the default app, to catch any guess of "access-pr[bot]".
    addBot(h, "access-pr[bot]");
    const pr = await h.github.as("alice").openPullRequest(ACCESS_REPO, { title: "Read prod DB", files: { [PROD_PATH]: prodRequest() } });
    await settle();
    await h.github.as("bob").approve(ACCESS_REPO, pr.number);
    await h.github.as("bob").merge(ACCESS_REPO, pr.number);
    await settle();
    expect(h.gcp?.holds("projects/payments-prod", "user:alice@acme.example", "roles/cloudsql.client")).toBe(true);

    await h.github.as("alice").comment(ACCESS_REPO, pr.number, "/revoke");
    await settle();
    expect(h.gcp?.holds("projects/payments-prod", "user:alice@acme.example", "roles/cloudsql.client")).toBe(false);
    const { data: pulls } = await h.github.octokitFor("carol").rest.pulls.list({ owner: OWNER, repo: REPO, state: "all" });
    const revert = pulls.find((p) => p.number !== pr.number);
    expect([revert?.user?.login, revert?.merged_at !== null, revert?.labels.map((l) => l.name)]).toEqual(["acme-jit[bot]", true, ["access-pr:revoked"]]);
    const { data: tree } = await h.github.octokitFor("carol").rest.git.getTree({ owner: OWNER, repo: REPO, tree_sha: "main", recursive: "1" });
    expect(tree.tree.map((e) => e.path)).not.toContain(PROD_PATH);
    // Every comment the app wrote is by the bot GitHub named, and the impostor wrote none.
    expect(new Set((await h.comments(pr.number)).map((c) => c.user))).toEqual(new Set(["alice", "acme-jit[bot]"]));
  });
});
