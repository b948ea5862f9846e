/**
 * The end of the story: the audit trail from `git log`, what it cost in API
 * calls per service, and the outcomes the run promised, each checked.
 *
 * @example
 *   const allMet = await printEpilogue(kit, { cwd: process.cwd() });
 */
import type { RouteCount } from "../api-calls.js";
import { auditCommand, auditTrail } from "./audit-trail.js";
import { printAudit } from "./print-audit.js";
import { STORY_START } from "./sandbox-world.js";
import type { StoryKit } from "./story-kit.js";

const STORY_START_MS = new Date(STORY_START).getTime();

const ROUTES_SHOWN = 8;

function routeLines(rows: RouteCount[]): string[] {
  const shown = rows.slice(0, ROUTES_SHOWN).map((r) => `${String(r.calls).padStart(5)}  ${r.route}`);
  const rest = rows.slice(ROUTES_SHOWN).reduce((sum, r) => sum + r.calls, 0);
  if (rest > 0) shown.push(`${String(rest).padStart(5)}  (${rows.length - ROUTES_SHOWN} other routes)`);
  return shown;
}

function total(rows: RouteCount[]): number {
  return rows.reduce((sum, r) => sum + r.calls, 0);
}

/** Prints the epilogue; true when every outcome was met. */
export async function printEpilogue(kit: StoryKit, options: { cwd: string; startedAt: number }): Promise<boolean> {
  const t = kit.timeline;
  const { world } = kit;

  t.section("Audit trail: git log of main in acme/access");
  for (const line of await auditTrail(world.accessRepoPath)) t.note(line);
  t.plain();
  t.note("The repository stays on disk; read the whole trail with:");
  t.note(`  ${auditCommand(world.accessRepoPath, options.cwd)}`);

  await printAudit(kit);

  t.section("What it took: webhooks in, API calls out (by the app)");
  const github = world.appGitHubCalls.table();
  const gcp = world.gcp.faults.table();
  const azure = world.azure.faults.table();
  const deliveries = world.github.deliveries;
  const answered = deliveries.filter((d) => d.status !== null && d.status >= 200 && d.status < 300).length;
  t.note(`Webhooks ${deliveries.length} signed deliveries from GitHub, ${answered === deliveries.length ? "every one" : `${answered} of them`} answered 2xx`);
  t.note(`GitHub  ${total(github)} calls (an installation may make 5,000 an hour)`);
  for (const line of routeLines(github)) t.note(`  ${line}`);
  t.note(`GCP     ${total(gcp)} calls`);
  for (const line of routeLines(gcp)) t.note(`  ${line}`);
  t.note(`Azure   ${total(azure)} calls`);
  for (const line of routeLines(azure)) t.note(`  ${line}`);

  t.section("What this run showed");
  const storyMs = world.clock.now().getTime() - STORY_START_MS;
  const realSeconds = ((Date.now() - options.startedAt) / 1000).toFixed(1);
  t.note(`${Math.floor(storyMs / 3_600_000)}h${String(Math.floor((storyMs % 3_600_000) / 60_000)).padStart(2, "0")}m of sandbox time in ${realSeconds} s of real time.`);
  t.plain();
  for (const outcome of kit.outcomes) t.note(`${outcome.met ? t.style("green", "✓") : t.style("red", "✗")} ${outcome.what}`);
  const allMet = kit.outcomes.every((o) => o.met);
  t.plain();
  t.note(allMet ? "Every step happened for real: the app answered each one." : t.style("red", "Some steps did not happen as the story expects (marked ✗ above); the timeline shows what the app answered instead."));
  return allMet;
}
