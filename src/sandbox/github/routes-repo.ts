import type { components } from "@octokit/openapi-types";
import { randomBytes } from "node:crypto";
import { requireApp } from "./auth.js";
import type { GitHubRouter } from "./call.js";
import { CODEOWNERS_PATHS, codeownersErrors } from "./codeowners-errors.js";
import type { Hub } from "./hub.js";
import { DEFAULT_PERMISSIONS } from "./installation-permissions.js";
import { HttpError, notFound, page } from "./http-kit.js";
import type { Repo } from "./model.js";
import { repository, simpleUser } from "./shapes-common.js";
import { commitShape, contentLinks, diffEntryShape } from "./shapes-git.js";

type Schemas = components["schemas"];
const R = "/repos/{owner}/{repo}";

async function commitAt(repo: Repo, ref: string | null): Promise<string> {
  const sha = await repo.git.resolveCommit(ref ?? repo.defaultBranch);
  if (!sha) throw new HttpError(404, `No commit found for the ref ${ref}`);
  return sha;
}

function installationShape(hub: Hub, id = hub.app.installationId): Schemas["installation"] {
  const account = hub.user(hub.installations.get(id) ?? hub.app.account);
  const grant = hub.installationGrants.get(id);
  const now = hub.now();
  return {
    id,
    account: simpleUser(hub, account),
    repository_selection: grant?.repositories === "all" || !grant ? "all" : "selected",
    access_tokens_url: `${hub.url}/app/installations/${id}/access_tokens`,
    repositories_url: `${hub.url}/installation/repositories`,
    html_url: `${hub.url}/organizations/${account.login}/settings/installations/${id}`,
    app_id: hub.app.appId,
    app_slug: hub.app.slug,
    target_id: account.id,
    target_type: account.type,
    permissions: { ...(grant?.permissions ?? DEFAULT_PERMISSIONS) },
    events: ["pull_request", "pull_request_review", "issue_comment", "push"],
    created_at: now,
    updated_at: now,
    single_file_name: null,
    suspended_by: null,
    suspended_at: null,
  };
}

/** `GET /app` (apps/get-authenticated): the app itself, for its own JWT; shape per GitHub's OpenAPI `integration`. */
function appShape(hub: Hub): NonNullable<Schemas["integration"]> {
  const owner = hub.user(hub.app.account);
  const now = hub.now();
  return {
    id: hub.app.appId,
    slug: hub.app.slug,
    node_id: Buffer.from(`App${hub.app.appId}`).toString("base64"),
    client_id: `Iv1.${hub.app.appId.toString(16).padStart(16, "0")}`,
    owner: simpleUser(hub, owner),
    name: hub.app.slug,
    description: null,
    external_url: hub.url,
    html_url: `${hub.url}/apps/${hub.app.slug}`,
    created_at: now,
    updated_at: now,
    permissions: installationShape(hub).permissions,
    events: installationShape(hub).events,
    installations_count: hub.installations.size,
  };
}

