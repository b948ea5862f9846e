/**
 * Two replicas of the app behind one webhook URL: GitHub's deliveries, some
 * sent twice, shuffled and overlapping, land on either replica. Comments
 * stay one per kind (the oldest wins and the loser merges into it), grants
 * happen once, one revert ends the access. Check runs cannot be deleted and
 * GitHub offers no "create unless exists", so two replicas creating a head's
 * first run at the same moment can leave two; they must then say the same.
 */
import { afterEach, describe, expect, it } from "vitest";
import { trackHandling } from "../../src/sandbox/embedded-app.js";
import { revertPaths } from "../../src/lifecycle/revert-text.js";
import { ACCESS_REPO } from "../helpers/app-harness.js";
import type { LoadBalancer } from "./load-balancer.js";
import { startLoadBalancer } from "./load-balancer.js";
import type { World } from "./lifecycle-world.js";
import { AZURE_PATH, GCP_PATH, RG, azureRequest, gcpRequest, owner, repo, startWorld } from "./lifecycle-world.js";
import type { Replica } from "./second-replica.js";
import { startSecondReplica } from "./second-replica.js";

let w: World;
let b: Replica;
let lb: LoadBalancer;
afterEach(async () => {
  await lb.close();
  await b.close();
  await w.close();
});

async function settleBoth(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await w.settle();
    await b.lifecycle().scheduler.idle();
  }
  await w.settle();
}

/** The app's check runs per name and sha, each with what it says; every run of one name on one sha must say the same. */
async function checkRuns(shas: string[]): Promise<Map<string, string[]>> {
  const runs = new Map<string, string[]>();
  for (const sha of shas) {
    const { data } = await w.h.github.octokitFor("bob").rest.checks.listForRef({ owner, repo, ref: sha, filter: "all", per_page: 100 });
    for (const run of data.check_runs.filter((r) => r.app?.slug === "access-pr")) {
      const key = `${run.name} @${sha.slice(0, 7)}`;
      runs.set(key, [...(runs.get(key) ?? []), `${run.status}/${run.conclusion}: ${run.output.title}`]);
    }
  }
  return runs;
}

async function appCommentKinds(pr: number): Promise<string[]> {
  return (await w.h.comments(pr)).filter((c) => c.user === "access-pr[bot]").map((c) => c.body.split("\n", 1)[0] ?? "").sort();
}

describe("two replicas behind one webhook URL, with overlapping, duplicated, unordered deliveries", () => {
  it("one plan comment telling the story, checks that agree, grants once, and one revert after /revoke", { timeout: 300_000 }, async () => {
    w = await startWorld();
    b = await startSecondReplica(w.h);
    trackHandling(b.probot, w.h.github);
    lb = await startLoadBalancer([w.h.webhookUrl, b.webhookUrl], w.h.github.delivery.seed);
    w.h.github.webhookUrl = lb.url;
    w.h.github.delivery.duplicateRate = 0.5;
    await settleBoth();

    const alice = w.h.github.as("alice");
    const pr = await alice.openPullRequest(ACCESS_REPO, { title: "Read prod DB for INC-4711", files: { [GCP_PATH]: gcpRequest() } });
    const head = await alice.pushToPull(ACCESS_REPO, pr.number, { [AZURE_PATH]: azureRequest() }, "Add the storage logs");
    await w.h.github.as("bob").approve(ACCESS_REPO, pr.number);
    await settleBoth();
    const open = await checkRuns([pr.headSha, head]);
    for (const [key, says] of open) expect(new Set(says).size, `${key}: ${says.join(" | ")}`).toBe(1);
    expect((await w.h.checkRun(head, "access-pr / approval"))?.conclusion).toBe("success");
    expect(await appCommentKinds(pr.number)).toEqual(["<!-- access-pr:plan -->"]);

    await w.h.github.as("bob").merge(ACCESS_REPO, pr.number);
    await settleBoth();
    expect([w.gcpBindings(), (await w.deps.providers.get("azure")?.list(RG))?.length, w.holdsGcp(), w.holdsAzure()]).toEqual([1, 1, true, true]);
    expect((await w.storyOf(pr.number)).filter((l) => l.startsWith("✅"))).toHaveLength(2);

    w.h.clock.advance(10 * 60_000);
    await settleBoth();
    await alice.comment(ACCESS_REPO, pr.number, "/revoke");
    await settleBoth();
    expect([w.gcpBindings(), (await w.deps.providers.get("azure")?.list(RG))?.length, w.holdsGcp(), w.holdsAzure()]).toEqual([0, 0, false, false]);
    expect(await w.mainFiles()).toEqual([]);
    const { data: pulls } = await w.h.github.octokitFor("bob").rest.pulls.list({ owner, repo, state: "all", per_page: 100 });
    const reverts = pulls.filter((p) => p.user?.login === "access-pr[bot]");
    expect(reverts.map((p) => [p.merged_at !== null, revertPaths(p.body).sort()])).toEqual([[true, [AZURE_PATH, GCP_PATH]]]);
    expect((await w.storyOf(pr.number)).filter((l) => l.startsWith("⏹️"))).toHaveLength(1);
    expect(await appCommentKinds(pr.number)).toEqual(["<!-- access-pr:plan -->"]);
    // Both replicas handled some of it.
    expect(lb.counts.every((n) => n > 0), JSON.stringify(lb.counts)).toBe(true);
    expect([...w.h.logs, ...b.logs].filter((l) => l.level >= 50).map((l) => l.msg)).toEqual([]);
  });
});
