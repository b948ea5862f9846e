import type { Octokit } from "@octokit/rest";
import { GIT_PUSH_HEADER } from "./content-limit.js";

/** A person's commit stands for a `git push`, which GitHub's content-creation limit on REST calls does not count. */
const push = { headers: { [GIT_PUSH_HEADER]: "true" } };

export interface OpenedPull {
  number: number;
  branch: string;
  headSha: string;
}

/** File edits for a commit: a string sets the file, `null` deletes it. */
export type FileEdits = Record<string, string | null>;

function split(fullName: string): { owner: string; repo: string } {
  const [owner = "", repo = ""] = fullName.split("/");
  return { owner, repo };
}

/**
 * A person acting on the sandbox GitHub through its HTTP API, so every
 * helper exercises the same endpoints the app and `gh` would.
 *
 * @example
 *   const pr = await gh.as("alice").openPullRequest("acme/access", { title: "Read prod DB", files: { "requests/x.yaml": "..." } });
 *   await gh.as("bob").approve("acme/access", pr.number);
 *   await gh.as("carol").merge("acme/access", pr.number);
 */
export class Person {
  constructor(
    readonly octokit: Octokit,
    readonly login: string,
  ) {}

  /** Commits `files` on top of `branch` (creating it from `from` when missing); returns the new head sha. */
  async commit(fullName: string, branch: string, files: FileEdits, message: string, from?: string): Promise<string> {
    const { owner, repo } = split(fullName);
    const git = this.octokit.rest.git;
    let parent: string;
    let exists = true;
    try {
      parent = (await git.getRef({ owner, repo, ref: `heads/${branch}` })).data.object.sha;
    } catch {
      exists = false;
      const base = from ?? (await this.octokit.rest.repos.get({ owner, repo })).data.default_branch;
      parent = (await git.getRef({ owner, repo, ref: `heads/${base}` })).data.object.sha;
    }
    const baseTree = (await git.getCommit({ owner, repo, commit_sha: parent })).data.tree.sha;
    const tree = [];
    for (const [path, content] of Object.entries(files)) {
      const sha = content === null ? null : (await git.createBlob({ owner, repo, content, encoding: "utf-8", ...push })).data.sha;
      tree.push({ path, mode: "100644" as const, type: "blob" as const, sha });
    }
    const created = await git.createTree({ owner, repo, base_tree: baseTree, tree, ...push });
    const commit = await git.createCommit({ owner, repo, message, tree: created.data.sha, parents: [parent], ...push });
    if (exists) await git.updateRef({ owner, repo, ref: `heads/${branch}`, sha: commit.data.sha, ...push });
    else await git.createRef({ owner, repo, ref: `refs/heads/${branch}`, sha: commit.data.sha, ...push });
    return commit.data.sha;
  }

  /** Opens a pull request that sets or deletes `files` on a new branch. */
  async openPullRequest(
    fullName: string,
    input: { title: string; files: FileEdits; body?: string; branch?: string; base?: string; message?: string },
  ): Promise<OpenedPull> {
    const { owner, repo } = split(fullName);
    const branch = input.branch ?? `${this.login}/${input.title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "")}`;
    const headSha = await this.commit(fullName, branch, input.files, input.message ?? input.title, input.base);
    const base = input.base ?? (await this.octokit.rest.repos.get({ owner, repo })).data.default_branch;
    const pull = await this.octokit.rest.pulls.create({ owner, repo, title: input.title, head: branch, base, body: input.body ?? "" });
    return { number: pull.data.number, branch, headSha };
  }

  /** Pushes one more commit to the head branch of pull request `number`. */
  async pushToPull(fullName: string, number: number, files: FileEdits, message = "Update"): Promise<string> {
    const { owner, repo } = split(fullName);
    const pull = await this.octokit.rest.pulls.get({ owner, repo, pull_number: number });
    return this.commit(fullName, pull.data.head.ref, files, message);
  }

  async approve(fullName: string, number: number, body = ""): Promise<number> {
    return this.review(fullName, number, "APPROVE", body);
  }

  async requestChanges(fullName: string, number: number, body: string): Promise<number> {
    return this.review(fullName, number, "REQUEST_CHANGES", body);
  }

  async review(fullName: string, number: number, event: "APPROVE" | "REQUEST_CHANGES" | "COMMENT", body: string): Promise<number> {
    const { owner, repo } = split(fullName);
    return (await this.octokit.rest.pulls.createReview({ owner, repo, pull_number: number, event, body })).data.id;
  }

  async merge(fullName: string, number: number, options: { method?: "merge" | "squash"; sha?: string } = {}): Promise<string> {
    const { owner, repo } = split(fullName);
    const result = await this.octokit.rest.pulls.merge({ owner, repo, pull_number: number, merge_method: options.method ?? "merge", ...(options.sha ? { sha: options.sha } : {}) });
    return result.data.sha;
  }

  async comment(fullName: string, number: number, body: string): Promise<number> {
    const { owner, repo } = split(fullName);
    return (await this.octokit.rest.issues.createComment({ owner, repo, issue_number: number, body })).data.id;
  }

  async close(fullName: string, number: number): Promise<void> {
    const { owner, repo } = split(fullName);
    await this.octokit.rest.pulls.update({ owner, repo, pull_number: number, state: "closed" });
  }

  async retarget(fullName: string, number: number, base: string): Promise<void> {
    const { owner, repo } = split(fullName);
    await this.octokit.rest.pulls.update({ owner, repo, pull_number: number, base });
  }
}
