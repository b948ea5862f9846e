import type { GitHubRouter } from "./call.js";
import type { Actor, Hub } from "./hub.js";
import { HttpError, field, notFound, optional } from "./http-kit.js";
import type { Repo } from "./model.js";
import { withRepoLock } from "./model.js";
import { moveRef } from "./refs.js";
import { pushViolations, violationMessage } from "./rulesets.js";
import { gitCommitShape, refShape } from "./shapes-git.js";

const R = "/repos/{owner}/{repo}";

/**
 * The entry modes of "Create a tree" (docs.github.com/rest/git/trees#create-a-tree): 100644 file and
 * 100755 executable (blob), 040000 subdirectory (tree), 160000 submodule (commit), 120000 symlink (blob).
 */
const TYPE_OF_MODE: Record<string, "blob" | "tree" | "commit"> = { "100644": "blob", "100755": "blob", "040000": "tree", "160000": "commit", "120000": "blob" };

function fullRef(ref: string): string {
  return ref.startsWith("refs/") ? ref : `refs/${ref}`;
}

/** Direct writes to a protected default branch are refused unless the caller may bypass protection. */
export function mayBypass(hub: Hub, repo: Repo, login: string): boolean {
  const bypass = repo.protection.bypass ?? [];
  if (bypass.includes(login) || (login === hub.botLogin && bypass.includes(hub.app.slug))) return true;
  return (repo.protection.adminsCanBypass ?? true) && hub.permission(repo, login) === "admin";
}

function guardProtected(hub: Hub, repo: Repo, actor: Actor, ref: string, kind: "creation" | "update" | "deletion" | "force" = "update"): void {
  if (ref.startsWith("refs/heads/") && kind !== "creation") {
    const violations = pushViolations(hub, repo, ref.slice("refs/heads/".length), hub.actorLogin(actor), kind);
    if (violations.length > 0) throw new HttpError(422, violationMessage(violations));
  }
  const protectedRef = `refs/heads/${repo.defaultBranch}`;
  if (ref !== protectedRef || !(repo.protection.requiredApprovals ?? 0)) return;
  if (!mayBypass(hub, repo, hub.actorLogin(actor))) {
    throw new HttpError(422, `Protected branch update failed for ${protectedRef}.`);
  }
}

async function treeOf(repo: Repo, treeish: string): Promise<string> {
  const { stdout, code } = await repo.git.run(["rev-parse", "--verify", "--quiet", `${treeish}^{tree}`], { okCodes: [1, 128] });
  if (code !== 0 || treeish.startsWith("-")) throw notFound();
  return stdout.toString().trim();
}

