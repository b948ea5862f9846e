// Cold restarts read the decision ledger instead of every request file's history, pull request and record, and
// fall back to that per-file derivation for whatever the ledger cannot vouch for: no ledger, another app's ledger,
// a changed file, a ledger on an older head (a file deleted and put back unchanged), an entry a replica lost.
// The world is the real app with both clouds; requests are seeded as the app leaves them (src/bench/seed-merged.ts).
import { afterEach, describe, expect, it } from "vitest";
import { REPO, requestFile, startBenchWorld } from "../../src/bench/bench-world.js";
import type { BenchWorld } from "../../src/bench/bench-world.js";
import { forgetAsIfRestarted } from "../../src/bench/restart-scenario.js";
import { seedActiveGcpRequests } from "../../src/bench/seed-merged.js";
import type { SeededRequest } from "../../src/bench/seed-merged.js";
import type { GitHubClient } from "../../src/github/client.js";
import { lifecycleOf } from "../../src/handlers/register-lifecycle.js";
import { LEDGER_CHECK, readLedger, writeLedger } from "../../src/lifecycle/ledger-check.js";
import { encodeLedger } from "../../src/lifecycle/ledger-codec.js";

const N = 10;
const SLOW = 600_000;
const [owner = "", repo = ""] = REPO.split("/");
const engineers = Array.from({ length: N }, (_, i) => `eng-${String(i + 1).padStart(4, "0")}`);

let world: BenchWorld | undefined;
afterEach(async () => {
  await world?.app.close();
  world = undefined;
});

async function seededWorld(): Promise<{ w: BenchWorld; seeded: SeededRequest[]; reconcile: () => Promise<number> }> {
  const w = await startBenchWorld({ engineers, write: () => undefined });
  world = w;
  const seeded = await seedActiveGcpRequests(w.app.github, w.app.gcp, { repo: REPO, engineers, approver: "bob", windowHours: 2 });
  const lifecycle = lifecycleOf(w.app.deps);
  if (!lifecycle) throw new Error("the embedded app has no lifecycle running");
  const reconcile = async () => {
    w.app.appGitHubCalls.reset();
    await lifecycle.trigger(REPO, "reconcile");
    await w.app.settle();
    return w.app.appGitHubCalls.rateLimited();
  };
  return { w, seeded, reconcile };
}

const holds = (w: BenchWorld, login: string) => w.app.gcp.holds("projects/payments-prod", `user:${login}@acme.example`, "roles/cloudsql.client");
const appClient = async (w: BenchWorld) => (await w.app.probot.auth(w.app.github.app.installationId)) as GitHubClient;

/** Pushes straight to main as a writer would, with the app not told (its webhooks off). */
async function pushWhileDown(w: BenchWorld, login: string, files: Record<string, string | null>, message: string): Promise<void> {
  const target = w.app.github.webhookUrl;
  w.app.github.webhookUrl = undefined;
  await w.app.github.as(login).commit(REPO, "main", files, message);
  await w.app.github.settled();
  w.app.github.webhookUrl = target;
}

