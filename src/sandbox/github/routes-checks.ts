import type { components } from "@octokit/openapi-types";
import type { GitHubRouter } from "./call.js";
import type { Hub } from "./hub.js";
import { HttpError, field, notFound, optional, page } from "./http-kit.js";
import type { CheckRun, CommitStatus, Repo } from "./model.js";
import { requireCheckOutputSize } from "./limits.js";
import { nodeId, simpleUser } from "./shapes-common.js";

type Schemas = components["schemas"];
const R = "/repos/{owner}/{repo}";
type Output = { title?: string; summary?: string; text?: string; annotations?: unknown[] };

function checkRunShape(hub: Hub, repo: Repo, run: CheckRun): Schemas["check-run"] {
  const url = `${hub.url}/repos/${repo.fullName}/check-runs/${run.id}`;
  const pulls = [...repo.pulls.values()].filter((p) => p.state === "open" && p.headSha === run.headSha);
  const repoRef = { id: repo.id, url: `${hub.url}/repos/${repo.fullName}`, name: repo.name };
  return {
    id: run.id,
    head_sha: run.headSha,
    node_id: nodeId("CheckRun", run.id),
    external_id: run.externalId,
    url,
    html_url: `${hub.url}/${repo.fullName}/runs/${run.id}`,
    details_url: run.detailsUrl,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    output: { ...run.output, annotations_count: run.output.annotations.length, annotations_url: `${url}/annotations` },
    name: run.name,
    check_suite: { id: 1 },
    app: appShape(hub, run),
    pull_requests: pulls.map((p) => ({ id: p.id, number: p.number, url: `${hub.url}/repos/${repo.fullName}/pulls/${p.number}`, head: { ref: p.head, sha: p.headSha, repo: repoRef }, base: { ref: p.base, sha: p.baseSha, repo: repoRef } })),
  };
}

/** The app that created the run, as GitHub reports it on every check run. */
function appShape(hub: Hub, run: CheckRun): Schemas["nullable-integration"] {
  const owner = simpleUser(hub, hub.user(hub.app.account));
  const created = run.startedAt ?? hub.now();
  return {
    id: run.app.id,
    slug: run.app.slug,
    node_id: nodeId("Integration", run.app.id),
    owner,
    name: run.app.slug,
    description: null,
    external_url: `${hub.url}/apps/${run.app.slug}`,
    html_url: `${hub.url}/apps/${run.app.slug}`,
    created_at: created,
    updated_at: created,
    permissions: { checks: "write", metadata: "read" },
    events: [],
  };
}

/**
 * Applies a create or update body. Moving a completed run back to `queued` or
 * `in_progress` keeps its conclusion and `completed_at`: the docs say nothing
 * of clearing them, and apps have observed GitHub keep them
 * (Mergifyio/mergify#444, flutter/cocoon#1401, isaacs/github#1530).
 */
function applyCheck(hub: Hub, run: CheckRun, body: unknown): void {
  const status = optional<CheckRun["status"]>(body, "status");
  const conclusion = optional<CheckRun["conclusion"]>(body, "conclusion");
  const output = optional<Output>(body, "output");
  requireCheckOutputSize(output);
  if (status === "completed" && !conclusion && !run.conclusion) throw new HttpError(422, "Invalid request.\n\nNo conclusion given for a completed check run.");
  if (status) run.status = status;
  if (conclusion) {
    run.conclusion = conclusion;
    run.status = "completed";
  }
  if (run.status === "completed" && !run.conclusion) throw new HttpError(422, "Invalid request.\n\nNo conclusion given for a completed check run.");
  if (run.status === "completed") run.completedAt = optional<string>(body, "completed_at") ?? hub.now();
  if (output) {
    run.output = {
      title: output.title ?? run.output.title,
      summary: output.summary ?? run.output.summary,
      text: output.text ?? run.output.text,
      annotations: [...run.output.annotations, ...(output.annotations ?? [])],
    };
  }
  run.detailsUrl = optional<string>(body, "details_url") ?? run.detailsUrl;
  run.externalId = optional<string>(body, "external_id") ?? run.externalId;
}

