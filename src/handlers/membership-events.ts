/**
 * `membership`, `team` and `organization` events: forget the team
 * memberships the process remembers, so a removal counts at the next
 * evaluation rather than when the short cache runs out.
 */
import type { Probot } from "probot";
import type { MembershipCache } from "../github/read-memo.js";

/**
 * @example
 *   registerMembershipEvents(app, memberships);
 */
export function registerMembershipEvents(app: Probot, memberships: MembershipCache): void {
  app.on(["membership", "team", "organization"], async (context) => {
    const payload = context.payload as { organization?: { login?: string }; team?: { slug?: string } };
    const org = payload.organization?.login;
    // An org-level change (a member removed from the org) touches every team of it.
    const team = context.name === "organization" ? undefined : payload.team?.slug;
    memberships.drop(org, org === undefined ? undefined : team);
    context.log.info({ event: context.name, action: (context.payload as { action?: string }).action, org: org ?? null, team: team ?? null }, "team memberships changed: cached answers dropped");
  });
}
