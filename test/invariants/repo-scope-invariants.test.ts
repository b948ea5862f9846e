// Invariant 15: only the access repos named in ACCESS_PR_REPOS grant. Every other repository the app
// can see, in its own installation or another, gets no check, comment, grant or revert, whatever
// policies, identities and CODEOWNERS it carries. Each test drives the real app on the embedded world.
import { afterEach, describe, expect, it } from "vitest";
import type { AppDeps } from "../../src/app.js";
import { createAccessPrApp } from "../../src/app.js";
import type { AppHarness } from "../helpers/app-harness.js";
import { ACCESS_REPO, seedAccessRepo, settleApp, startAppHarness } from "../helpers/app-harness.js";
import { PROD_PATH, prodRequest } from "../helpers/requests.js";
import { APPROVAL, VALIDATION } from "./fixtures.js";

const SUB = "00000000-0000-0000-0000-000000000001";
const RG = `/subscriptions/${SUB}/resourceGroups/payments`;
const ALICE_GCP = "user:alice@acme.example";
const ALICE_OID = "00000000-0000-0000-0000-0000000000a1";

/** What alice would write in a repository of her own: a rule that lets her grant herself anything, no approvers, no CODEOWNERS. */
const PERMISSIVE = {
  "README.md": "# not the access repo\n",
  "access-policies/anything.yaml": [
    "version: 1",
    "rules:",
    "  - name: anything-gcp",
    '    paths: ["requests/**"]',
    "    provider: gcp",
    '    scopes: ["projects/payments-prod"]',
    '    roles: ["roles/cloudsql.admin"]',
    '    requesters: { users: ["alice"] }',
    "    max_duration: 30d",
    "  - name: anything-azure",
    '    paths: ["requests/**"]',
    "    provider: azure",
    `    scopes: ["${RG}"]`,
    '    roles: ["Contributor"]',
    '    requesters: { users: ["alice"] }',
    "    max_duration: 30d",
    "    azure_mode: assignment",
    "",
  ].join("\n"),
  "access-policies/identities.yaml": ["version: 1", "identities:", "  alice:", `    gcp: ${ALICE_GCP}`, `    azure: { object_id: ${ALICE_OID}, type: User }`, ""].join("\n"),
};

const SELF_GRANT = [
  'reason: "Need admin on the prod database for a while"',
  "duration: 30d",
  "grants:",
  "  - provider: gcp",
  "    scope: projects/payments-prod",
  "    role: roles/cloudsql.admin",
  "  - provider: azure",
  `    scope: ${RG}`,
  "    role: Contributor",
  "",
].join("\n");

let h: AppHarness;
let deps: AppDeps | undefined;
afterEach(async () => h.close());

async function startClouds(options: Parameters<typeof startAppHarness>[0] = {}): Promise<AppHarness> {
  const appFn = (d: AppDeps) => {
    deps = d;
    return createAccessPrApp(d);
  };
  const harness = await startAppHarness({ clouds: true, appFn, ...options });
  harness.gcp?.createProject("payments-prod");
  // IAM refuses a member with no account behind it.
  harness.gcp?.addAccounts(ALICE_GCP);
  harness.azure?.createSubscription(SUB);
  harness.azure?.createResourceGroup(SUB, "payments");
  await seedAccessRepo(harness.github);
  return harness;
}

/** Webhooks answered and the lifecycle idle (runs cause webhooks and webhooks cause runs). */
function settleWithoutPeriods(harness: AppHarness): Promise<void> {
  return settleApp(harness, deps);
}

/** Settled, then again after a sweep and a full reconcile have had their turn. */
async function settleThroughPeriods(harness: AppHarness): Promise<void> {
  await settleWithoutPeriods(harness);
  harness.clock.advance(11 * 60_000);
  await settleWithoutPeriods(harness);
}

async function pullsOf(harness: AppHarness, fullName: string) {
  const [owner = "", repo = ""] = fullName.split("/");
  const { data } = await harness.github.octokitFor("carol").rest.pulls.list({ owner, repo, state: "all" });
  return data.map((p) => [p.number, p.user?.login]);
}

