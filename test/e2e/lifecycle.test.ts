import { afterEach, describe, expect, it } from "vitest";
import type { World } from "./lifecycle-world.js";
import { AZURE_PATH, GCP_PATH, HOUR, azureRequest, gcpRequest, owner, repo, startWorld } from "./lifecycle-world.js";

let w: World;
afterEach(async () => w.close());

describe("the whole lifecycle against the emulators, with a jumping clock", () => {
  it("grants on merge, revokes in both clouds when the window ends, reverts, and tells the story", async () => {
    w = await startWorld();
    const { h } = w;
    h.github.faults.resetCounts();
    const started = performance.now();

    const { number, mergeSha } = await w.requestAndMerge({ [GCP_PATH]: gcpRequest(), [AZURE_PATH]: azureRequest() });
    expect([w.holdsGcp(), w.holdsAzure()]).toEqual([true, true]);
    expect(await h.checkRun(mergeSha, "access-pr / grant")).toMatchObject({ conclusion: "success", output: { title: "Granted until 2026-11-24 10:00 UTC" } });

    const plan = async () => (await h.comments(number)).find((c) => c.body.startsWith("<!-- access-pr:plan -->"))?.body ?? "";
    expect((await plan()).split("\n")).toEqual([
      "<!-- access-pr:plan -->",
      "### access-pr plan",
      "",
      "**Granted.** The access below is held now; access-pr revokes it at the end shown.",
      "",
      "### Access lifecycle",
      "",
      "<!-- entry:granted-49b320e37d05 -->✅ Granted until 2026-11-24 10:00 UTC (in 2 hours): azure `Reader` on `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/payments` for `00000000-0000-0000-0000-0000000000a1`.",
      "<!-- entry:granted-e34e48dcf093 -->✅ Granted until 2026-11-24 10:00 UTC (in 2 hours): gcp `roles/cloudsql.client` on `projects/payments-prod` for `user:alice@acme.example`.",
      "",
      `<!-- outcome:granted ${encodeURIComponent(AZURE_PATH)} -->`,
      `#### \`${AZURE_PATH}\` (granted)`,
      "",
      "✅ Granted at 2026-11-24 08:00 UTC, until **2026-11-24 10:00 UTC (in 2 hours)**. access-pr revokes it then by itself; `/revoke` here ends it earlier.",
      "",
      "| Principal | Role | Scope | Starts | Ends | In the cloud |",
      "|---|---|---|---|---|---|",
      "| `00000000-0000-0000-0000-0000000000a1` | `Reader` | `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/payments` | 2026-11-24 08:00 UTC | 2026-11-24 10:00 UTC (in 2 hours) | PIM schedule (AdminAssign) from 2026-11-24 08:00 UTC to 2026-11-24 10:00 UTC, ended by Azure |",
      "",
      "Approved by @bob.",
      "",
      `<!-- outcome:granted ${encodeURIComponent(GCP_PATH)} -->`,
      `#### \`${GCP_PATH}\` (granted)`,
      "",
      "✅ Granted at 2026-11-24 08:00 UTC, until **2026-11-24 10:00 UTC (in 2 hours)**. access-pr revokes it then by itself; `/revoke` here ends it earlier.",
      "",
      "| Principal | Role | Scope | Starts | Ends | In the cloud |",
      "|---|---|---|---|---|---|",
      '| `user:alice@acme.example` | `roles/cloudsql.client` | `projects/payments-prod` | 2026-11-24 08:00 UTC | 2026-11-24 10:00 UTC (in 2 hours) | IAM condition `request.time < timestamp("2026-11-24T10:00:00Z")` |',
      "",
      "Approved by @bob.",
      "",
      "<!-- outcome-end -->",
      "<sub>Merged: this comment now shows what the merge did, not a plan, and above it every event since.</sub>",
    ]);

    // The approval's webhook delivered again after the merge must not turn the outcome back into a plan.
    const granted = await plan();
    const review = h.github.deliveries.find((d) => d.event === "pull_request_review");
    await h.github.redeliver(review?.guid ?? "");
    await w.settle();
    expect(await plan()).toBe(granted);

    h.clock.advance(HOUR);
    await w.settle();
    expect([w.holdsGcp(), w.holdsAzure()]).toEqual([true, true]);

    h.clock.advance(HOUR);
    await w.settle();
    expect([w.holdsGcp(), w.holdsAzure(), w.gcpBindings()]).toEqual([false, false, 0]);
    expect(await w.mainFiles()).toEqual([]);
    const { data: pulls } = await h.github.octokitFor("bob").rest.pulls.list({ owner, repo, state: "all" });
    const reverts = pulls.filter((p) => p.labels.some((l) => l.name === "access-pr:expired"));
    expect(reverts.map((p) => [p.title, p.merged_at !== null])).toEqual([["Revert 2 ended access requests", true]]);
    const revert = reverts[0]?.number;

    expect(w.gitLog()).toEqual([
      `Merge pull request #${revert} from acme/access-pr/expire/${reverts[0]?.head.ref.split("/")[2]}`,
      "Revert 2 ended access requests",
      `Merge pull request #${number} from acme/alice/read-prod-db-for-inc-4711`,
      "Read prod DB for INC-4711",
      "Initial commit",
    ]);
    const ended = await plan();
    expect(ended).toContain("**Ended.** The access this pull request granted is over and revoked.");
    expect(ended).not.toContain("Granted at");
    expect(ended.split("\n").filter((l) => l.startsWith("⏹️"))).toEqual([
      `⏹️ Access ended at 2026-11-24 10:00 UTC: the window is over and the grants are revoked. The request file is removed by #${revert} (merged).`,
      `⏹️ Access ended at 2026-11-24 10:00 UTC: the window is over and the grants are revoked. The request file is removed by #${revert} (merged).`,
    ]);
    expect(await w.storyOf(number)).toEqual([
      "✅ Granted until 2026-11-24 10:00 UTC (in 2 hours): azure `Reader` on `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/payments` for `00000000-0000-0000-0000-0000000000a1`.",
      "✅ Granted until 2026-11-24 10:00 UTC (in 2 hours): gcp `roles/cloudsql.client` on `projects/payments-prod` for `user:alice@acme.example`.",
      `⏹️ Access ended at 2026-11-24 10:00 UTC: the window is over and the grants are revoked. The request file is removed by #${revert} (merged).`,
    ]);

    const calls = h.github.faults.count();
    const ms = Math.round(performance.now() - started);
    process.stdout.write(`BENCH lifecycle github_api_calls=${calls} wall_ms=${ms}\n${h.github.faults.table().map((r) => `  ${String(r.calls).padStart(4)} ${r.route}`).join("\n")}\n`);
    expect(calls).toBeLessThan(400);
  });
});
