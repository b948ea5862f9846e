import type { components } from "@octokit/openapi-types";
import type { GitHubRouter } from "./call.js";
import type { Hub } from "./hub.js";
import { notFound, page } from "./http-kit.js";
import type { Team } from "./model.js";
import { simpleUser } from "./shapes-common.js";

type Schemas = components["schemas"];

/** The team and every team nested below it (children, their children, ...). */
function withDescendants(hub: Hub, team: Team): Team[] {
  const found = [team];
  for (let i = 0; i < found.length; i++) {
    const parent = found[i];
    for (const other of hub.teams.values()) {
      if (other.org.toLowerCase() === parent?.org.toLowerCase() && other.parent?.toLowerCase() === parent.slug.toLowerCase() && !found.includes(other)) found.push(other);
    }
  }
  return found;
}

/**
 * A user's membership of a team, child teams included ("Team members will include the members
 * of child teams", teams/get-membership-for-user-in-org): active when any membership is active.
 */
function membershipState(hub: Hub, team: Team, login: string): "active" | "pending" | undefined {
  const states = withDescendants(hub, team).map((t) => t.members.get(login));
  return states.includes("active") ? "active" : states.includes("pending") ? "pending" : undefined;
}

export function orgRoutes(router: GitHubRouter): void {
  router.on("GET /orgs/{org}/teams/{team_slug}/memberships/{username}", async ({ hub, actor, params }) => {
    hub.actorLogin(actor);
    const team = hub.team(params.org ?? "", params.team_slug ?? "");
    const state = membershipState(hub, team, params.username ?? "");
    if (!state) throw notFound();
    const body: Schemas["team-membership"] = {
      url: `${hub.url}/organizations/${team.org}/team/${team.id}/memberships/${params.username}`,
      role: team.maintainers.has(params.username ?? "") ? "maintainer" : "member",
      state,
    };
    return { body };
  });

  // teams/list-members-in-org: "Team members will include the members of child teams."
  router.on("GET /orgs/{org}/teams/{team_slug}/members", async ({ hub, actor, params, query }) => {
    hub.actorLogin(actor);
    const team = hub.team(params.org ?? "", params.team_slug ?? "");
    const logins = new Set<string>();
    for (const t of withDescendants(hub, team)) for (const [login, state] of t.members) if (state === "active") logins.add(login);
    return page([...logins].map((login) => simpleUser(hub, hub.user(login))), query, `${hub.url}/orgs/${team.org}/teams/${team.slug}/members`);
  });

  router.on("GET /user", async ({ hub, actor }) => ({ body: simpleUser(hub, hub.user(hub.actorLogin(actor))) }));

  router.on("GET /users/{username}", async ({ hub, params }) => ({ body: simpleUser(hub, hub.user(params.username ?? "")) }));
}