export function checkRoutes(router: GitHubRouter): void {
  router.on(`POST ${R}/check-runs`, async ({ hub, actor, params, body }) => {
    if (actor.kind !== "installation") throw new HttpError(403, "You must authenticate via a GitHub App.");
    const repo = hub.requireRepo(actor, params.owner ?? "", params.repo ?? "", "write");
    const appSlug = actor.login.replace(/\[bot\]$/, "");
    const headSha = field(body, "head_sha");
    if ((await repo.git.objectType(headSha)) !== "commit") throw new HttpError(422, "No commit found for SHA: " + headSha);
    const run: CheckRun = {
      id: hub.nextId(),
      name: field(body, "name"),
      headSha,
      status: "queued",
      conclusion: null,
      startedAt: optional<string>(body, "started_at") ?? hub.now(),
      completedAt: null,
      externalId: null,
      detailsUrl: null,
      output: { title: null, summary: null, text: null, annotations: [] },
      app: { id: actor.appId, slug: appSlug },
    };
    applyCheck(hub, run, body);
    repo.checkRuns.set(run.id, run);
    return { status: 201, body: checkRunShape(hub, repo, run) };
  });

  router.on(`PATCH ${R}/check-runs/{check_run_id}`, async ({ hub, actor, params, body }) => {
    if (actor.kind !== "installation") throw new HttpError(403, "You must authenticate via a GitHub App.");
    const repo = hub.requireRepo(actor, params.owner ?? "", params.repo ?? "", "write");
    const run = repo.checkRuns.get(Number(params.check_run_id));
    if (!run) throw notFound();
    // Only the app that created a check run can update it.
    if (run.app.id !== actor.appId) throw new HttpError(403, "Resource not accessible by integration");
    applyCheck(hub, run, body);
    return { body: checkRunShape(hub, repo, run) };
  });

  router.on(`GET ${R}/check-runs/{check_run_id}`, async ({ hub, actor, params }) => {
    const repo = hub.requireRepo(actor, params.owner ?? "", params.repo ?? "");
    const run = repo.checkRuns.get(Number(params.check_run_id));
    if (!run) throw notFound();
    return { body: checkRunShape(hub, repo, run) };
  });

  // Annotations accumulate across updates, as on GitHub; this lists them all.
  router.on(`GET ${R}/check-runs/{check_run_id}/annotations`, async ({ hub, actor, params, query }) => {
    const repo = hub.requireRepo(actor, params.owner ?? "", params.repo ?? "");
    const run = repo.checkRuns.get(Number(params.check_run_id));
    if (!run) throw notFound();
    const annotations = run.output.annotations.map((a) => {
      const given = a as Record<string, unknown>;
      return {
        path: String(given.path ?? ""),
        start_line: Number(given.start_line ?? 0),
        end_line: Number(given.end_line ?? given.start_line ?? 0),
        start_column: typeof given.start_column === "number" ? given.start_column : null,
        end_column: typeof given.end_column === "number" ? given.end_column : null,
        annotation_level: typeof given.annotation_level === "string" ? given.annotation_level : null,
        title: typeof given.title === "string" ? given.title : null,
        message: typeof given.message === "string" ? given.message : null,
        raw_details: typeof given.raw_details === "string" ? given.raw_details : null,
        blob_href: `${hub.url}/${repo.fullName}/blob/${run.headSha}/${String(given.path ?? "")}`,
      };
    });
    return page(annotations, query, `${hub.url}/repos/${repo.fullName}/check-runs/${run.id}/annotations`);
  });

  router.on(`GET ${R}/commits/{ref}/check-runs`, async ({ hub, actor, params, query }) => {
    const repo = hub.requireRepo(actor, params.owner ?? "", params.repo ?? "");
    const sha = await repo.git.resolveCommit(params.ref ?? "");
    if (!sha) throw notFound();
    const name = query.get("check_name");
    const appId = query.get("app_id");
    const status = query.get("status");
    const onSha = [...repo.checkRuns.values()].filter((r) => r.headSha === sha).reverse();
    // `filter=latest` is GitHub's default: only the most recent run of each name. The docs do not say
    // whether `app_id` narrows before or after; this takes the stricter reading (after), so a newer
    // run of another app with the same name hides an app's own run unless it asks with `filter=all`.
    const latest = (query.get("filter") ?? "latest") === "latest";
    const seen = new Set<string>();
    const runs = onSha
      .filter((r) => !latest || (!seen.has(r.name) && seen.add(r.name) !== undefined))
      .filter((r) => (!name || r.name === name) && (!appId || String(r.app.id) === appId) && (!status || r.status === status));
    const listed = page(runs.map((r) => checkRunShape(hub, repo, r)), query, `${hub.url}/repos/${repo.fullName}/commits/${params.ref}/check-runs`);
    return { ...listed, body: { total_count: runs.length, check_runs: listed.body } };
  });

  router.on(`POST ${R}/statuses/{sha}`, async ({ hub, actor, params, body }) => {
    const repo = hub.requireRepo(actor, params.owner ?? "", params.repo ?? "", "write");
    const state = field(body, "state") as CommitStatus["state"];
    if (!["error", "failure", "pending", "success"].includes(state)) throw new HttpError(422, "Validation Failed", { errors: [{ resource: "Status", field: "state", code: "custom" }] });
    const status: CommitStatus = {
      id: hub.nextId(),
      sha: params.sha ?? "",
      state,
      context: optional<string>(body, "context") ?? "default",
      description: optional<string>(body, "description") ?? null,
      targetUrl: optional<string>(body, "target_url") ?? null,
      creator: hub.actorLogin(actor),
      createdAt: hub.now(),
    };
    repo.statuses.push(status);
    return { status: 201, body: statusShape(hub, repo, status) };
  });

  router.on(`GET ${R}/commits/{ref}/statuses`, async ({ hub, actor, params, query }) => {
    const repo = hub.requireRepo(actor, params.owner ?? "", params.repo ?? "");
    const sha = (await repo.git.resolveCommit(params.ref ?? "")) ?? params.ref;
    const statuses = repo.statuses.filter((s) => s.sha === sha).reverse().map((s) => statusShape(hub, repo, s));
    return page(statuses, query, `${hub.url}/repos/${repo.fullName}/commits/${params.ref}/statuses`);
  });
}

function statusShape(hub: Hub, repo: Repo, s: CommitStatus): Schemas["status"] {
  return {
    url: `${hub.url}/repos/${repo.fullName}/statuses/${s.sha}`,
    avatar_url: null,
    id: s.id,
    node_id: nodeId("StatusContext", s.id),
    state: s.state,
    description: s.description,
    target_url: s.targetUrl,
    context: s.context,
    created_at: s.createdAt,
    updated_at: s.createdAt,
    creator: simpleUser(hub, hub.user(s.creator)),
  };
}
