import type { components } from "@octokit/openapi-types";
import type { GitHubRouter } from "./call.js";
import { notFound, page } from "./http-kit.js";
import { simpleUser } from "./shapes-common.js";

type Schemas = components["schemas"];

export function orgRoutes(router: GitHubRouter): void {
  router.on("GET /orgs/{org}/teams/{team_slug}/memberships/{username}", async ({ hub, actor, params }) => {
    hub.actorLogin(actor);
    const team = hub.team(params.org ?? "", params.team_slug ?? "");
    const state = team.members.get(params.username ?? "");
    if (!state) throw notFound();
    const body: Schemas["team-membership"] = {
      url: `${hub.url}/organizations/${team.org}/team/${team.id}/memberships/${params.username}`,
      role: team.maintainers.has(params.username ?? "") ? "maintainer" : "member",
      state,
    };
    return { body };
  });

  router.on("GET /orgs/{org}/teams/{team_slug}/members", async ({ hub, actor, params, query }) => {
    hub.actorLogin(actor);
    const team = hub.team(params.org ?? "", params.team_slug ?? "");
    const members = [...team.members.entries()].filter(([, state]) => state === "active").map(([login]) => simpleUser(hub, hub.user(login)));
    return page(members, query, `${hub.url}/orgs/${team.org}/teams/${team.slug}/members`);
  });

  router.on("GET /user", async ({ hub, actor }) => ({ body: simpleUser(hub, hub.user(hub.actorLogin(actor))) }));

  router.on("GET /users/{username}", async ({ hub, params }) => ({ body: simpleUser(hub, hub.user(params.username ?? "")) }));
}
