/**
 * Seeding the embedded GitHub's store in-process, for benches that need a
 * long history fast: a thousand merged pull requests through the REST API
 * cost tens of git processes and HTTP round trips each, minutes in all. Here
 * the git history is written by one `git fast-import` (a branch commit and a
 * merge commit per pull request, exactly the shapes a "merge" merge makes),
 * and the pull requests, their approvals, the activity log and check runs go
 * straight into the store. No webhooks are sent: the app learns of it all as
 * after an outage, from the repository itself.
 *
 * @example
 *   const merged = await seedMergedPulls(github, "acme/access", [{ path: "requests/a.yaml", content: "…", author: "eng-1", approver: "bob", title: "gcp access" }]);
 *   seedCheckRun(github, "acme/access", { name: "access-pr / grant", headSha: merged[0].mergeSha, … });
 */
import { createHash, randomBytes } from "node:crypto";
import { readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { GitHubEmulator } from "./emulator.js";
import type { CheckRun, Pull, Repo } from "./model.js";
import { withRepoLock } from "./model.js";
import { recordActivity } from "./refs.js";

export interface MergedPullSeed {
  /** The one file the pull request adds. */
  path: string;
  content: string;
  /** Who opened it (and pushed its one commit). */
  author: string;
  /** Who approved its head and merged it. */
  approver: string;
  title: string;
}

export interface SeededPull {
  number: number;
  path: string;
  blobSha: string;
  branch: string;
  headSha: string;
  /** The default branch's tip before the merge (the merge commit's first parent). */
  baseSha: string;
  mergeSha: string;
  author: string;
  approver: string;
}

/** git's blob id: sha1 over "blob <length>\0" and the bytes. */
function blobSha(content: string): string {
  const bytes = Buffer.from(content, "utf8");
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

function data(text: string): string {
  return `data ${Buffer.byteLength(text, "utf8")}\n${text}\n`;
}

/**
 * Merges one pull request per seed into the default branch, in order, each
 * branched from the tip the previous one left. Returns them with their shas.
 */
export async function seedMergedPulls(github: GitHubEmulator, fullName: string, seeds: MergedPullSeed[]): Promise<SeededPull[]> {
  const [owner = "", name = ""] = fullName.split("/");
  const { hub } = github;
  const repo = hub.repo(owner, name);
  return withRepoLock(repo, async () => {
    const start = await repo.git.readRef(`refs/heads/${repo.defaultBranch}`);
    if (!start) throw new Error(`${fullName} has no ${repo.defaultBranch} branch to merge into`);
    const when = `${Math.floor(hub.clock.now().getTime() / 1000)} +0000`;
    const sign = (login: string) => {
      const user = hub.user(login);
      return `${user.name} <${user.email}> ${when}`;
    };
    const firstNumber = repo.nextNumber;
    const lines: string[] = [];
    let tip = start;
    for (const [i, seed] of seeds.entries()) {
      const number = firstNumber + i;
      const branch = `${seed.author}/seed-${number}`;
      lines.push(`blob\nmark :${3 * i + 1}\n${data(seed.content)}`);
      lines.push(`commit refs/heads/${branch}\nmark :${3 * i + 2}\nauthor ${sign(seed.author)}\ncommitter ${sign(seed.author)}\n${data(seed.title)}from ${tip}\nM 100644 :${3 * i + 1} ${seed.path}\n`);
      const message = `Merge pull request #${number} from ${owner}/${branch}\n\n${seed.title}\n`;
      lines.push(`commit refs/heads/${repo.defaultBranch}\nmark :${3 * i + 3}\nauthor ${sign(seed.approver)}\ncommitter GitHub <noreply@github.com> ${when}\n${data(message)}from ${tip}\nmerge :${3 * i + 2}\nM 100644 :${3 * i + 1} ${seed.path}\n`);
      tip = `:${3 * i + 3}`;
    }
    const marksFile = join(tmpdir(), `access-pr-seed-${randomBytes(6).toString("hex")}.marks`);
    try {
      await repo.git.run(["fast-import", "--quiet", `--export-marks=${marksFile}`], { input: lines.join("") });
      const marks = new Map((await readFile(marksFile, "utf8")).split("\n").filter(Boolean).map((line) => line.split(" ") as [string, string]));
      const sha = (mark: number) => marks.get(`:${mark}`) ?? "";
      let base = start;
      return seeds.map((seed, i) => {
        const pulled = recordMergedPull(github, repo, seed, { number: firstNumber + i, headSha: sha(3 * i + 2), baseSha: base, mergeSha: sha(3 * i + 3) });
        base = pulled.mergeSha;
        return pulled;
      });
    } finally {
      await rm(marksFile, { force: true });
    }
  });
}

function recordMergedPull(github: GitHubEmulator, repo: Repo, seed: MergedPullSeed, shas: { number: number; headSha: string; baseSha: string; mergeSha: string }): SeededPull {
  const { hub } = github;
  const now = hub.now();
  const branch = `${seed.author}/seed-${shas.number}`;
  const review = { id: hub.nextId(), user: seed.approver, state: "APPROVED" as const, body: "", commitId: shas.headSha, submittedAt: now };
  const pull: Pull = {
    number: shas.number,
    id: hub.nextId(),
    title: seed.title,
    body: "",
    user: seed.author,
    head: branch,
    base: repo.defaultBranch,
    headSha: shas.headSha,
    baseSha: shas.baseSha,
    state: "closed",
    draft: false,
    merged: true,
    mergedBy: seed.approver,
    mergeCommitSha: shas.mergeSha,
    createdAt: now,
    updatedAt: now,
    closedAt: now,
    mergedAt: now,
    labels: [],
    reviews: [review],
    requestedReviewers: [],
    requestedTeams: [],
  };
  repo.pulls.set(pull.number, pull);
  repo.nextNumber = Math.max(repo.nextNumber, pull.number + 1);
  recordActivity(hub, repo, seed.author, `refs/heads/${branch}`, null, shas.headSha, "branch_creation");
  recordActivity(hub, repo, seed.approver, `refs/heads/${repo.defaultBranch}`, shas.baseSha, shas.mergeSha, "pr_merge");
  repo.pushedAt = now;
  return { number: pull.number, path: seed.path, blobSha: blobSha(seed.content), branch, headSha: shas.headSha, baseSha: shas.baseSha, mergeSha: shas.mergeSha, author: seed.author, approver: seed.approver };
}

export interface CheckRunSeed {
  name: string;
  headSha: string;
  externalId: string;
  conclusion: NonNullable<CheckRun["conclusion"]>;
  title: string;
  summary: string;
  text: string;
}

/** A completed check run by the embedded GitHub's own app (the one the app under test runs as), as if it had written it. */
export function seedCheckRun(github: GitHubEmulator, fullName: string, seed: CheckRunSeed): number {
  const [owner = "", name = ""] = fullName.split("/");
  const { hub } = github;
  const repo = hub.repo(owner, name);
  const now = hub.now();
  const run: CheckRun = {
    id: hub.nextId(),
    name: seed.name,
    headSha: seed.headSha,
    status: "completed",
    conclusion: seed.conclusion,
    startedAt: now,
    completedAt: now,
    externalId: seed.externalId,
    detailsUrl: null,
    output: { title: seed.title, summary: seed.summary, text: seed.text, annotations: [] },
    app: { id: hub.app.appId, slug: hub.app.slug },
  };
  repo.checkRuns.set(run.id, run);
  return run.id;
}
