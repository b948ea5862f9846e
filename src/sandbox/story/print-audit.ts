/**
 * The story's own audit, as an auditor would produce it: `access-pr audit`
 * against the embedded GitHub, reading the app's records (the grant check
 * runs, filtered by the app's id) and git history, never the comments.
 *
 * @example
 *   await printAudit(kit); // "Audit: access-pr audit --repo acme/access" and one row per grant
 */
import { buildAuditRows } from "../../audit/build-rows.js";
import { gatherAudit } from "../../audit/gather-audit.js";
import { isoSeconds } from "../../audit/iso-time.js";
import { openSession } from "../../cli/github-session.js";
import { ACCESS_REPO } from "./cast.js";
import type { StoryKit } from "./story-kit.js";

export async function printAudit(kit: StoryKit): Promise<void> {
  const t = kit.timeline;
  const { world } = kit;
  const [owner = "", repo = ""] = ACCESS_REPO.split("/");
  t.section(`Audit: access-pr audit --repo ${ACCESS_REPO} (the app's own records and git; --format csv for a spreadsheet)`);
  const { appId, privateKey } = world.github.app;
  const session = await openSession({ repo: { owner, repo }, apiUrl: world.github.url }, { APP_ID: String(appId), PRIVATE_KEY: privateKey });
  const facts = await gatherAudit(session.gh, { owner, repo }, session.app, world.clock.now());
  // Two lines per grant, so the section stays readable at 100 columns; the CLI prints the same rows as a table.
  for (const r of buildAuditRows(facts)) {
    t.note(`#${r.versionPr ?? "?"} ${r.requester ?? "?"} → ${r.principal ?? "?"}: ${r.provider ?? ""} ${r.role ?? "?"} on ${r.scope ?? "?"}`);
    const ended = r.endedAt ? `ended ${isoSeconds(r.endedAt)} (${[r.end, r.endedBy ? `by ${r.endedBy}` : "", r.revertPr === null ? "" : `revert #${r.revertPr}`].filter(Boolean).join(", ")})` : r.end;
    t.note(`   approved by ${r.approvers.join(", ") || "nobody"}; granted ${r.grantedAt ? isoSeconds(r.grantedAt) : "never"}, ${ended}`);
  }
  t.plain();
  t.note(`${session.calls()} GitHub API calls, for ${facts.records.length} recorded merges.`);
}