describe("cold restarts read the decision ledger", () => {
  it(
    `with ${N} active requests: the first run derives each file and writes the ledger; a cold restart then costs at most 3 calls a request, and far fewer`,
    async () => {
      const { w, reconcile } = await seededWorld();
      forgetAsIfRestarted(w.app);
      const derived = await reconcile();
      const { ledgers } = await readLedger(await appClient(w), { owner, repo }, "main", w.app.github.app.appId);
      expect(ledgers[0]?.entries).toHaveLength(N);
      forgetAsIfRestarted(w.app);
      const fromLedger = await reconcile();
      process.stdout.write(`restart with ${N} requests: without a ledger ${derived} calls, with it ${fromLedger}\n`);
      expect(fromLedger).toBeLessThanOrEqual(3 * N);
      expect(fromLedger).toBeLessThan(derived / 2);
      expect(engineers.every((login) => holds(w, login))).toBe(true);
      // Nothing changed, so nothing was written.
      expect(w.app.appGitHubCalls.total("POST") + w.app.appGitHubCalls.total("PATCH")).toBe(0);
    },
    SLOW,
  );

  it(
    "a ledger another app wrote on the head grants nothing: a file pushed straight to main is reverted, nothing granted",
    async () => {
      const { w, seeded, reconcile } = await seededWorld();
      await reconcile();
      const [victim] = seeded;
      if (!victim) throw new Error("nothing seeded");
      // mallory pushes a request of her own straight to main, and another app forges a ledger entry backing it.
      const path = "requests/gcp/prod/mallory-inc-1.yaml";
      await pushWhileDown(w, "mallory", { [path]: requestFile("gcp", "INC-1") }, "my access");
      const { data: head } = await w.app.github.octokitFor("mallory").rest.git.getRef({ owner, repo, ref: "heads/main" });
      const { data: tree } = await w.app.github.octokitFor("mallory").rest.git.getTree({ owner, repo, tree_sha: head.object.sha, recursive: "1" });
      const blobSha = tree.tree.find((e) => e.path === path)?.sha ?? "";
      // The forged entry grants paula (who has an identity and a GCP account), so only the app-id filter stands in the way.
      const [grant] = victim.decision.grants;
      if (!grant) throw new Error("no grant seeded");
      const spec = { ...grant.spec, principal: "user:paula@acme.example", key: "forged-key", origin: { ...grant.spec.origin, requestPath: path, requester: "paula" } };
      const record = { ...victim.decision, path, blobSha, requester: "paula", grants: [{ ...grant, spec, principalName: "paula" }] };
      const forged = encodeLedger({ head: head.object.sha, entries: [{ record, mergeCommitSha: victim.pull.mergeSha, setBy: head.object.sha }] });
      const other = w.app.github.installAnotherApp("lookalike", 5150);
      for (const part of forged) {
        await other.rest.checks.create({ owner, repo, name: LEDGER_CHECK, head_sha: head.object.sha, external_id: `access-pr:${head.object.sha}:${LEDGER_CHECK} part ${part.index}`, status: "completed", conclusion: "neutral", output: { title: "t", summary: part.summary, text: part.text } });
      }
      forgetAsIfRestarted(w.app);
      await reconcile();
      expect(holds(w, "paula")).toBe(false);
      const { data: files } = await w.app.github.octokitFor("mallory").rest.git.getTree({ owner, repo, tree_sha: "main", recursive: "1" });
      expect(files.tree.map((e) => e.path)).not.toContain(path);
      expect(engineers.every((login) => holds(w, login))).toBe(true);
    },
    SLOW,
  );

  it(
    "an entry for a file whose content changed is ignored, and a file deleted and put back unchanged while the app was down is not served from the older ledger",
    async () => {
      const { w, seeded, reconcile } = await seededWorld();
      await reconcile();
      const [edited, readded] = seeded;
      if (!edited || !readded) throw new Error("nothing seeded");
      await pushWhileDown(w, edited.pull.author, { [edited.pull.path]: requestFile("gcp", "INC-9999").replace("duration: 2h", "duration: 4h") }, "longer");
      await pushWhileDown(w, "mallory", { [readded.pull.path]: null }, "remove");
      await pushWhileDown(w, "mallory", { [readded.pull.path]: requestFile("gcp", "INC-9001") }, "put back");
      forgetAsIfRestarted(w.app);
      const calls = await reconcile();
      // Neither version was merged from an approved pull request: both are revoked and reverted.
      expect([holds(w, edited.pull.author), holds(w, readded.pull.author)]).toEqual([false, false]);
      expect(seeded.slice(2).every((s) => holds(w, s.pull.author))).toBe(true);
      // The older ledger still served the eight untouched files: one history read each instead of three calls.
      expect(calls).toBeLessThanOrEqual(3 * N + 40);
    },
    SLOW,
  );

  it(
    "an entry lost between two replicas' writes falls back to the file's own record: every request stays granted",
    async () => {
      const { w, seeded, reconcile } = await seededWorld();
      await reconcile();
      const gh = await appClient(w);
      const read = await readLedger(gh, { owner, repo }, "main", w.app.github.app.appId);
      const ledger = read.ledgers[0];
      if (!ledger) throw new Error("no ledger written");
      // The last writer knew only half of the files.
      await writeLedger(gh, { owner, repo }, { head: ledger.head, entries: ledger.entries.slice(0, N / 2) }, read.runs);
      forgetAsIfRestarted(w.app);
      const calls = await reconcile();
      expect(seeded.every((s) => holds(w, s.pull.author))).toBe(true);
      // Half from the ledger, half derived at three calls each; then the ledger is written whole again.
      expect(calls).toBeGreaterThanOrEqual(3 * (N / 2));
      expect((await readLedger(gh, { owner, repo }, "main", w.app.github.app.appId)).ledgers[0]?.entries).toHaveLength(N);
    },
    SLOW,
  );
});
