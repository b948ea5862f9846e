import type { components } from "@octokit/openapi-types";
import type { DiffEntry, GitCommitData, GitSignature } from "./git.js";
import type { Hub } from "./hub.js";
import type { Repo } from "./model.js";
import { simpleUser } from "./shapes-common.js";

type Schemas = components["schemas"];

const iso = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, "Z");
const gitUser = (sig: GitSignature) => ({ name: sig.name, email: sig.email, date: iso(sig.date) });
const unsigned = { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null };

export function gitCommitShape(hub: Hub, repo: Repo, c: GitCommitData): Schemas["git-commit"] {
  const api = `${hub.url}/repos/${repo.fullName}`;
  return {
    sha: c.sha,
    node_id: Buffer.from(`Commit${c.sha}`).toString("base64"),
    url: `${api}/git/commits/${c.sha}`,
    html_url: `${hub.url}/${repo.fullName}/commit/${c.sha}`,
    author: gitUser(c.author),
    committer: gitUser(c.committer),
    message: c.message.replace(/\n$/, ""),
    tree: { sha: c.tree, url: `${api}/git/trees/${c.tree}` },
    parents: c.parents.map((sha) => ({ sha, url: `${api}/git/commits/${sha}`, html_url: `${hub.url}/${repo.fullName}/commit/${sha}` })),
    verification: unsigned,
  };
}

export function commitShape(hub: Hub, repo: Repo, c: GitCommitData, files?: DiffEntry[]): Schemas["commit"] {
  const api = `${hub.url}/repos/${repo.fullName}`;
  const author = hub.userByEmail(c.author.email);
  const committer = hub.userByEmail(c.committer.email);
  const shape: Schemas["commit"] = {
    url: `${api}/commits/${c.sha}`,
    sha: c.sha,
    node_id: Buffer.from(`Commit${c.sha}`).toString("base64"),
    html_url: `${hub.url}/${repo.fullName}/commit/${c.sha}`,
    comments_url: `${api}/commits/${c.sha}/comments`,
    commit: {
      url: `${api}/git/commits/${c.sha}`,
      author: gitUser(c.author),
      committer: gitUser(c.committer),
      message: c.message.replace(/\n$/, ""),
      comment_count: 0,
      tree: { sha: c.tree, url: `${api}/git/trees/${c.tree}` },
      verification: unsigned,
    },
    author: author ? simpleUser(hub, author) : null,
    committer: committer ? simpleUser(hub, committer) : null,
    parents: c.parents.map((sha) => ({ sha, url: `${api}/commits/${sha}`, html_url: `${hub.url}/${repo.fullName}/commit/${sha}` })),
  };
  if (files) {
    const additions = files.reduce((n, f) => n + f.additions, 0);
    const deletions = files.reduce((n, f) => n + f.deletions, 0);
    shape.stats = { additions, deletions, total: additions + deletions };
    shape.files = files.map((f) => diffEntryShape(hub, repo, c.sha, f));
  }
  return shape;
}

export function diffEntryShape(hub: Hub, repo: Repo, ref: string, f: DiffEntry): Schemas["diff-entry"] {
  const path = f.path.split("/").map(encodeURIComponent).join("/");
  return {
    sha: f.newSha ?? f.oldSha,
    filename: f.path,
    status: f.status,
    ...(f.previousPath !== undefined ? { previous_filename: f.previousPath } : {}),
    additions: f.additions,
    deletions: f.deletions,
    changes: f.additions + f.deletions,
    blob_url: `${hub.url}/${repo.fullName}/blob/${ref}/${path}`,
    raw_url: `${hub.url}/${repo.fullName}/raw/${ref}/${path}`,
    contents_url: `${hub.url}/repos/${repo.fullName}/contents/${path}?ref=${ref}`,
  };
}

export function refShape(hub: Hub, repo: Repo, ref: string, sha: string): Schemas["git-ref"] {
  const api = `${hub.url}/repos/${repo.fullName}`;
  return {
    ref,
    node_id: Buffer.from(`Ref${repo.id}:${ref}`).toString("base64"),
    url: `${api}/git/${ref}`,
    object: { type: "commit", sha, url: `${api}/git/commits/${sha}` },
  };
}

export function contentLinks(hub: Hub, repo: Repo, path: string, sha: string, ref: string, type: "file" | "dir") {
  const api = `${hub.url}/repos/${repo.fullName}`;
  const encoded = path.split("/").map(encodeURIComponent).join("/");
  const self = `${api}/contents/${encoded}?ref=${encodeURIComponent(ref)}`;
  const git = `${api}/git/${type === "file" ? "blobs" : "trees"}/${sha}`;
  const html = `${hub.url}/${repo.fullName}/${type === "file" ? "blob" : "tree"}/${ref}/${encoded}`;
  return {
    url: self,
    git_url: git,
    html_url: html,
    download_url: type === "file" ? `${hub.url}/${repo.fullName}/raw/${ref}/${encoded}` : null,
    _links: { self, git, html },
  };
}
