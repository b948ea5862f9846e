import { afterEach, describe, expect, it } from "vitest";
import { revertPaths } from "../../src/lifecycle/revert-text.js";
import type { World } from "./lifecycle-world.js";
import { ACCESS_REPO } from "../helpers/app-harness.js";
import { RG, owner, repo, startWorld } from "./lifecycle-world.js";

let w: World;
afterEach(async () => w.close());

const GCP_ROLES = ["roles/cloudsql.client", "roles/cloudsql.viewer", "roles/logging.viewer"];
const AZURE_ROLES = ["Reader", "Contributor"];
const SECOND = 1000;

/** 48 GCP requests (16 per role: GCP allows 20 conditional bindings per role and member) and 2 Azure ones, all 2 hours. */
function mondayRequests(): Array<{ path: string; content: string }> {
  const gcp = Array.from({ length: 48 }, (_, i) => ({
    path: `requests/gcp/prod/alice-inc-${4700 + i}.yaml`,
    content: [`reason: "INC-${4700 + i}: payments export failing, need the prod DB"`, `ticket: INC-${4700 + i}`, "duration: 2h", "grants:", "  - provider: gcp", "    scope: projects/payments-prod", `    role: ${GCP_ROLES[i % 3]}`, ""].join("\n"),
  }));
  const azure = AZURE_ROLES.map((role, i) => ({
    path: `requests/azure/alice-inc-${4800 + i}.yaml`,
    content: [`reason: "INC-${4800 + i}: payments storage logs needed"`, "duration: 2h", "grants:", "  - provider: azure", `    scope: ${RG}`, `    role: ${role}`, ""].join("\n"),
  }));
  return [...gcp, ...azure];
}

describe("a Monday 09:00: fifty requests from ten pull requests end in the same minute", () => {
  it("one revert pull request, one end line in the story of each original pull request, nothing held, within a bounded number of GitHub calls", async () => {
    w = await startWorld();
    // Opening, approving and merging ten pull requests within one minute makes the app write more than GitHub's
    // secondary limit allows (80 content writes a minute: the grants alone are about 8 each), so GitHub would refuse
    // part of it; the setup goes without the limit, and the end, which this story is about, is held to it.
    const { contentLimit } = w.h.github;
    const limits = contentLimit.limits;
    contentLimit.limits = undefined;
    // Ten pull requests of five requests each, merged five seconds apart: the ends spread over 10:00:00–10:00:45.
    const requests = mondayRequests();
    const prs: number[] = [];
    for (let i = 0; i < requests.length; i += 5) {
      const files = Object.fromEntries(requests.slice(i, i + 5).map((r) => [r.path, r.content]));
      prs.push((await w.h.github.as("alice").openPullRequest(ACCESS_REPO, { title: `Access ${i / 5}`, files })).number);
    }
    await w.settle();
    for (const pr of prs) await w.h.github.as("bob").approve(ACCESS_REPO, pr);
    await w.settle();
    for (const [i, pr] of prs.entries()) {
      w.h.clock.set(new Date(Date.parse("2026-11-24T08:00:00Z") + i * 5 * SECOND));
      await w.h.github.as("bob").merge(ACCESS_REPO, pr);
    }
    await w.settle();
    expect(w.gcpBindings()).toBe(48);

    contentLimit.limits = limits;
    const { faults } = w.h.github;
    faults.resetCounts();
    // Time passes second by second, as it does in production: each end fires its precise timer.
    for (let t = Date.parse("2026-11-24T09:59:59Z"); t <= Date.parse("2026-11-24T10:02:00Z"); t += SECOND) {
      w.h.clock.set(new Date(t));
      await w.settle();
    }

    expect([w.gcpBindings(), w.holdsAzure(), await w.mainFiles()]).toEqual([0, false, []]);
    const { data: pulls } = await w.h.github.octokitFor("bob").rest.pulls.list({ owner, repo, state: "all", per_page: 100 });
    const reverts = pulls.filter((p) => p.user?.login === "access-pr[bot]");
    expect(reverts.map((p) => [p.merged_at !== null, revertPaths(p.body).length])).toEqual([[true, 50]]);
    expect(faults.count("POST /repos/{owner}/{repo}/pulls")).toBe(1);
    for (const [i, pr] of prs.entries()) {
      const end = i === 0 ? "2026-11-24 10:00 UTC" : `2026-11-24 10:00:${String(i * 5).padStart(2, "0")} UTC`;
      expect((await w.storyOf(pr)).filter((l) => l.startsWith("⏹️"))).toEqual([`⏹️ Access ended at ${end}: the window is over and the grants are revoked. The request file is removed by #${reverts[0]?.number} (merged).`]);
    }

    expect(contentLimit.refused()).toBe(0);
    const calls = faults.count();
    process.stdout.write(`BENCH monday windows=50 github_api_calls=${calls} revert_prs=${faults.count("POST /repos/{owner}/{repo}/pulls")}\n${faults.table().slice(0, 12).map((r) => `  ${String(r.calls).padStart(4)} ${r.route}`).join("\n")}\n`);
    expect(calls).toBeLessThan(600);
  }, 300_000);
});