describe("15: only the configured access repo grants", () => {
  it("ignores alice's self-approved request in another repo of the same installation and in a repo of another installation", async () => {
    h = await startClouds();
    h.github.createOrg("globex");
    h.github.installApp("globex");
    const others = ["acme/playground", "globex/access"];
    for (const name of others) await h.github.createRepo(name, { files: PERMISSIVE, collaborators: { alice: "write" } });

    for (const name of others) {
      const pr = await h.github.as("alice").openPullRequest(name, { title: "Admin for me", files: { "requests/alice.yaml": SELF_GRANT } });
      await h.github.settled();
      await h.github.as("alice").merge(name, pr.number);
      await settleThroughPeriods(h);

      expect(await h.checkRun(pr.headSha, VALIDATION, name)).toBeUndefined();
      expect(await h.checkRun(pr.headSha, APPROVAL, name)).toBeUndefined();
      expect(await h.comments(pr.number, name)).toEqual([]);
      // No revert either: the only pull request there is alice's own.
      expect(await pullsOf(h, name)).toEqual([[pr.number, "alice"]]);
    }
    expect(h.gcp?.holds("projects/payments-prod", ALICE_GCP, "roles/cloudsql.admin")).toBe(false);
    expect(h.azure?.holds(RG, ALICE_OID, "Contributor")).toBe(false);
    const ignored = h.logs.filter((l) => l.msg === "not an access repo (ACCESS_PR_REPOS): event ignored").map((l) => `${String(l.repo)} ${String(l.event)}`);
    expect(ignored).toEqual(expect.arrayContaining(others.flatMap((name) => [`${name} pull_request`, `${name} push`])));
    // The lifecycle never listed them: it asks for the access repo's installation, not for every repository.
    expect(h.logs.filter((l) => others.includes(String(l.repo)) && l.msg !== "not an access repo (ACCESS_PR_REPOS): event ignored")).toEqual([]);
  });

  it("serves the access repo whatever case ACCESS_PR_REPOS spells it in, through approval, grant and expiry", async () => {
    h = await startClouds({ settings: { accessRepos: ["ACME/Access"] } });
    const pr = await h.github.as("alice").openPullRequest(ACCESS_REPO, { title: "Read prod DB", files: { [PROD_PATH]: prodRequest() } });
    await h.github.settled();
    expect((await h.checkRun(pr.headSha, VALIDATION))?.conclusion).toBe("success");
    await h.github.as("bob").approve(ACCESS_REPO, pr.number);
    await h.github.settled();
    expect((await h.checkRun(pr.headSha, APPROVAL))?.conclusion).toBe("success");
    await h.github.as("bob").merge(ACCESS_REPO, pr.number);
    await h.github.settled();
    expect(h.gcp?.holds("projects/payments-prod", ALICE_GCP, "roles/cloudsql.client")).toBe(true);
    h.clock.advance(2 * 3_600_000 + 60_000);
    await settleThroughPeriods(h);
    expect(h.gcp?.holds("projects/payments-prod", ALICE_GCP, "roles/cloudsql.client")).toBe(false);
  });

  it("without ACCESS_PR_REPOS grants nowhere, says so once at start, and leaves even the example access repo alone", async () => {
    h = await startClouds({ settings: { accessRepos: [] } });
    const pr = await h.github.as("alice").openPullRequest(ACCESS_REPO, { title: "Read prod DB", files: { [PROD_PATH]: prodRequest() } });
    await h.github.settled();
    await h.github.as("bob").approve(ACCESS_REPO, pr.number);
    await h.github.as("bob").merge(ACCESS_REPO, pr.number);
    await settleThroughPeriods(h);
    expect(await h.checkRun(pr.headSha, VALIDATION)).toBeUndefined();
    expect(await h.comments(pr.number)).toEqual([]);
    expect(h.gcp?.holds("projects/payments-prod", ALICE_GCP, "roles/cloudsql.client")).toBe(false);
    expect(h.logs.filter((l) => l.msg.startsWith("ACCESS_PR_REPOS is not set")).map((l) => [l.level, l.msg])).toEqual([
      [40, "ACCESS_PR_REPOS is not set: the app grants nowhere and ignores every repository; set it to the access repo, e.g. ACCESS_PR_REPOS=acme/access"],
    ]);
  });

  it("reconciles the access repo at once when an installation makes it reachable, and only logs the other repositories", async () => {
    h = await startClouds();
    await h.github.createRepo("acme/playground", { files: PERMISSIVE });
    // Pushed straight to main while the app heard nothing (a lost delivery): it backs nothing.
    h.github.webhookUrl = undefined;
    await h.github.as("carol").commit(ACCESS_REPO, "main", { [PROD_PATH]: prodRequest() }, "Direct push");
    await h.github.settled();
    h.github.webhookUrl = h.webhookUrl;

    // No clock moves: only the installation event can make the app look now.
    h.github.announceInstallation("carol");
    await settleWithoutPeriods(h);
    const { data: tree } = await h.github.octokitFor("carol").rest.git.getTree({ owner: "acme", repo: "access", tree_sha: "main", recursive: "1" });
    expect(tree.tree.map((e) => e.path)).not.toContain(PROD_PATH);
    expect((await pullsOf(h, ACCESS_REPO)).map(([, by]) => by)).toEqual(["access-pr[bot]"]);
    expect(await pullsOf(h, "acme/playground")).toEqual([]);
    const lines = h.logs.filter((l) => l.msg === "not access repos (ACCESS_PR_REPOS): the app does nothing there" || l.msg === "access repo reachable: reconciling it now");
    expect(lines.map((l) => [l.msg, l.repos ?? l.repo])).toEqual([
      ["not access repos (ACCESS_PR_REPOS): the app does nothing there", ["acme/playground"]],
      ["access repo reachable: reconciling it now", "acme/access"],
    ]);
  });
});
