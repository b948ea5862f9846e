/**
 * The fields of each answer and webhook that the app (src/, the embedded
 * GitHub excepted) reads, found by reading the code at each route's callers
 * (test/fixtures/github-openapi-trimmed.json lists them per route). A missing
 * or extra field here fails the schema check; elsewhere it is only reported.
 * Add a field when the app starts reading it.
 */
const set = (...fields: string[]): ReadonlySet<string> => new Set(fields);

const PULL = ["number", "state", "title", "body", "user.login", "user.type", "head.ref", "head.sha", "head.repo.full_name", "base.ref", "base.sha", "merged", "merged_at", "merge_commit_sha", "html_url", "labels[].name", "draft", "changed_files", "commits", "created_at", "updated_at", "id", "requested_reviewers[].login", "requested_teams[].slug"];
const COMMIT = ["sha", "author.login", "committer.login", "parents[].sha", "commit.author.email", "commit.author.name", "commit.message"];
const ACTIVITY = ["id", "before", "after", "ref", "timestamp", "activity_type", "actor.login"];
const CHECK_RUN = ["id", "name", "head_sha", "status", "conclusion", "app.id", "output.title", "output.summary", "output.text"];
const COMMENT = ["id", "body", "user.login", "user.type"];

export const APP_READS: Record<string, ReadonlySet<string>> = {
  "GET /app": set("id", "slug"),
  "GET /app/installations": set("[].id"),
  "GET /installation/repositories": set("repositories[].full_name", "total_count"),
  "GET /orgs/{org}/teams/{team_slug}/memberships/{username}": set("state"),
  "GET /repos/{owner}/{repo}": set("default_branch", "full_name", "private"),
  "GET /repos/{owner}/{repo}/activity": set(...ACTIVITY.map((f) => `[].${f}`)),
  "GET /repos/{owner}/{repo}/commits": set(...COMMIT.map((f) => `[].${f}`)),
  "GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls": set(...PULL.map((f) => `[].${f}`)),
  "GET /repos/{owner}/{repo}/commits/{ref}/check-runs": set("total_count", ...CHECK_RUN.map((f) => `check_runs[].${f}`)),
  "GET /repos/{owner}/{repo}/compare/{basehead}": set("files[].filename", "files[].status", "files[].previous_filename", "files[].sha", "status", "ahead_by", "behind_by"),
  "GET /repos/{owner}/{repo}/contents/{path}": set("type", "content", "encoding", "sha", "size"),
  "GET /repos/{owner}/{repo}/git/blobs/{file_sha}": set("content", "encoding", "sha", "size"),
  "GET /repos/{owner}/{repo}/git/commits/{commit_sha}": set("sha", "tree.sha", "parents[].sha", "author.name", "author.email", "message"),
  "GET /repos/{owner}/{repo}/git/ref/{ref}": set("ref", "object.sha", "object.type"),
  "GET /repos/{owner}/{repo}/git/trees/{tree_sha}": set("sha", "truncated", "tree[].path", "tree[].mode", "tree[].type", "tree[].sha", "tree[].size"),
  "GET /repos/{owner}/{repo}/installation": set("id", "permissions", "repository_selection"),
  "GET /repos/{owner}/{repo}/issues/{issue_number}/comments": set(...COMMENT.map((f) => `[].${f}`)),
  "GET /repos/{owner}/{repo}/rules/branches/{branch}": set("[].type", "[].ruleset_id", "[].parameters.required_approving_review_count", "[].parameters.require_code_owner_review", "[].parameters.required_status_checks"),
  "GET /repos/{owner}/{repo}/rulesets/{ruleset_id}": set("current_user_can_bypass"),
  "GET /repos/{owner}/{repo}/pulls": set(...PULL.map((f) => `[].${f}`)),
  "GET /repos/{owner}/{repo}/pulls/{pull_number}": set(...PULL),
  "GET /repos/{owner}/{repo}/pulls/{pull_number}/commits": set(...COMMIT.map((f) => `[].${f}`)),
  "GET /repos/{owner}/{repo}/pulls/{pull_number}/files": set("[].filename", "[].status", "[].previous_filename", "[].sha"),
  "GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews": set("[].user.login", "[].user.type", "[].state", "[].commit_id", "[].submitted_at"),
  "PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}": set("id"),
  "DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}": set(),
  "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}": set("id"),
  "PATCH /repos/{owner}/{repo}/pulls/{pull_number}": set("number", "state"),
  "POST /app/installations/{installation_id}/access_tokens": set("token", "expires_at", "permissions", "repository_selection"),
  "POST /repos/{owner}/{repo}/check-runs": set("id"),
  "POST /repos/{owner}/{repo}/git/commits": set("sha"),
  "POST /repos/{owner}/{repo}/git/refs": set("ref", "object.sha"),
  "POST /repos/{owner}/{repo}/git/trees": set("sha"),
  "POST /repos/{owner}/{repo}/issues/{issue_number}/comments": set("id"),
  "POST /repos/{owner}/{repo}/issues/{issue_number}/labels": set("[].name"),
  "POST /repos/{owner}/{repo}/pulls": set("number", "html_url", "head.sha", "head.ref"),
  "POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers": set("number"),
  "PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge": set("sha", "merged"),
};

const COMMON = ["action", "installation.id", "repository.full_name", "repository.default_branch", "repository.owner.login", "repository.name", "sender.login", "sender.type"];

export const WEBHOOK_READS: Record<string, ReadonlySet<string>> = {
  pull_request: set(...COMMON, ...PULL.map((f) => `pull_request.${f}`), "number"),
  pull_request_review: set(...COMMON, "pull_request.number", "pull_request.head.sha", "pull_request.base.ref", "pull_request.user.login", "pull_request.state", "review.state", "review.user.login"),
  issue_comment: set(...COMMON, "issue.number", "issue.pull_request", "comment.id", "comment.body", "comment.user.login", "comment.user.type", "comment.created_at"),
  push: set(...COMMON, "ref", "before", "after", "deleted", "forced", "commits[].added", "commits[].removed", "commits[].modified"),
  installation: set("action", "installation.id", "repositories[].full_name"),
  installation_repositories: set("action", "installation.id", "repositories_added[].full_name", "repositories_removed[].full_name"),
};
