/**
 * The story the sandbox plays, scene by scene: a request refused by policy
 * and fixed, approved and merged (roles held in GCP and Azure), its window
 * ending (roles gone, revert merged), and a second request ended early with
 * `/revoke`. Every line about the app is read back from GitHub; every line
 * about a cloud is the emulator's own view.
 */
import { DEFAULT_PROVISIONING_DELAY_MS } from "../azure/pim-store.js";
import { ACCESS_REPO, AZURE_SCOPE, GCP_PROJECT } from "./cast.js";
import { AZURE_ROLE, cloudAccess, GCP_RESOURCE, GCP_ROLE } from "./cloud-state.js";
import type { StoryKit } from "./story-kit.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const ALICE_FILE = "requests/prod/2026-11-24-alice-inc-4711.yaml";
export const DAVE_FILE = "requests/prod/2026-11-24-dave-chg-2210.yaml";

function requestFile(reason: string, ticket: string, duration: string): string {
  return `reason: "${reason}"
ticket: ${ticket}
duration: ${duration}
grants:
  - provider: gcp
    scope: projects/${GCP_PROJECT}
    role: ${GCP_ROLE}
  - provider: azure
    scope: ${AZURE_SCOPE}
    role: ${AZURE_ROLE}
`;
}

const ALICE_REASON = "INC-4711: payments export failing, need to read the prod DB";

function hhmm(date: Date): string {
  return `${date.toISOString().slice(11, 16)} UTC`;
}

/** Prints what the clouds hold for `login` (marking what differs from `expectHeld`); true when both clouds agree with it. */
function showClouds(kit: StoryKit, login: string, expectHeld: boolean, end?: Date): boolean {
  const access = cloudAccess(kit.world, login, end);
  const tone = (held: boolean) => (held !== expectHeld ? "fail" : held ? "ok" : "info");
  const gcpText = access.gcp.held ? `${login} holds ${GCP_ROLE} on ${GCP_RESOURCE}${access.gcp.condition ? ` while ${access.gcp.condition}` : " with NO expiry condition"}` : `${login} holds nothing on ${GCP_RESOURCE}`;
  kit.timeline.cloud("GCP", tone(access.gcp.held), gcpText);
  let azureText = access.azure.held ? `${login} holds ${AZURE_ROLE} on ${AZURE_SCOPE}` : `${login} holds nothing on ${AZURE_SCOPE}`;
  if (access.azure.held && end && access.azure.heldAfter === false) azureText += ` until ${hhmm(end)} (PIM ends it by itself)`;
  kit.timeline.cloud("Azure", tone(access.azure.held), azureText);
  return access.gcp.held === expectHeld && access.azure.held === expectHeld;
}

export interface Granted {
  pr: number;
  end: Date;
  /** Whether both clouds held the roles right after the merge. */
  held: boolean;
}

/** Scenes 1 and 2: alice's request, refused, fixed, approved, merged. Returns the PR number and when the window ends. */
export async function refusedThenGranted(kit: StoryKit): Promise<Granted> {
  const { github, clock } = kit.world;
  const t = kit.timeline;
  t.section("1. alice asks for too long, the policy says no, she fixes it");
  const content = requestFile(ALICE_REASON, "INC-4711", "8h");
  t.person("alice", `opens a pull request adding ${ALICE_FILE}:`, content.trimEnd().split("\n"));
  const pr = await kit.act(() => github.as("alice").openPullRequest(ACCESS_REPO, { title: "Read the payments prod DB for INC-4711", files: { [ALICE_FILE]: content } }));
  kit.expect("alice's 8h request was refused by the policy (access-pr / validation failed)", await checkConclusion(kit, pr.number, "access-pr / validation", "failure"));

  clock.advance(10 * MINUTE);
  t.person("alice", `pushes a fix to PR #${pr.number}: duration 8h -> 2h`);
  await kit.act(() => github.as("alice").pushToPull(ACCESS_REPO, pr.number, { [ALICE_FILE]: requestFile(ALICE_REASON, "INC-4711", "2h") }, "Ask for 2h, within the rule's 4h"));
  kit.expect("the fixed request passed validation", await checkConclusion(kit, pr.number, "access-pr / validation", "success"));

  t.section("2. an SRE approves, alice merges: roles held in both clouds");
  clock.advance(15 * MINUTE);
  t.person("bob", `approves PR #${pr.number} ("Looked at INC-4711, go ahead")`);
  await kit.act(() => github.as("bob").approve(ACCESS_REPO, pr.number, "Looked at INC-4711, go ahead"));
  kit.expect("bob's approval turned access-pr / approval green", await checkConclusion(kit, pr.number, "access-pr / approval", "success"));

  clock.advance(5 * MINUTE);
  const mergedAt = clock.now();
  const end = new Date(mergedAt.getTime() + 2 * HOUR);
  t.person("alice", `merges PR #${pr.number}`);
  await kit.act(() => github.as("alice").merge(ACCESS_REPO, pr.number));
  await pimProvisions(kit);
  const held = kit.expect(`after the merge alice held ${GCP_ROLE} in GCP and ${AZURE_ROLE} in Azure`, showClouds(kit, "alice", true, end));
  return { pr: pr.number, end, held };
}

