import { emitReviewRequested, requestCodeOwners } from "./code-owner-requests.js";
import type { Hub } from "./hub.js";
import { HttpError } from "./http-kit.js";
import type { Activity, Repo } from "./model.js";
import { pullShape } from "./shapes-pull.js";

const ZERO = "0".repeat(40);

/**
 * Moves (or creates, or deletes with `sha: null`) a ref and tells the world:
 * an entry in the repository's activity log and a `push` webhook for every
 * ref update, and `pull_request.synchronize` for open pull requests whose
 * head moved (which is also when GitHub refreshes their `base.sha`).
 */
export async function moveRef(
  hub: Hub,
  repo: Repo,
  sender: string,
  ref: string,
  sha: string | null,
  options: { force?: boolean; expected?: string | null; activityType?: "pr_merge" } = {},
): Promise<void> {
  const before = await repo.git.readRef(ref);
  if (options.expected !== undefined && before !== options.expected) {
    throw new HttpError(409, "Reference update failed: the ref moved meanwhile");
  }
  if (sha === null) {
    if (!before) throw new HttpError(422, "Reference does not exist");
    await repo.git.deleteRef(ref);
  } else {
    if ((await repo.git.objectType(sha)) !== "commit") throw new HttpError(422, "Object does not exist");
    if (before && !options.force && !(await repo.git.isAncestor(before, sha))) {
      throw new HttpError(422, "Update is not a fast forward");
    }
    await repo.git.updateRef(ref, sha, before);
  }
  repo.pushedAt = hub.now();
  recordActivity(hub, repo, sender, ref, before, sha, options.activityType ?? (before === null ? "branch_creation" : sha === null ? "branch_deletion" : options.force && !(await repo.git.isAncestor(before, sha)) ? "force_push" : "push"));
  await emitPush(hub, repo, sender, ref, before, sha, options.force ?? false);
  if (!ref.startsWith("refs/heads/") || sha === null) return;
  const branch = ref.slice("refs/heads/".length);
  for (const pull of repo.pulls.values()) {
    if (pull.state !== "open" || pull.head !== branch || pull.headSha === sha) continue;
    pull.headSha = sha;
    pull.baseSha = (await repo.git.readRef(`refs/heads/${pull.base}`)) ?? pull.baseSha;
    pull.updatedAt = hub.now();
    hub.emit("pull_request", repo, sender, {
      action: "synchronize",
      number: pull.number,
      before: before ?? ZERO,
      after: sha,
      pull_request: await pullShape(hub, repo, pull),
    });
    await emitReviewRequested(hub, repo, pull, sender, await requestCodeOwners(hub, repo, pull, "push"));
  }
}

/** Appends to the activity log, as GitHub records every ref update with who made it. */
export function recordActivity(hub: Hub, repo: Repo, actor: string, ref: string, before: string | null, after: string | null, activityType: Activity["activityType"]): void {
  repo.activity.push({ id: hub.nextId(), ref, before: before ?? ZERO, after: after ?? ZERO, activityType, actor, timestamp: hub.now() });
}

async function emitPush(hub: Hub, repo: Repo, sender: string, ref: string, before: string | null, after: string | null, forced: boolean): Promise<void> {
  const shas = after ? await repo.git.commitsBetween(before && !forced ? before : null, after) : [];
  const commits = [];
  for (const sha of shas.slice(-20)) {
    const c = await repo.git.readCommit(sha);
    commits.push({
      id: sha,
      tree_id: c.tree,
      distinct: true,
      message: c.message.replace(/\n$/, ""),
      timestamp: c.committer.date.toISOString().replace(/\.\d{3}Z$/, "Z"),
      url: `${hub.url}/${repo.fullName}/commit/${sha}`,
      author: { name: c.author.name, email: c.author.email, username: hub.userByEmail(c.author.email)?.login },
      committer: { name: c.committer.name, email: c.committer.email, username: hub.userByEmail(c.committer.email)?.login },
      added: [],
      removed: [],
      modified: [],
    });
  }
  const user = hub.users.get(sender);
  hub.emit("push", repo, sender, {
    ref,
    before: before ?? ZERO,
    after: after ?? ZERO,
    created: before === null,
    deleted: after === null,
    forced,
    base_ref: null,
    compare: `${hub.url}/${repo.fullName}/compare/${(before ?? ZERO).slice(0, 12)}...${(after ?? ZERO).slice(0, 12)}`,
    commits,
    head_commit: commits.at(-1) ?? null,
    pusher: { name: sender, email: user?.email ?? null },
  });
}
