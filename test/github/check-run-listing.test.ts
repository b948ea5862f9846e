/**
 * The app's checks of one sha are looked up in one listing, the same one it
 * re-reads after a create: the next event's lookup is answered 304 Not
 * Modified (free) while nothing changed, and a run another replica created
 * meanwhile changes the listing, so it is found and written to.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { checkRunExternalId } from "../../src/github/check-run-duplicates.js";
import { upsertCheckRuns } from "../../src/github/check-run.js";
import type { CheckRunInput } from "../../src/github/check-run.js";
import type { GitHubClient } from "../../src/github/client.js";
import { ConditionalCache, withReadMemo } from "../../src/github/read-memo.js";
import { GitHubEmulator } from "../../src/sandbox/github/index.js";
import { installationClient } from "../lifecycle/github-client.js";

const ref = { owner: "acme", repo: "access" };
const check = (name: string, headSha: string, title: string): CheckRunInput & { appId: number } => ({ name, headSha, status: "completed", conclusion: "success", title, summary: title, appId: 4242 });

describe("one listing of the app's runs on a sha, before the writes and after the creates", () => {
  let gh: GitHubEmulator;
  let sha = "";
  const conditional = new ConditionalCache();
  /** A client of a new event: its own memo, the process's ETags; counts what GitHub answered, and how many of those were 304. */
  const eventClient = async () => {
    const probe = await installationClient(gh);
    const seen = { served: 0, notModified: 0 };
    probe.hook.before("request", () => void (seen.served += 1));
    probe.hook.error("request", (error) => {
      if ((error as { status?: number }).status === 304) seen.notModified += 1;
      throw error;
    });
    const client: GitHubClient = withReadMemo(probe, { conditional });
    await client.rest.repos.get(ref); // the installation token is asked for outside what is counted
    Object.assign(seen, { served: 0, notModified: 0 });
    return { client, seen };
  };
  const same = (run: { output: { title: string | null } }, input: CheckRunInput) => run.output.title === input.title;
  const runs = async () => (await gh.octokitFor("alice").rest.checks.listForRef({ ...ref, ref: sha, filter: "all" })).data.check_runs.map((r) => ({ id: r.id, name: r.name, title: r.output.title }));

  beforeAll(async () => {
    gh = await GitHubEmulator.start({ clock: new ManualClock("2026-11-24T10:00:00Z") });
    gh.createUser("alice");
    await gh.createRepo("acme/access", { files: { "README.md": "# access\n" }, collaborators: { alice: "write" } });
    sha = (await gh.as("alice").openPullRequest("acme/access", { title: "Access", files: { "requests/x.yaml": "reason: x\n" } })).headSha;
  });
  afterAll(async () => gh.close());

  it("creates two checks with one listing before and one after, and the next event's unchanged lookup is free", async () => {
    const first = await eventClient();
    await upsertCheckRuns(first.client, ref, [check("v", sha, "valid"), check("a", sha, "pending")], same);
    expect(first.seen.served).toBe(4);
    expect((await runs()).map((r) => r.name).sort()).toEqual(["a", "v"]);

    const next = await eventClient();
    await upsertCheckRuns(next.client, ref, [check("v", sha, "valid"), check("a", sha, "pending")], same);
    expect(next.seen).toEqual({ served: 1, notModified: 1 });
  });

  it("finds a run another replica created since, and writes the new result into the newest run of that name", async () => {
    // Another replica's run of the same check, created after this process last listed.
    const other = await installationClient(gh);
    const { data: duplicate } = await other.rest.checks.create({ ...ref, name: "a", head_sha: sha, external_id: checkRunExternalId("a", sha), status: "completed", conclusion: "success", output: { title: "pending", summary: "pending" } });
    const next = await eventClient();
    await upsertCheckRuns(next.client, ref, [check("v", sha, "valid"), check("a", sha, "approved")], same);
    expect(next.seen.notModified).toBe(0);
    expect((await runs()).find((r) => r.id === duplicate.id)?.title).toBe("approved");
  });

  it("without the read-back, creating checks on a new sha costs one listing and the creates only", async () => {
    const fresh = await gh.as("alice").openPullRequest("acme/access", { title: "Revert", files: { "requests/y.yaml": "reason: y\n" } });
    const first = await eventClient();
    await upsertCheckRuns(first.client, ref, [check("v", fresh.headSha, "revert"), check("a", fresh.headSha, "no approval needed")], same, { readBack: false });
    expect(first.seen).toEqual({ served: 3, notModified: 0 });
    const { data } = await gh.octokitFor("alice").rest.checks.listForRef({ ...ref, ref: fresh.headSha, filter: "all" });
    expect(data.check_runs.map((r) => `${r.name}: ${r.output.title}`).sort()).toEqual(["a: no approval needed", "v: revert"]);
  });
});
