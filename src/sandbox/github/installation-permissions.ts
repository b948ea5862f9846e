/**
 * What an installation token may do, as GitHub enforces it: it reaches only
 * the repositories selected for the installation (others answer 404, as if
 * they did not exist), and each endpoint needs one of the installation's
 * permissions ("Permissions required for GitHub Apps", docs.github.com/rest/
 * authentication/permissions-required-for-github-apps); without it GitHub
 * answers 403 "Resource not accessible by integration".
 */
import type { Actor, Hub } from "./hub.js";
import { HttpError, notFound } from "./http-kit.js";

export type Level = "read" | "write";
export type Permissions = Record<string, Level>;

/** What an installation was granted: its permissions and its repositories ("all", or the selected full names). */
export interface InstallationGrant {
  permissions: Permissions;
  repositories: "all" | string[];
}

/** app.yml's default_permissions: what a fresh installation accepts. */
export const DEFAULT_PERMISSIONS: Permissions = { contents: "write", pull_requests: "write", checks: "write", issues: "write", members: "read", metadata: "read", statuses: "write" };

const RANK: Record<Level, number> = { read: 1, write: 2 };

/** [method, template pattern, permissions any one of which suffices, level]; first match wins. */
const RULES: Array<[RegExp, RegExp, string[], Level]> = [
  [/GET/, /^\/repos\/\{owner\}\/\{repo\}\/(rulesets|rules)\b/, ["metadata"], "read"],
  [/GET/, /^\/repos\/\{owner\}\/\{repo\}\/(activity|collaborators)\b/, ["metadata"], "read"],
  [/GET/, /^\/repos\/\{owner\}\/\{repo\}$/, ["metadata"], "read"],
  [/GET/, /\/check-runs/, ["checks"], "read"],
  [/POST|PATCH/, /\/check-runs/, ["checks"], "write"],
  [/GET/, /\/statuses$/, ["statuses"], "read"],
  [/POST/, /\/statuses\//, ["statuses"], "write"],
  [/PUT/, /\/pulls\/\{pull_number\}\/merge$/, ["contents"], "write"],
  [/GET/, /\/pulls/, ["pull_requests"], "read"],
  [/POST|PATCH|PUT|DELETE/, /\/pulls/, ["pull_requests"], "write"],
  [/GET/, /\/issues/, ["issues", "pull_requests"], "read"],
  [/POST|PATCH|DELETE/, /\/issues/, ["issues", "pull_requests"], "write"],
  [/GET/, /^\/repos\/\{owner\}\/\{repo\}\/(contents|commits|compare|git|codeowners)\b/, ["contents"], "read"],
  [/POST|PATCH|PUT|DELETE/, /^\/repos\/\{owner\}\/\{repo\}\/(contents|git)\b/, ["contents"], "write"],
  [/GET/, /^\/orgs\/\{org\}\/teams\//, ["members"], "read"],
];

/** The permission an endpoint needs, e.g. ["checks", "write"] for "POST /repos/{owner}/{repo}/check-runs". */
export function permissionFor(route: string): { any: string[]; level: Level } | undefined {
  const [method = "", template = ""] = route.split(" ");
  for (const [m, t, any, level] of RULES) if (m.test(method) && t.test(template)) return { any, level };
  return undefined;
}

/**
 * Refuses an installation token's call outside its grant: 404 for a repository the installation
 * does not cover, 403 for a permission it lacks. Other apps' tokens (a CI app) are not limited here.
 */
export function requireInstallationGrant(hub: Hub, actor: Actor, route: string, params: Record<string, string>): void {
  if (actor.kind !== "installation") return;
  const grant = hub.installationGrants.get(actor.installationId);
  if (!grant) return;
  if (params.owner && params.repo && grant.repositories !== "all") {
    const name = `${params.owner}/${params.repo}`.toLowerCase();
    if (!grant.repositories.some((r) => r.toLowerCase() === name)) throw notFound();
  }
  const needed = permissionFor(route);
  if (!needed) return;
  const ok = needed.any.some((p) => {
    const has = grant.permissions[p];
    return has !== undefined && RANK[has] >= RANK[needed.level];
  });
  if (!ok) throw new HttpError(403, "Resource not accessible by integration");
}