export function gitRoutes(router: GitHubRouter): void {
  const listRefs = async (hub: Hub, repo: Repo, prefix: string) =>
    (await repo.git.listRefs("refs/")).filter((r) => r.ref.startsWith(fullRef(prefix))).map((r) => refShape(hub, repo, r.ref, r.sha));

  router.on(`GET ${R}/git/ref/{ref+}`, async ({ hub, actor, params }) => {
    const repo = hub.requireRepo(actor, params.owner ?? "", params.repo ?? "");
    const sha = await repo.git.readRef(fullRef(params.ref ?? ""));
    if (!sha || !fullRef(params.ref ?? "").startsWith("refs/")) throw notFound();
    return { body: refShape(hub, repo, fullRef(params.ref ?? ""), sha) };
  });

  router.on(`GET ${R}/git/refs/{ref+}`, async ({ hub, actor, params }) => {
    const repo = hub.requireRepo(actor, params.owner ?? "", params.repo ?? "");
    const ref = fullRef(params.ref ?? "");
    const exact = (await repo.git.listRefs(ref)).find((r) => r.ref === ref);
    if (exact) return { body: refShape(hub, repo, exact.ref, exact.sha) };
    const matching = await listRefs(hub, repo, params.ref ?? "");
    if (matching.length === 0) throw notFound();
    return { body: matching };
  });

  router.on(`GET ${R}/git/matching-refs/{ref+}`, async ({ hub, actor, params }) => {
    const repo = hub.requireRepo(actor, params.owner ?? "", params.repo ?? "");
    return { body: await listRefs(hub, repo, params.ref ?? "") };
  });

  router.on(`POST ${R}/git/refs`, async ({ hub, actor, params, body }) => {
    const repo = hub.requireRepo(actor, params.owner ?? "", params.repo ?? "", "write");
    const ref = field(body, "ref");
    const sha = field(body, "sha");
    if (!/^refs\/(heads|tags)\/[^\s~^:?*[\\]+$/.test(ref) || ref.includes("..")) {
      throw new HttpError(422, `${ref} is not a valid ref name.`);
    }
    guardProtected(hub, repo, actor, ref, "creation");
    return withRepoLock(repo, async () => {
      if (await repo.git.readRef(ref)) throw new HttpError(422, "Reference already exists");
      await moveRef(hub, repo, hub.actorLogin(actor), ref, sha, { expected: null });
      return { status: 201, body: refShape(hub, repo, ref, sha) };
    });
  });

  router.on(`PATCH ${R}/git/refs/{ref+}`, async ({ hub, actor, params, body }) => {
    const repo = hub.requireRepo(actor, params.owner ?? "", params.repo ?? "", "write");
    const ref = fullRef(params.ref ?? "");
    const sha = field(body, "sha");
    guardProtected(hub, repo, actor, ref, optional<boolean>(body, "force") === true ? "force" : "update");
    return withRepoLock(repo, async () => {
      if (!(await repo.git.readRef(ref))) throw new HttpError(422, "Reference does not exist");
      await moveRef(hub, repo, hub.actorLogin(actor), ref, sha, { force: optional<boolean>(body, "force") === true });
      return { body: refShape(hub, repo, ref, sha) };
    });
  });

  router.on(`DELETE ${R}/git/refs/{ref+}`, async ({ hub, actor, params }) => {
    const repo = hub.requireRepo(actor, params.owner ?? "", params.repo ?? "", "write");
    const ref = fullRef(params.ref ?? "");
    guardProtected(hub, repo, actor, ref, "deletion");
    return withRepoLock(repo, async () => {
      await moveRef(hub, repo, hub.actorLogin(actor), ref, null);
      return { status: 204 };
    });
  });

  router.on(`POST ${R}/git/blobs`, async ({ hub, actor, params, body }) => {
    const repo = hub.requireRepo(actor, params.owner ?? "", params.repo ?? "", "write");
    const content = optional<string>(body, "content");
    if (typeof content !== "string") throw new HttpError(422, `Invalid request.\n\n"content" wasn't supplied.`);
    const encoding = optional<string>(body, "encoding") ?? "utf-8";
    const sha = await repo.git.hashBlob(Buffer.from(content, encoding === "base64" ? "base64" : "utf8"));
    return { status: 201, body: { sha, url: `${hub.url}/repos/${repo.fullName}/git/blobs/${sha}` } };
  });

  router.on(`GET ${R}/git/blobs/{file_sha}`, async ({ hub, actor, params }) => {
    const repo = hub.requireRepo(actor, params.owner ?? "", params.repo ?? "");
    const sha = params.file_sha ?? "";
    if (!/^[0-9a-f]{40}$/.test(sha) || (await repo.git.objectType(sha)) !== "blob") throw notFound();
    const content = await repo.git.readBlob(sha);
    return {
      body: { sha, node_id: Buffer.from(`Blob${sha}`).toString("base64"), size: content.length, url: `${hub.url}/repos/${repo.fullName}/git/blobs/${sha}`, content: content.toString("base64"), encoding: "base64" },
    };
  });

  router.on(`POST ${R}/git/trees`, async ({ hub, actor, params, body }) => {
    const repo = hub.requireRepo(actor, params.owner ?? "", params.repo ?? "", "write");
    const entries = optional<Array<{ path?: string; mode?: string; type?: string; sha?: string | null; content?: string }>>(body, "tree");
    if (!Array.isArray(entries)) throw new HttpError(422, `Invalid request.\n\n"tree" wasn't supplied.`);
    const baseTree = optional<string>(body, "base_tree");
    const changes = [];
    const blobs = new Set<string>();
    for (const entry of entries) {
      if (!entry.path) throw new HttpError(422, "tree.path wasn't supplied.");
      const mode = entry.mode ?? "100644";
      const type = TYPE_OF_MODE[mode];
      if (!type) throw new HttpError(422, `Must supply a valid tree.mode: ${mode} is not one of ${Object.keys(TYPE_OF_MODE).join(", ")}`);
      if (entry.type !== undefined && entry.type !== type) throw new HttpError(422, `tree.type ${entry.type} does not match tree.mode ${mode} (${type})`);
      if (type === "tree" && entry.sha) {
        for (const inner of await repo.git.lsTree(entry.sha, { recursive: true })) {
          if (inner.type !== "tree") changes.push({ path: `${entry.path}/${inner.path}`, sha: inner.sha, mode: inner.mode });
        }
        continue;
      }
      const sha = entry.content !== undefined ? await repo.git.hashBlob(entry.content) : (entry.sha ?? null);
      // A submodule names a commit of another repository, which need not exist here.
      if (sha && type === "commit" && !/^[0-9a-f]{40}$/.test(sha)) throw new HttpError(422, `tree.sha ${sha} is not a valid commit sha`);
      if (sha && type === "blob" && !blobs.has(sha)) {
        if ((await repo.git.objectType(sha)) !== "blob") throw new HttpError(422, `tree.sha ${sha} is not a valid blob`);
        blobs.add(sha);
      }
      changes.push({ path: entry.path, sha, mode });
    }
    const tree = await repo.git.writeTree(baseTree ? await treeOf(repo, baseTree) : null, changes);
    return { status: 201, body: await treeBody(hub, repo, tree, false) };
  });

  router.on(`GET ${R}/git/trees/{tree_sha}`, async ({ hub, actor, params, query }) => {
    const repo = hub.requireRepo(actor, params.owner ?? "", params.repo ?? "");
    const recursive = query.has("recursive") && !["0", "false"].includes(query.get("recursive") ?? "");
    return { body: await treeBody(hub, repo, await treeOf(repo, params.tree_sha ?? ""), recursive) };
  });

  router.on(`POST ${R}/git/commits`, async ({ hub, actor, params, body }) => {
    const repo = hub.requireRepo(actor, params.owner ?? "", params.repo ?? "", "write");
    const user = hub.user(hub.actorLogin(actor));
    const tree = await treeOf(repo, field(body, "tree"));
    const parents = optional<string[]>(body, "parents") ?? [];
    for (const parent of parents) if ((await repo.git.objectType(parent)) !== "commit") throw new HttpError(422, `Invalid parent ${parent}`);
    const who = (key: string) => {
      const given = optional<{ name?: string; email?: string; date?: string }>(body, key);
      return { name: given?.name ?? user.name, email: given?.email ?? user.email, date: given?.date ? new Date(given.date) : hub.clock.now() };
    };
    const author = who("author");
    const sha = await repo.git.commitTree({ tree, parents, message: field(body, "message"), author, committer: optional(body, "committer") ? who("committer") : author });
    return { status: 201, body: gitCommitShape(hub, repo, await repo.git.readCommit(sha)) };
  });

  router.on(`GET ${R}/git/commits/{commit_sha}`, async ({ hub, actor, params }) => {
    const repo = hub.requireRepo(actor, params.owner ?? "", params.repo ?? "");
    const sha = params.commit_sha ?? "";
    if (!/^[0-9a-f]{40}$/.test(sha) || (await repo.git.objectType(sha)) !== "commit") throw notFound();
    return { body: gitCommitShape(hub, repo, await repo.git.readCommit(sha)) };
  });
}

async function treeBody(hub: Hub, repo: Repo, tree: string, recursive: boolean) {
  const api = `${hub.url}/repos/${repo.fullName}`;
  const entries = await repo.git.lsTree(tree, { recursive });
  return {
    sha: tree,
    url: `${api}/git/trees/${tree}`,
    truncated: false,
    tree: entries.map((e) => ({
      path: e.path,
      mode: e.mode,
      type: e.type,
      sha: e.sha,
      ...(e.size !== undefined ? { size: e.size } : {}),
      url: `${api}/git/${e.type === "tree" ? "trees" : "blobs"}/${e.sha}`,
    })),
  };
}
