import { afterEach, describe, expect, it } from "vitest";
import { grantKey } from "../../src/core/grant-key.js";
import { ACCESS_REPO } from "../helpers/app-harness.js";
import type { World } from "./lifecycle-world.js";
import { ALICE_GCP, ALICE_OID, AZURE_PATH, RG, GCP_PATH, HOUR, azureRequest, gcpRequest, owner, repo, startWorld } from "./lifecycle-world.js";

/** What a reader sees: the invisible word joiners that keep GitHub from linking `#1` or a sha-like run are not there for people. */
const visible = (text: string): string => text.replaceAll("\u2060", "");

let w: World;
afterEach(async () => w.close());

async function pulls(world: World) {
  const { data } = await world.h.github.octokitFor("bob").rest.pulls.list({ owner, repo, state: "all", per_page: 100 });
  return data.map((p) => ({ number: p.number, title: p.title, merged: p.merged_at !== null, state: p.state, labels: p.labels.map((l) => l.name) }));
}

describe("lifecycle cases", () => {
  it("an admin-bypass merge grants nothing and is reverted at once", async () => {
    w = await startWorld();
    const { number } = await w.requestAndMerge({ [GCP_PATH]: gcpRequest() }, { approve: false, merger: "carol" });
    expect(w.holdsGcp()).toBe(false);
    expect(w.gcpBindings()).toBe(0);
    expect(await w.mainFiles()).toEqual([]);
    expect((await pulls(w)).find((p) => p.number !== number)).toMatchObject({ title: `Revert ungranted request: ${GCP_PATH}`, merged: true, labels: ["access-pr:unapproved"] });
    const plan = visible((await w.h.comments(number)).find((c) => c.body.startsWith("<!-- access-pr:plan -->"))?.body ?? "");
    expect(plan).toContain("**Merged, but nothing was granted.** See why below; access-pr removes the request file again.");
    expect(plan).toContain(`#### \`${GCP_PATH}\` (not granted)\n\n⛔ Nothing was granted: pull request #${number}: it was merged without valid approval`);
    expect(plan).not.toContain("Merging");
    const [story] = (await w.storyOf(number)).map(visible);
    expect(story).toMatch(new RegExp(`^⛔ Nothing was granted: pull request #${number}: it was merged without valid approval \\(Waiting for approval: .*\\)\\. The request file is removed by #${number + 1} \\(merged\\)\\.$`));
  });

  it("a request file pushed straight to main, with no pull request, grants nothing and is reverted", async () => {
    w = await startWorld();
    await w.h.github.as("carol").commit(ACCESS_REPO, "main", { [GCP_PATH]: gcpRequest() }, "Quick access, no PR");
    await w.settle();
    expect([w.holdsGcp(), w.gcpBindings()]).toEqual([false, 0]);
    expect(await w.mainFiles()).toEqual([]);
    expect(await pulls(w)).toMatchObject([{ title: `Revert ungranted request: ${GCP_PATH}`, merged: true, labels: ["access-pr:unapproved"] }]);
  });

  it("merging a PR that deletes the request ends the access at once", async () => {
    w = await startWorld();
    const { number } = await w.requestAndMerge({ [GCP_PATH]: gcpRequest() });
    expect(w.holdsGcp()).toBe(true);
    w.h.clock.advance(HOUR / 2);
    const ended = await w.requestAndMerge({ [GCP_PATH]: null }, { title: "Done with INC-4711" });
    expect([w.holdsGcp(), w.gcpBindings()]).toEqual([false, 0]);
    expect((await w.storyOf(number)).at(-1)).toBe(`⏹️ Access ended early at 2026-11-24 08:30 UTC: the request file was removed by #${ended.number}. The grants are revoked. `);
    const plan = (await w.h.comments(number)).find((c) => c.body.startsWith("<!-- access-pr:plan -->"))?.body ?? "";
    expect(plan).toContain("**Ended.** The access this pull request granted is over and revoked.\n\n### Access lifecycle\n");
    expect(plan).toContain(`\n\n<!-- outcome:ended ${encodeURIComponent(GCP_PATH)} -->\n#### \`${GCP_PATH}\` (ended)\n\n⏹️ Access ended early at 2026-11-24 08:30 UTC: the request file was removed by #${ended.number}. The grants are revoked.\n\nApproved by @bob.\n\n<!-- outcome-end -->`);
  });

  it("a merged PR that ends one request and asks for another: the new one is granted, and the ended one's PR is told from the files the run that judged the merge read", async () => {
    w = await startWorld();
    const { number } = await w.requestAndMerge({ [GCP_PATH]: gcpRequest() });
    w.h.clock.advance(HOUR / 2);
    w.h.appGitHubCalls.reset();
    const swapped = await w.requestAndMerge({ [GCP_PATH]: null, [AZURE_PATH]: azureRequest() }, { title: "Azure logs instead" });
    expect([w.holdsGcp(), w.gcpBindings(), w.holdsAzure(), await w.mainFiles()]).toEqual([false, 0, true, [AZURE_PATH]]);
    expect((await w.storyOf(number)).at(-1)).toBe(`⏹️ Access ended early at 2026-11-24 08:30 UTC: the request file was removed by #${swapped.number}. The grants are revoked. `);
    expect((await w.storyOf(swapped.number)).at(-1)).toMatch(/^✅ Granted until 2026-11-24 10:30 UTC \(in 2 hours\): azure `Reader`/);
    // The run that judged the merge read its files; the closed handler does not list them again.
    expect(w.h.appGitHubCalls.table().filter((row) => row.route.endsWith(`/pulls/${swapped.number}/files`))).toEqual([]);
  });

  it("/revoke: refused politely for a bystander, done at once for the requester, and a redelivery changes nothing", async () => {
    w = await startWorld();
    const { number } = await w.requestAndMerge({ [GCP_PATH]: gcpRequest() });
    await w.h.github.as("erin").comment(ACCESS_REPO, number, "/revoke");
    await w.settle();
    expect(w.holdsGcp()).toBe(true);
    expect((await w.h.comments(number)).at(-1)?.body).toContain(
      "@erin, only the requester (@alice), an approver whose approval counted (@bob) or a code owner of the request file can end this access with `/revoke`. Nothing was changed.",
    );
    w.h.clock.advance(10 * 60_000);
    await w.h.github.as("alice").comment(ACCESS_REPO, number, "/revoke");
    await w.settle();
    expect([w.holdsGcp(), w.gcpBindings()]).toEqual([false, 0]);
    expect(await w.mainFiles()).toEqual([]);
    expect((await pulls(w)).find((p) => p.number === number + 1)).toMatchObject({ title: `Revert revoked access: ${GCP_PATH}`, merged: true, labels: ["access-pr:revoked"] });
    expect((await w.storyOf(number)).at(-1)).toBe(`⏹️ Access ended early at 2026-11-24 08:10 UTC: @alice (the requester) used /revoke. The grants are revoked. The request file is removed by #${number + 1} (merged).`);
    const before = [(await pulls(w)).length, (await w.h.comments(number)).length];
    const revokeDelivery = w.h.github.deliveries.filter((d) => d.event === "issue_comment").at(-1);
    await w.h.github.redeliver(revokeDelivery?.guid ?? "");
    await w.settle();
    expect([(await pulls(w)).length, (await w.h.comments(number)).length]).toEqual(before);
  });

  it("an approved extension moves the end; the grant lasts until the new end and not a sweep longer", async () => {
    w = await startWorld();
    const { number } = await w.requestAndMerge({ [GCP_PATH]: gcpRequest(), [AZURE_PATH]: azureRequest() });
    w.h.clock.advance(HOUR);
    await w.requestAndMerge({ [GCP_PATH]: gcpRequest([], "4h"), [AZURE_PATH]: azureRequest([], "4h") }, { title: "Extend INC-4711" });
    w.h.clock.set("2026-11-24T11:59:00Z");
    await w.settle();
    expect([w.holdsGcp(), w.holdsAzure()]).toEqual([true, true]);
    w.h.clock.set("2026-11-24T12:00:00Z");
    await w.settle();
    expect([w.holdsGcp(), w.holdsAzure(), w.gcpBindings()]).toEqual([false, false, 0]);
    expect((await w.storyOf(number)).at(-1)).toMatch(/^⏹️ Access ended at 2026-11-24 12:00 UTC/);
  });

  it("a start in the future: granted at merge with the start built in, usable from the start, gone at the end", async () => {
    w = await startWorld();
    await w.requestAndMerge({ [GCP_PATH]: gcpRequest(["start: 2026-11-24T12:00:00Z"]) });
    expect([w.gcpBindings(), w.holdsGcp()]).toEqual([1, false]);
    w.h.clock.set("2026-11-24T12:30:00Z");
    await w.settle();
    expect(w.holdsGcp()).toBe(true);
    w.h.clock.set("2026-11-24T14:00:00Z");
    await w.settle();
    expect([w.holdsGcp(), w.gcpBindings()]).toEqual([false, 0]);
  });

  it("drift: a grant of the app's that nothing on main backs is revoked at the next reconcile", async () => {
    w = await startWorld();
    await w.requestAndMerge({ "README.md": "# access\nchanged\n" }, { title: "Docs" });
    const gcp = w.deps.providers.get("gcp");
    const target = { provider: "gcp" as const, scope: "projects/payments-prod", role: "roles/cloudsql.client", principal: ALICE_GCP };
    await gcp?.grant({ ...target, key: grantKey(ACCESS_REPO, "requests/gcp/prod/gone.yaml", target), window: { start: w.h.clock.now(), end: new Date(w.h.clock.now().getTime() + 4 * HOUR) }, origin: { repo: ACCESS_REPO, requestPath: "requests/gcp/prod/gone.yaml", requester: "alice", approvers: [], reason: "left behind" } });
    expect(w.holdsGcp()).toBe(true);
    w.h.clock.advance(10 * 60_000);
    await w.settle();
    expect([w.holdsGcp(), w.gcpBindings()]).toEqual([false, 0]);
    expect(w.h.logs.some((l) => l.msg === "revoked a grant nothing on the default branch backs")).toBe(true);
  });

  it("a failing cloud call grants nothing of the request (all or nothing) and says which grant failed", async () => {
    w = await startWorld();
    w.h.azure?.seedAssignment({ scope: RG, principalId: ALICE_OID, roleName: "Contributor", description: "standing access, set up by hand" });
    const twoRoles = azureRequest().replace("    role: Reader\n", `    role: Reader\n  - provider: azure\n    scope: ${RG}\n    role: Contributor\n`);
    const { number, mergeSha } = await w.requestAndMerge({ [AZURE_PATH]: twoRoles });
    expect(w.holdsAzure()).toBe(false);
    expect((await w.deps.providers.get("azure")?.list(RG))?.map((g) => g.role)).toEqual([]);
    const standing = w.h.azure?.roleAssignments()[0]?.name ?? "";
    expect((await w.storyOf(number)).map(visible)).toEqual([
      `❌ Nothing was granted: grant 2 (azure \`Contributor\` on \`${RG}\` for \`${ALICE_OID}\`) failed: azure grant: ${ALICE_OID} already holds Contributor on ${RG} through role assignment ${standing} that access-pr did not make; Azure keeps one assignment per principal, role and scope, so access-pr left it untouched and granted nothing for this request. Remove that standing assignment (Access control (IAM) \\> Role assignments, or PIM \\> Azure resources \\> Assignments) if access should be just-in-time. Grants already applied for this request were revoked (all or nothing); access-pr tries again at the next reconcile.`,
    ]);
    expect(await w.h.checkRun(mergeSha, "access-pr / grant")).toMatchObject({ conclusion: "failure", output: { title: "Nothing was granted" } });
    const plan = (await w.h.comments(number)).find((c) => c.body.startsWith("<!-- access-pr:plan -->"))?.body ?? "";
    expect(plan).toContain("**Not granted:** a cloud call failed, so nothing of that request is held; access-pr tries again at the next reconcile.");
    expect(plan).toContain(`#### \`${AZURE_PATH}\` (not granted: a grant failed)\n\n❌ Nothing was granted: grant 2`);
  });
});
