import { emitReviewRequested, requestCodeOwners } from "./code-owner-requests.js";
import type { Hub } from "./hub.js";
import { HttpError } from "./http-kit.js";
import type { Pull, Repo } from "./model.js";
import { mayBypass } from "./routes-git.js";
import { moveRef } from "./refs.js";
import { mergeViolations, violationMessage } from "./rulesets.js";
import { pullShape } from "./shapes-pull.js";

export async function emitPull(hub: Hub, repo: Repo, pull: Pull, sender: string, action: string, extra: Record<string, unknown> = {}): Promise<void> {
  hub.emit("pull_request", repo, sender, { action, number: pull.number, ...extra, pull_request: await pullShape(hub, repo, pull) });
}

export function findPull(repo: Repo, number: string | undefined): Pull {
  const pull = repo.pulls.get(Number(number));
  if (!pull) throw new HttpError(404, "Not Found");
  return pull;
}

export async function openPull(
  hub: Hub,
  repo: Repo,
  login: string,
  input: { title: string; head: string; base: string; body: string | null; draft: boolean },
): Promise<Pull> {
  const head = input.head.includes(":") ? input.head.split(":")[1] ?? "" : input.head;
  const invalid = (fieldName: string) =>
    new HttpError(422, "Validation Failed", { errors: [{ resource: "PullRequest", field: fieldName, code: "invalid" }] });
  const headSha = await repo.git.readRef(`refs/heads/${head}`);
  if (!headSha) throw invalid("head");
  const baseSha = await repo.git.readRef(`refs/heads/${input.base}`);
  if (!baseSha) throw invalid("base");
  for (const other of repo.pulls.values()) {
    if (other.state === "open" && other.head === head && other.base === input.base) {
      throw new HttpError(422, "Validation Failed", {
        errors: [{ resource: "PullRequest", code: "custom", message: `A pull request already exists for ${repo.owner}:${head}.` }],
      });
    }
  }
  if (await repo.git.isAncestor(headSha, baseSha)) {
    throw new HttpError(422, "Validation Failed", {
      errors: [{ resource: "PullRequest", code: "custom", message: `No commits between ${input.base} and ${head}` }],
    });
  }
  const now = hub.now();
  const pull: Pull = {
    number: repo.nextNumber++,
    id: hub.nextId(),
    title: input.title,
    body: input.body,
    user: login,
    head,
    base: input.base,
    headSha,
    baseSha,
    state: "open",
    draft: input.draft,
    merged: false,
    mergedBy: null,
    mergeCommitSha: null,
    createdAt: now,
    updatedAt: now,
    closedAt: null,
    mergedAt: null,
    labels: [],
    reviews: [],
    requestedReviewers: [],
    requestedTeams: [],
  };
  repo.pulls.set(pull.number, pull);
  // GitHub asks the code owners as it opens the pull request: the `opened` payload already lists them.
  const owners = await requestCodeOwners(hub, repo, pull, "opened");
  await emitPull(hub, repo, pull, login, "opened");
  await emitReviewRequested(hub, repo, pull, login, owners);
  return pull;
}

/** Why branch protection refuses this merge, or null when it may go ahead. */
export function protectionRefusal(hub: Hub, repo: Repo, pull: Pull, login: string): string | null {
  const required = repo.protection.requiredApprovals ?? 0;
  if (required === 0 || pull.base !== repo.defaultBranch || mayBypass(hub, repo, login)) return null;
  const latest = new Map<string, string>();
  for (const review of pull.reviews) {
    if (review.user === pull.user || review.state === "COMMENTED") continue;
    latest.set(review.user, review.state);
  }
  const states = [...latest.values()];
  if (states.includes("CHANGES_REQUESTED")) return "Changes have been requested.";
  const approvals = states.filter((s) => s === "APPROVED").length;
  if (approvals < required) {
    return `At least ${required} approving review${required === 1 ? " is" : "s are"} required by reviewers with write access.`;
  }
  return null;
}

export async function mergePull(
  hub: Hub,
  repo: Repo,
  pull: Pull,
  login: string,
  input: { method: string; sha?: string; title?: string; message?: string },
): Promise<string> {
  if (pull.state !== "open") throw new HttpError(405, "Pull Request is not mergeable");
  if (input.sha && input.sha !== pull.headSha) throw new HttpError(409, "Head branch was modified. Review and try the merge again.");
  if (!["merge", "squash"].includes(input.method)) throw new HttpError(405, `Merge method ${input.method} is not allowed on this repository`);
  const refusal = protectionRefusal(hub, repo, pull, login);
  if (refusal) throw new HttpError(405, refusal);
  const violations = mergeViolations(hub, repo, pull, login);
  if (violations.length > 0) throw new HttpError(405, violationMessage(violations));
  const baseSha = await repo.git.readRef(`refs/heads/${pull.base}`);
  if (!baseSha) throw new HttpError(405, "Pull Request is not mergeable");
  const { tree } = await repo.git.mergeTree(baseSha, pull.headSha);
  if (!tree) throw new HttpError(405, "Pull Request is not mergeable");
  const merger = hub.user(login);
  const now = hub.clock.now();
  const squash = input.method === "squash";
  const title = input.title ?? (squash ? `${pull.title} (#${pull.number})` : `Merge pull request #${pull.number} from ${repo.owner}/${pull.head}`);
  const message = input.message ?? (squash ? (pull.body ?? "") : pull.title);
  const author = squash ? hub.user(pull.user) : merger;
  const sha = await repo.git.commitTree({
    tree,
    parents: squash ? [baseSha] : [baseSha, pull.headSha],
    message: message ? `${title}\n\n${message}\n` : `${title}\n`,
    author: { name: author.name, email: author.email, date: now },
    committer: { name: "GitHub", email: "noreply@github.com", date: now },
  });
  await moveRef(hub, repo, login, `refs/heads/${pull.base}`, sha, { expected: baseSha, activityType: "pr_merge" });
  const stamp = hub.now();
  Object.assign(pull, { state: "closed", merged: true, mergedBy: login, mergeCommitSha: sha, mergedAt: stamp, closedAt: stamp, updatedAt: stamp, baseSha });
  await emitPull(hub, repo, pull, login, "closed");
  return sha;
}
