// A pull request carrying many request files costs GitHub calls in proportion to its files: merged while the
// app was down (no record, no ledger), the restart judges it from one evaluation and reads each file a bounded
// number of times, so 20 files cost about four times what 5 do, never the square.
import { describe, expect, it } from "vitest";
import { REPO, startBenchWorld } from "../../src/bench/bench-world.js";
import { whileDown } from "../../src/bench/restart-scenario.js";

const SLOW = 600_000;
const ENGINEER = "eng-0001";

function requestOf(i: number): string {
  // Two roles in turn, so no member holds more than ten bindings of one role (IAM allows 20 conditional ones).
  const role = i % 2 === 0 ? "roles/cloudsql.client" : "roles/cloudsql.viewer";
  return [`reason: "INC-${6000 + i}: payments export failing"`, `ticket: INC-${6000 + i}`, "duration: 2h", "grants:", "  - provider: gcp", "    scope: projects/payments-prod", `    role: ${role}`, ""].join("\n");
}

/** One pull request with `files` request files, merged while the app is down; the calls of the restart's run. */
async function restartAfterMerge(files: number): Promise<{ calls: number; granted: number }> {
  const { app } = await startBenchWorld({ engineers: [ENGINEER], write: () => undefined });
  try {
    const lifecycle = await whileDown(app, async () => {
      const edits = Object.fromEntries(Array.from({ length: files }, (_, i) => [`requests/gcp/prod/${ENGINEER}-inc-${6000 + i}.yaml`, requestOf(i)]));
      const pr = await app.github.as(ENGINEER).openPullRequest(REPO, { title: `${files} requests`, files: edits });
      await app.github.as("bob").approve(REPO, pr.number);
      await app.github.as("bob").merge(REPO, pr.number);
    });
    app.appGitHubCalls.reset();
    await lifecycle.trigger(REPO, "reconcile");
    await app.settle();
    const policy = app.gcp.getPolicy("projects/payments-prod");
    const granted = policy.bindings.filter((b) => b.members.includes(`user:${ENGINEER}@acme.example`)).length;
    return { calls: app.appGitHubCalls.rateLimited(), granted };
  } finally {
    await app.close();
  }
}

describe("a pull request's size and the restart's GitHub calls", () => {
  it(
    "20 request files in one merged pull request cost at most about four times what 5 do",
    async () => {
      const five = await restartAfterMerge(5);
      const twenty = await restartAfterMerge(20);
      process.stdout.write(`one pull request merged while down: 5 files ${five.calls} calls, 20 files ${twenty.calls} calls, ratio ${(twenty.calls / five.calls).toFixed(2)}\n`);
      expect([five.granted, twenty.granted]).toEqual([5, 20]);
      // Linear: each further file adds the same bounded cost; fixed reads make the ratio fall below four.
      expect(twenty.calls / five.calls).toBeLessThanOrEqual(4);
      const perFile = (twenty.calls - five.calls) / 15;
      expect(perFile).toBeLessThanOrEqual(five.calls / 5);
    },
    SLOW,
  );
});
