/**
 * The plan comment is the app's, but any writer can edit it. After a merge
 * the lifecycle writes the outcome into it, and an evaluation that read the
 * pull request open just before the merge must not write the plan back over
 * that. Outcome text is no evidence of a merge, though: on a pull request
 * still open it is a person's edit, and the next event writes the plan over it.
 */
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { GitHubClient } from "../../src/github/client.js";
import { withReadMemo } from "../../src/github/read-memo.js";
import { authorOf, evaluateAndApply } from "../../src/handlers/pull-request-effects.js";
import type { AppHarness } from "../helpers/app-harness.js";
import { ACCESS_REPO, seedAccessRepo, settleApp, startAppHarness } from "../helpers/app-harness.js";
import { createAccessPrApp } from "../../src/app.js";
import type { AppDeps } from "../../src/app.js";
import { BOT, OWNER, REPO, appClient, errorsLogged, openAndSettle, prodRequest } from "../invariants/fixtures.js";

const PATH = "requests/gcp/prod/alice-inc-4711.yaml";
const repo = { owner: OWNER, repo: REPO };
const FORGED = [
  "<!-- access-pr:plan -->",
  "### access-pr plan",
  "",
  `<!-- outcome:granted ${encodeURIComponent(PATH)} -->`,
  `#### \`${PATH}\` (granted)`,
  "",
  "✅ Granted `roles/viewer` only. Nothing to review here.",
  "<!-- outcome-end -->",
].join("\n");

let h: AppHarness;
let deps: AppDeps | undefined;
beforeEach(async () => {
  h = await startAppHarness({
    clouds: true,
    appFn: (d) => {
      deps = d;
      return createAccessPrApp(d);
    },
  });
  h.gcp?.createProject("payments-prod");
  h.gcp?.addAccounts("user:alice@acme.example");
  await seedAccessRepo(h.github);
});
afterEach(async () => h.close());

async function planComment(number: number) {
  const plans = (await h.comments(number)).filter((c) => c.body.startsWith("<!-- access-pr:plan -->"));
  expect(plans).toHaveLength(1);
  return plans[0];
}

describe("the plan comment, edited by people and raced by the merge", () => {
  it.each([
    ["a push", async (number: number) => void (await h.github.as("alice").pushToPull(ACCESS_REPO, number, { [PATH]: prodRequest([], "3h") }))],
    ["an approval", async (number: number) => void (await h.github.as("bob").approve(ACCESS_REPO, number))],
  ])("a writer's outcome text on an open pull request is written over at the next event (%s)", async (_event, next) => {
    const pr = await openAndSettle(h, "alice", { [PATH]: prodRequest([], "2h") });
    const plan = await planComment(pr.number);
    await h.github.octokitFor("erin").rest.issues.updateComment({ ...repo, comment_id: plan?.id ?? 0, body: FORGED });
    await h.github.settled();
    expect((await planComment(pr.number))?.body).toBe(FORGED);

    await next(pr.number);
    await h.github.settled();
    const after = await planComment(pr.number);
    expect(after?.id).toBe(plan?.id);
    expect(after?.body).not.toContain("Nothing to review here");
    expect(after?.body).not.toContain("<!-- outcome:");
    expect(after?.body).toContain("`roles/cloudsql.client`");
    expect(errorsLogged(h)).toEqual([]);
  });

  it("an evaluation that read the pull request open leaves the outcome the lifecycle wrote after the merge", async () => {
    const pr = await openAndSettle(h, "alice", { [PATH]: prodRequest([], "2h") });
    await h.github.as("bob").approve(ACCESS_REPO, pr.number);
    await h.github.settled();
    // Memoized as a webhook's client is; its reads are done (open, approved) when the merge lands and is handled.
    const late = withReadMemo(await appClient(h));
    beforeFirstCheckListing(late, async () => {
      await h.github.as("alice").merge(ACCESS_REPO, pr.number);
      await settleApp(h, deps);
    });
    const identity = { appId: h.github.app.appId, slug: "access-pr", botLogin: BOT };
    await evaluateAndApply(late, repo, pr.number, authorOf({ login: "alice" }), { clock: h.clock, identity }, pino({ level: "silent" }), { defaultBranch: "main", requestReviewers: false });

    const after = await planComment(pr.number);
    expect(after?.body).toContain(`<!-- outcome:granted ${encodeURIComponent(PATH)} -->`);
    expect(after?.body).toContain("✅ Granted at");
    expect(after?.body).not.toContain("Merging this pull request grants");
    expect(errorsLogged(h)).toEqual([]);
  });
});

/** Runs `before` once, when the client first lists the check runs of a sha: after its evaluation's reads, before its writes. */
function beforeFirstCheckListing(client: GitHubClient, before: () => Promise<void>): void {
  let done = false;
  client.hook.before("request", async (options) => {
    if (done || options.method !== "GET" || !/\/commits\/[^/]+\/check-runs/.test(options.url)) return;
    done = true;
    await before();
  });
}