/** Scene 3: the clock jumps past the window's end; the app revokes and merges a revert. */
export async function windowEnds(kit: StoryKit, grant: Granted): Promise<void> {
  const t = kit.timeline;
  t.section("3. two hours later the window ends");
  const before = await mergedPullNumbers(kit);
  kit.world.clock.set(new Date(grant.end.getTime() + MINUTE));
  t.jump(`the sandbox clock jumps to ${hhmm(kit.world.clock.now())}, just past the window's end at ${hhmm(grant.end)} (nothing sleeps)`);
  await kit.settle();
  await kit.report(true);
  const gone = showClouds(kit, "alice", false);
  kit.expect("when the window ended alice's roles were gone from both clouds", grant.held && gone);
  const reverts = (await mergedPullNumbers(kit)).filter((n) => !before.includes(n));
  kit.expect(`the app merged a revert of PR #${grant.pr} (${ALICE_FILE} is gone from main)`, reverts.length > 0 && !(await onMain(kit, ALICE_FILE)));
}

/** Scene 4: dave's request is granted, then ended early with /revoke. */
export async function revokedEarly(kit: StoryKit): Promise<void> {
  const { github, clock } = kit.world;
  const t = kit.timeline;
  t.section("4. dave is done early and comments /revoke");
  clock.advance(40 * MINUTE);
  const content = requestFile("CHG-2210: migrate the payments ledger index, read access to verify", "CHG-2210", "3h");
  t.person("dave", `opens a pull request adding ${DAVE_FILE} (3h, same roles)`);
  const pr = await kit.act(() => github.as("dave").openPullRequest(ACCESS_REPO, { title: "Verify the ledger migration (CHG-2210)", files: { [DAVE_FILE]: content } }));
  clock.advance(10 * MINUTE);
  t.person("erin", `approves PR #${pr.number}`);
  await kit.act(() => github.as("erin").approve(ACCESS_REPO, pr.number, "CHG-2210 is scheduled, approved"));
  clock.advance(2 * MINUTE);
  const end = new Date(clock.now().getTime() + 3 * HOUR);
  t.person("dave", `merges PR #${pr.number}`);
  await kit.act(() => github.as("dave").merge(ACCESS_REPO, pr.number));
  await pimProvisions(kit);
  const held = kit.expect(`after the merge dave held both roles`, showClouds(kit, "dave", true, end));

  clock.advance(35 * MINUTE - DEFAULT_PROVISIONING_DELAY_MS);
  t.person("dave", `comments on PR #${pr.number}: "/revoke — migration verified, done"`);
  await kit.act(() => github.as("dave").comment(ACCESS_REPO, pr.number, "/revoke — migration verified, done"));
  const gone = showClouds(kit, "dave", false);
  t.note("what a revoke cannot end: GCP applies IAM changes in about 2–7 minutes, and Azure access tokens issued before the revoke stay valid for about 60–75 minutes");
  kit.expect(`after /revoke dave's roles were removed from both clouds at once, not at ${hhmm(end)}`, held && gone);
  kit.expect(`${DAVE_FILE} is gone from main (revert merged)`, !(await onMain(kit, DAVE_FILE)));
}

/** Azure PIM accepts a request at once but provisions it minutes later; the sandbox clock moves for it. */
async function pimProvisions(kit: StoryKit): Promise<void> {
  kit.timeline.jump(`Azure PIM accepted the request and provisions it in the background: the sandbox clock moves ${DEFAULT_PROVISIONING_DELAY_MS / MINUTE} minutes (Azure takes 5–15)`);
  kit.world.clock.advance(DEFAULT_PROVISIONING_DELAY_MS);
  await kit.settle();
}

async function checkConclusion(kit: StoryKit, pr: number, name: string, conclusion: string): Promise<boolean> {
  const octokit = kit.world.github.octokitFor("carol");
  const [owner = "", repo = ""] = ACCESS_REPO.split("/");
  const head = (await octokit.rest.pulls.get({ owner, repo, pull_number: pr })).data.head.sha;
  const runs = (await octokit.rest.checks.listForRef({ owner, repo, ref: head, check_name: name })).data.check_runs;
  return runs.some((r) => r.conclusion === conclusion);
}

async function mergedPullNumbers(kit: StoryKit): Promise<number[]> {
  const octokit = kit.world.github.octokitFor("carol");
  const [owner = "", repo = ""] = ACCESS_REPO.split("/");
  const pulls = await octokit.paginate(octokit.rest.pulls.list, { owner, repo, state: "closed", per_page: 100 });
  return pulls.filter((p) => p.merged_at !== null).map((p) => p.number);
}

async function onMain(kit: StoryKit, path: string): Promise<boolean> {
  const octokit = kit.world.github.octokitFor("carol");
  const [owner = "", repo = ""] = ACCESS_REPO.split("/");
  try {
    await octokit.rest.repos.getContent({ owner, repo, path, ref: "main" });
    return true;
  } catch {
    return false;
  }
}