export function repoRoutes(router: GitHubRouter): void {
  router.on("GET /app", async ({ hub, actor }) => {
    requireApp(actor);
    return { body: appShape(hub) };
  });

  router.on("POST /app/installations/{installation_id}/access_tokens", async ({ hub, actor, params }) => {
    requireApp(actor);
    const installationId = Number(params.installation_id);
    if (!hub.installations.has(installationId)) throw notFound();
    const token = `ghs_${randomBytes(18).toString("hex")}`;
    const expires = hub.clock.now().getTime() + 60 * 60 * 1000;
    hub.installationTokens.set(token, expires);
    hub.tokenInstallation.set(token, installationId);
    const body: Schemas["installation-token"] = {
      token,
      expires_at: new Date(expires).toISOString().replace(/\.\d{3}Z$/, "Z"),
      permissions: installationShape(hub, installationId).permissions,
      repository_selection: installationShape(hub, installationId).repository_selection,
    };
    return { status: 201, body };
  });

  router.on("GET /app/installations", async ({ hub, actor }) => {
    requireApp(actor);
    return { body: [...hub.installations.keys()].map((id) => installationShape(hub, id)) };
  });

  router.on("GET /app/installations/{installation_id}", async ({ hub, actor, params }) => {
    requireApp(actor);
    const id = Number(params.installation_id);
    if (!hub.installations.has(id)) throw notFound();
    return { body: installationShape(hub, id) };
  });

  router.on(`GET ${R}/installation`, async ({ hub, actor, params }) => {
    requireApp(actor);
    const repo = hub.repo(params.owner ?? "", params.repo ?? "");
    const id = hub.installationOf(repo.owner);
    if (id === undefined) throw notFound();
    return { body: installationShape(hub, id) };
  });

  router.on(`GET ${R}`, async ({ hub, actor, params }) => {
    const repo = hub.requireRepo(actor, params.owner ?? "", params.repo ?? "");
    const permission = hub.permission(repo, hub.actorLogin(actor));
    const rank = ["read", "triage", "write", "maintain", "admin"].indexOf(permission);
    return { body: { ...repository(hub, repo), permissions: { admin: rank >= 4, maintain: rank >= 3, push: rank >= 2, triage: rank >= 1, pull: rank >= 0 } } };
  });

  router.on(`GET ${R}/contents/{path+}`, async ({ hub, actor, params, query }) => {
    const repo = hub.requireRepo(actor, params.owner ?? "", params.repo ?? "");
    const ref = query.get("ref") || repo.defaultBranch;
    const commit = await commitAt(repo, ref);
    const path = (params.path ?? "").replace(/\/+$/, "");
    const [entry] = path ? await repo.git.lsTree(commit, { path }) : [];
    if (path && (!entry || entry.path !== path)) throw notFound();
    if (entry?.type === "blob") {
      const content = await repo.git.readBlob(entry.sha);
      const body: Schemas["content-file"] = {
        type: "file",
        encoding: "base64",
        size: content.length,
        name: path.split("/").at(-1) ?? path,
        path,
        content: content.toString("base64").replace(/(.{60})/g, "$1\n"),
        sha: entry.sha,
        ...contentLinks(hub, repo, path, entry.sha, ref, "file"),
      };
      return { body };
    }
    const entries = await repo.git.lsTree(commit, path ? { path: `${path}/` } : {});
    const body: Schemas["content-directory"] = entries.map((e) => ({
      type: e.type === "tree" ? "dir" : "file",
      size: e.size ?? 0,
      name: e.path.split("/").at(-1) ?? e.path,
      path: e.path,
      sha: e.sha,
      ...contentLinks(hub, repo, e.path, e.sha, ref, e.type === "tree" ? "dir" : "file"),
    }));
    return { body };
  });

  router.on(`GET ${R}/commits`, async ({ hub, actor, params, query }) => {
    const repo = hub.requireRepo(actor, params.owner ?? "", params.repo ?? "");
    const shas = await repo.git.log(await commitAt(repo, query.get("sha")), query.get("path") ?? undefined);
    // Only the requested page's commits are read: a long history costs one `git log`, not a read per commit.
    const paged = page(shas, query, `${hub.url}/repos/${repo.fullName}/commits?${query.toString()}`);
    const commits = await Promise.all((Array.isArray(paged.body) ? paged.body.filter((sha): sha is string => typeof sha === "string") : []).map(async (sha) => commitShape(hub, repo, await repo.git.readCommit(sha))));
    return { ...paged, body: commits };
  });

  router.on(`GET ${R}/commits/{ref}`, async ({ hub, actor, params }) => {
    const repo = hub.requireRepo(actor, params.owner ?? "", params.repo ?? "");
    const commit = await repo.git.readCommit(await commitAt(repo, params.ref ?? ""));
    const emptyTree = await repo.git.writeTree(null, []);
    const files = await repo.git.diff(commit.parents[0] ?? emptyTree, commit.sha, { renames: true });
    return { body: commitShape(hub, repo, commit, files) };
  });

  router.on(`GET ${R}/compare/{basehead}`, async ({ hub, actor, params }) => {
    const repo = hub.requireRepo(actor, params.owner ?? "", params.repo ?? "");
    const [baseRef = "", headRef = ""] = (params.basehead ?? "").split("...");
    const base = await commitAt(repo, baseRef);
    const head = await commitAt(repo, headRef);
    const mergeBase = (await repo.git.mergeBase(base, head)) ?? base;
    const ahead = await repo.git.commitsBetween(mergeBase, head);
    const behind = await repo.git.commitsBetween(mergeBase, base);
    const files = await repo.git.diff(mergeBase, head, { renames: true });
    const read = async (sha: string) => commitShape(hub, repo, await repo.git.readCommit(sha));
    const html = `${hub.url}/${repo.fullName}/compare/${params.basehead}`;
    const body: Schemas["commit-comparison"] = {
      url: `${hub.url}/repos/${repo.fullName}/compare/${params.basehead}`,
      html_url: html,
      permalink_url: html,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      base_commit: await read(base),
      merge_base_commit: await read(mergeBase),
      status: ahead.length && behind.length ? "diverged" : ahead.length ? "ahead" : behind.length ? "behind" : "identical",
      ahead_by: ahead.length,
      behind_by: behind.length,
      total_commits: ahead.length,
      commits: await Promise.all(ahead.map(read)),
      files: files.map((f) => diffEntryShape(hub, repo, head, f)),
    };
    return { body };
  });

  router.on(`GET ${R}/collaborators/{username}/permission`, async ({ hub, actor, params }) => {
    const repo = hub.requireRepo(actor, params.owner ?? "", params.repo ?? "");
    const user = hub.user(params.username ?? "");
    const permission = hub.permission(repo, user.login);
    const legacy = permission === "maintain" ? "write" : permission === "triage" ? "read" : permission;
    return { body: { permission: legacy, role_name: permission, user: { ...simpleUser(hub, user), role_name: permission } } };
  });

  router.on(`GET ${R}/codeowners/errors`, async ({ hub, actor, params, query }) => {
    const repo = hub.requireRepo(actor, params.owner ?? "", params.repo ?? "");
    const commit = await commitAt(repo, query.get("ref"));
    for (const path of CODEOWNERS_PATHS) {
      const [entry] = await repo.git.lsTree(commit, { path });
      if (entry?.type !== "blob" || entry.path !== path) continue;
      const text = (await repo.git.readBlob(entry.sha)).toString("utf8");
      const body: Schemas["codeowners-errors"] = { errors: codeownersErrors(hub, path, text) };
      return { body };
    }
    throw notFound();
  });
}
