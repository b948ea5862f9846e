import type { components } from "@octokit/openapi-types";
import type { Hub } from "./hub.js";
import type { Comment, Pull, Repo, Review } from "./model.js";
import { authorAssociation, labelShape, nodeId, repository, simpleUser, teamShape } from "./shapes-common.js";

type Schemas = components["schemas"];

function labelsOf(hub: Hub, repo: Repo, names: string[]) {
  return names.flatMap((name) => {
    const label = repo.labels.get(name);
    return label ? [labelShape(hub, repo, label)] : [];
  });
}

/** The full pull request, with numbers (commits, additions, mergeable) computed from git. */
export async function pullShape(hub: Hub, repo: Repo, pull: Pull): Promise<Schemas["pull-request"]> {
  const api = `${hub.url}/repos/${repo.fullName}`;
  const html = `${hub.url}/${repo.fullName}/pull/${pull.number}`;
  // `base.sha` is what the pull request was last synchronized against (GitHub moves it only on
  // open, push to the head and a base change); mergeability is against the base branch's tip.
  const baseTip = (await repo.git.resolveCommit(`refs/heads/${pull.base}`)) ?? pull.baseSha;
  const mergeBase = await repo.git.mergeBase(pull.baseSha, pull.headSha);
  const commits = await repo.git.commitsBetween(mergeBase, pull.headSha);
  const files = mergeBase ? await repo.git.diff(mergeBase, pull.headSha, { renames: true }) : [];
  const mergeable = pull.state === "open" ? (await repo.git.mergeTree(baseTip, pull.headSha)).tree !== null : null;
  const repoShape = repository(hub, repo);
  const owner = simpleUser(hub, hub.user(repo.owner));
  const link = (href: string) => ({ href });
  const comments = [...repo.comments.values()].filter((c) => c.issue === pull.number).length;
  return {
    url: `${api}/pulls/${pull.number}`,
    id: pull.id,
    node_id: nodeId("PullRequest", pull.id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${api}/issues/${pull.number}`,
    commits_url: `${api}/pulls/${pull.number}/commits`,
    review_comments_url: `${api}/pulls/${pull.number}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${pull.number}/comments`,
    statuses_url: `${api}/statuses/${pull.headSha}`,
    number: pull.number,
    state: pull.state,
    locked: false,
    title: pull.title,
    user: simpleUser(hub, hub.user(pull.user)),
    body: pull.body,
    labels: labelsOf(hub, repo, pull.labels),
    milestone: null,
    active_lock_reason: null,
    created_at: pull.createdAt,
    updated_at: pull.updatedAt,
    closed_at: pull.closedAt,
    merged_at: pull.mergedAt,
    merge_commit_sha: pull.mergeCommitSha,
    assignee: null,
    assignees: [],
    requested_reviewers: pull.requestedReviewers.map((login) => simpleUser(hub, hub.user(login))),
    requested_teams: pull.requestedTeams.map((key) => {
      const [org = "", slug = ""] = key.split("/");
      const { parent: _parent, ...team } = teamShape(hub, hub.team(org, slug));
      return team;
    }),
    head: { label: `${repo.owner}:${pull.head}`, ref: pull.head, sha: pull.headSha, repo: repoShape, user: owner },
    base: { label: `${repo.owner}:${pull.base}`, ref: pull.base, sha: pull.baseSha, repo: repoShape, user: owner },
    _links: {
      self: link(`${api}/pulls/${pull.number}`),
      html: link(html),
      issue: link(`${api}/issues/${pull.number}`),
      comments: link(`${api}/issues/${pull.number}/comments`),
      review_comments: link(`${api}/pulls/${pull.number}/comments`),
      review_comment: link(`${api}/pulls/comments{/number}`),
      commits: link(`${api}/pulls/${pull.number}/commits`),
      statuses: link(`${api}/statuses/${pull.headSha}`),
    },
    author_association: authorAssociation(repo, pull.user),
    auto_merge: null,
    draft: pull.draft,
    merged: pull.merged,
    mergeable,
    rebaseable: false,
    mergeable_state: pull.state !== "open" ? "unknown" : mergeable ? "clean" : "dirty",
    merged_by: pull.mergedBy ? simpleUser(hub, hub.user(pull.mergedBy)) : null,
    comments,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: commits.length,
    additions: files.reduce((n, f) => n + f.additions, 0),
    deletions: files.reduce((n, f) => n + f.deletions, 0),
    changed_files: files.length,
  };
}

export function reviewShape(hub: Hub, repo: Repo, pull: Pull, review: Review): Schemas["pull-request-review"] {
  const html = `${hub.url}/${repo.fullName}/pull/${pull.number}#pullrequestreview-${review.id}`;
  const pullUrl = `${hub.url}/repos/${repo.fullName}/pulls/${pull.number}`;
  return {
    id: review.id,
    node_id: nodeId("PullRequestReview", review.id),
    user: simpleUser(hub, hub.user(review.user)),
    body: review.body,
    state: review.state,
    html_url: html,
    pull_request_url: pullUrl,
    _links: { html: { href: html }, pull_request: { href: pullUrl } },
    submitted_at: review.submittedAt,
    commit_id: review.commitId,
    author_association: authorAssociation(repo, review.user),
  };
}

export function commentShape(hub: Hub, repo: Repo, comment: Comment): Schemas["issue-comment"] {
  const api = `${hub.url}/repos/${repo.fullName}`;
  return {
    id: comment.id,
    node_id: nodeId("IssueComment", comment.id),
    url: `${api}/issues/comments/${comment.id}`,
    html_url: `${hub.url}/${repo.fullName}/pull/${comment.issue}#issuecomment-${comment.id}`,
    body: comment.body,
    user: simpleUser(hub, hub.user(comment.user)),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    issue_url: `${api}/issues/${comment.issue}`,
    author_association: authorAssociation(repo, comment.user),
  };
}

/** A pull request or a plain issue as the issues API shows it. */
export function issueShape(hub: Hub, repo: Repo, number: number): Schemas["issue"] | undefined {
  const api = `${hub.url}/repos/${repo.fullName}`;
  const pull = repo.pulls.get(number);
  const issue = pull ?? repo.issues.get(number);
  if (!issue) return undefined;
  const html = `${hub.url}/${repo.fullName}/${pull ? "pull" : "issues"}/${number}`;
  const shape: Schemas["issue"] = {
    id: issue.id,
    node_id: nodeId(pull ? "PullRequest" : "Issue", issue.id),
    url: `${api}/issues/${number}`,
    repository_url: api,
    labels_url: `${api}/issues/${number}/labels{/name}`,
    comments_url: `${api}/issues/${number}/comments`,
    events_url: `${api}/issues/${number}/events`,
    html_url: html,
    number,
    state: issue.state,
    title: issue.title,
    body: issue.body,
    user: simpleUser(hub, hub.user(issue.user)),
    labels: labelsOf(hub, repo, issue.labels),
    assignee: null,
    assignees: [],
    milestone: null,
    locked: false,
    comments: [...repo.comments.values()].filter((c) => c.issue === number).length,
    closed_at: pull ? pull.closedAt : null,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    author_association: authorAssociation(repo, issue.user),
  };
  if (pull) {
    shape.pull_request = { merged_at: pull.mergedAt, diff_url: `${html}.diff`, html_url: html, patch_url: `${html}.patch`, url: `${api}/pulls/${number}` };
  }
  return shape;
}

/**
 * The pull request as `pull_request_review` webhooks carry it: GitHub's
 * "simple pull request", without the merge state and the counts that only
 * the pulls API and `pull_request` events give (@octokit/webhooks-schemas
 * `simple-pull-request`), so an app cannot come to rely on them there.
 */
export async function reviewEventPullShape(hub: Hub, repo: Repo, pull: Pull): Promise<Record<string, unknown>> {
  const {
    merged: _merged,
    mergeable: _mergeable,
    rebaseable: _rebaseable,
    mergeable_state: _mergeableState,
    merged_by: _mergedBy,
    comments: _comments,
    review_comments: _reviewComments,
    maintainer_can_modify: _maintainerCanModify,
    commits: _commits,
    additions: _additions,
    deletions: _deletions,
    changed_files: _changedFiles,
    ...simple
  } = await pullShape(hub, repo, pull);
  return simple;
}
