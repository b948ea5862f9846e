import type { GitHubRouter } from "./call.js";
import type { Actor, Hub } from "./hub.js";
import { HttpError, field, notFound, optional, page } from "./http-kit.js";
import type { Comment, Repo } from "./model.js";
import { requireBodySize } from "./limits.js";
import { labelShape } from "./shapes-common.js";
import { commentShape, issueShape } from "./shapes-pull.js";

const I = "/repos/{owner}/{repo}/issues";

function issueOf(hub: Hub, repo: Repo, number: string | undefined) {
  const shape = issueShape(hub, repo, Number(number));
  if (!shape) throw notFound();
  return shape;
}

/** The comment a person edits or deletes: their own, or anyone's when they have write access (GitHub's rule for both). */
function commentToChange(hub: Hub, actor: Actor, params: Record<string, string | undefined>): { repo: Repo; login: string; comment: Comment } {
  const repo = hub.requireRepo(actor, params.owner ?? "", params.repo ?? "");
  const login = hub.actorLogin(actor);
  const comment = repo.comments.get(Number(params.comment_id));
  if (!comment) throw notFound();
  if (comment.user !== login && hub.permission(repo, login) !== "admin" && hub.permission(repo, login) !== "write") {
    throw new HttpError(403, "Must have admin rights to Repository.");
  }
  return { repo, login, comment };
}

export function issueRoutes(router: GitHubRouter): void {
  router.on(`GET ${I}/{issue_number}`, async ({ hub, actor, params }) => {
    const repo = hub.requireRepo(actor, params.owner ?? "", params.repo ?? "");
    return { body: issueOf(hub, repo, params.issue_number) };
  });

  router.on(`GET ${I}/{issue_number}/comments`, async ({ hub, actor, params, query }) => {
    const repo = hub.requireRepo(actor, params.owner ?? "", params.repo ?? "");
    issueOf(hub, repo, params.issue_number);
    const comments = [...repo.comments.values()].filter((c) => c.issue === Number(params.issue_number)).map((c) => commentShape(hub, repo, c));
    return page(comments, query, `${hub.url}/repos/${repo.fullName}/issues/${params.issue_number}/comments`);
  });

  router.on(`POST ${I}/{issue_number}/comments`, async ({ hub, actor, params, body }) => {
    const repo = hub.requireRepo(actor, params.owner ?? "", params.repo ?? "");
    const login = hub.actorLogin(actor);
    const issue = issueOf(hub, repo, params.issue_number);
    const now = hub.now();
    requireBodySize("IssueComment", field(body, "body"));
    const comment: Comment = { id: hub.nextId(), issue: issue.number, user: login, body: field(body, "body"), createdAt: now, updatedAt: now };
    repo.comments.set(comment.id, comment);
    hub.emit("issue_comment", repo, login, { action: "created", issue: issueOf(hub, repo, params.issue_number), comment: commentShape(hub, repo, comment) });
    return { status: 201, body: commentShape(hub, repo, comment) };
  });

  router.on(`PATCH ${I}/comments/{comment_id}`, async ({ hub, actor, params, body }) => {
    const { repo, login, comment } = commentToChange(hub, actor, params);
    requireBodySize("IssueComment", field(body, "body"));
    const from = comment.body;
    comment.body = field(body, "body");
    comment.updatedAt = hub.now();
    hub.emit("issue_comment", repo, login, { action: "edited", changes: { body: { from } }, issue: issueOf(hub, repo, String(comment.issue)), comment: commentShape(hub, repo, comment) });
    return { body: commentShape(hub, repo, comment) };
  });

  // "Delete an issue comment" (issues/delete-comment): 204; anyone with write access may delete anyone's comment.
  router.on(`DELETE ${I}/comments/{comment_id}`, async ({ hub, actor, params }) => {
    const { repo, login, comment } = commentToChange(hub, actor, params);
    repo.comments.delete(comment.id);
    hub.emit("issue_comment", repo, login, { action: "deleted", issue: issueOf(hub, repo, String(comment.issue)), comment: commentShape(hub, repo, comment) });
    return { status: 204 };
  });

  router.on(`GET ${I}/comments/{comment_id}`, async ({ hub, actor, params }) => {
    const repo = hub.requireRepo(actor, params.owner ?? "", params.repo ?? "");
    const comment = repo.comments.get(Number(params.comment_id));
    if (!comment) throw notFound();
    return { body: commentShape(hub, repo, comment) };
  });

  router.on(`POST ${I}/{issue_number}/labels`, async ({ hub, actor, params, body }) => {
    const repo = hub.requireRepo(actor, params.owner ?? "", params.repo ?? "", "triage");
    issueOf(hub, repo, params.issue_number);
    const names = Array.isArray(body) ? (body as string[]) : (optional<Array<string | { name: string }>>(body, "labels") ?? []).map((l) => (typeof l === "string" ? l : l.name));
    const target = repo.pulls.get(Number(params.issue_number)) ?? repo.issues.get(Number(params.issue_number));
    for (const name of names) {
      if (!repo.labels.has(name)) repo.labels.set(name, { id: hub.nextId(), name, color: "ededed", description: null });
      if (target && !target.labels.includes(name)) target.labels.push(name);
    }
    return { body: (target?.labels ?? []).flatMap((n) => { const label = repo.labels.get(n); return label ? [labelShape(hub, repo, label)] : []; }) };
  });
}
