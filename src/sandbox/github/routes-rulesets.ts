/**
 * The read side of repository rulesets: "Get all repository rulesets", "Get a
 * repository ruleset" (`bypass_actors` only for a caller who may edit the
 * ruleset, "to prevent leaking sensitive information"; `current_user_can_bypass`
 * for the caller) and "Get rules for a branch" (active rulesets only).
 */
import type { components } from "@octokit/openapi-types";
import type { GitHubRouter } from "./call.js";
import type { Actor, Hub } from "./hub.js";
import { notFound } from "./http-kit.js";
import type { Repo, Ruleset } from "./model.js";
import { bypassModeOf, rulesetsFor } from "./rulesets.js";

type Schemas = components["schemas"];
const R = "/repos/{owner}/{repo}";
const CAN_BYPASS = { always: "always", pull_request: "pull_requests_only", exempt: "exempt" } as const;

/** Only someone who may edit rulesets (repository admin; an app with Administration: write) sees the bypass list. */
function mayEdit(hub: Hub, repo: Repo, actor: Actor): boolean {
  if (actor.kind === "installation") return hub.installationGrants.get(actor.installationId)?.permissions.administration === "write";
  return actor.kind === "user" && hub.permission(repo, actor.login) === "admin";
}

function rulesetShape(hub: Hub, repo: Repo, ruleset: Ruleset, actor: Actor, full: boolean): Schemas["repository-ruleset"] {
  const mode = bypassModeOf(hub, repo, ruleset, hub.actorLogin(actor));
  const href = `${hub.url}/repos/${repo.fullName}/rulesets/${ruleset.id}`;
  return {
    id: ruleset.id,
    name: ruleset.name,
    target: "branch",
    source_type: "Repository",
    source: repo.fullName,
    enforcement: ruleset.enforcement,
    node_id: Buffer.from(`RepositoryRuleset${ruleset.id}`).toString("base64"),
    _links: { self: { href }, html: { href: `${hub.url}/${repo.fullName}/rules/${ruleset.id}` } },
    current_user_can_bypass: mode ? CAN_BYPASS[mode] : "never",
    created_at: ruleset.createdAt,
    updated_at: ruleset.updatedAt,
    ...(full
      ? {
          conditions: { ref_name: { include: ruleset.include, exclude: ruleset.exclude } },
          rules: ruleset.rules as Schemas["repository-rule"][],
          ...(mayEdit(hub, repo, actor) ? { bypass_actors: ruleset.bypassActors } : {}),
        }
      : {}),
  };
}

export function rulesetRoutes(router: GitHubRouter): void {
  router.on(`GET ${R}/rulesets`, async ({ hub, actor, params }) => {
    const repo = hub.requireRepo(actor, params.owner ?? "", params.repo ?? "");
    return { body: repo.rulesets.map((r) => rulesetShape(hub, repo, r, actor, false)) };
  });

  router.on(`GET ${R}/rulesets/{ruleset_id}`, async ({ hub, actor, params }) => {
    const repo = hub.requireRepo(actor, params.owner ?? "", params.repo ?? "");
    const ruleset = repo.rulesets.find((r) => r.id === Number(params.ruleset_id));
    if (!ruleset) throw notFound();
    return { body: rulesetShape(hub, repo, ruleset, actor, true) };
  });

  router.on(`GET ${R}/rules/branches/{branch+}`, async ({ hub, actor, params }) => {
    const repo = hub.requireRepo(actor, params.owner ?? "", params.repo ?? "");
    const rules = rulesetsFor(repo, params.branch ?? "").flatMap((ruleset) =>
      ruleset.rules.map((rule) => ({ ...rule, ruleset_source_type: "Repository", ruleset_source: repo.fullName, ruleset_id: ruleset.id })),
    );
    return { body: rules };
  });
}
