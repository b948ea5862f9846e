/**
 * Reads back from the embedded GitHub what the app did since the last look:
 * check runs it posted or changed, comments it wrote or edited, pull
 * requests it opened, merged or closed. The story prints these, so every
 * "access-pr answered" line is something GitHub really holds.
 *
 * @example
 *   const answers = new AppAnswers(github.octokitFor("carol"), "acme/access", "access-pr[bot]");
 *   await github.settled();
 *   for (const a of await answers.since()) print(a);
 */
import type { Octokit } from "@octokit/rest";

export type Answer =
  | { kind: "check"; pr: number; name: string; status: string; conclusion: string | null; title: string; summary: string; sha: string }
  | { kind: "comment"; pr: number; body: string; previous: string | null }
  | { kind: "pull-opened"; pr: number; title: string; body: string }
  | { kind: "pull-merged"; pr: number; title: string; by: string }
  | { kind: "pull-closed"; pr: number; title: string }
  | { kind: "labels"; pr: number; labels: string[] };

interface Seen {
  checks: Map<number, string>;
  comments: Map<number, string>;
  pullState: Map<number, string>;
  labels: Map<number, string>;
}

export class AppAnswers {
  private readonly seen: Seen = { checks: new Map(), comments: new Map(), pullState: new Map(), labels: new Map() };
  private readonly owner: string;
  private readonly repo: string;

  constructor(
    private readonly octokit: Octokit,
    fullName: string,
    private readonly bot: string,
  ) {
    [this.owner = "", this.repo = ""] = fullName.split("/");
  }

  /** Everything the app changed since the previous call, oldest pull request first. */
  async since(): Promise<Answer[]> {
    const { owner, repo } = this;
    const pulls = await this.octokit.paginate(this.octokit.rest.pulls.list, { owner, repo, state: "all", per_page: 100 });
    const answers: Answer[] = [];
    for (const pull of pulls.sort((a, b) => a.number - b.number)) {
      const full = (await this.octokit.rest.pulls.get({ owner, repo, pull_number: pull.number })).data;
      const state = full.merged ? "merged" : full.state;
      const before = this.seen.pullState.get(full.number);
      this.seen.pullState.set(full.number, state);
      if (before === undefined && full.user?.login === this.bot) answers.push({ kind: "pull-opened", pr: full.number, title: full.title, body: full.body ?? "" });

      const labels = full.labels.map((l) => l.name).sort();
      const labelKey = labels.join(",");
      if ((this.seen.labels.get(full.number) ?? "") !== labelKey && labels.length > 0) answers.push({ kind: "labels", pr: full.number, labels });
      this.seen.labels.set(full.number, labelKey);

      const shas = [...new Set([full.head.sha, full.merge_commit_sha].filter((s): s is string => typeof s === "string" && s !== ""))];
      for (const sha of shas) answers.push(...(await this.checks(full.number, sha)));
      answers.push(...(await this.comments(full.number)));

      // Last, so a pull request the app opened and merged reads in that order.
      if (before !== state && state === "merged" && full.merged_by?.login === this.bot) answers.push({ kind: "pull-merged", pr: full.number, title: full.title, by: full.merged_by.login });
      if (before !== undefined && before !== state && state === "closed") answers.push({ kind: "pull-closed", pr: full.number, title: full.title });
    }
    return answers;
  }

  private async checks(pr: number, sha: string): Promise<Answer[]> {
    const { owner, repo } = this;
    const runs = (await this.octokit.rest.checks.listForRef({ owner, repo, ref: sha, per_page: 100 })).data.check_runs;
    const out: Answer[] = [];
    for (const run of runs.sort((a, b) => a.id - b.id)) {
      const title = run.output.title ?? "";
      const summary = run.output.summary ?? "";
      const key = [run.head_sha, run.status, run.conclusion, title, summary].join("\u0000");
      if (this.seen.checks.get(run.id) === key) continue;
      this.seen.checks.set(run.id, key);
      out.push({ kind: "check", pr, name: run.name, status: run.status, conclusion: run.conclusion, title, summary, sha });
    }
    return out;
  }

  private async comments(pr: number): Promise<Answer[]> {
    const { owner, repo } = this;
    const comments = await this.octokit.paginate(this.octokit.rest.issues.listComments, { owner, repo, issue_number: pr, per_page: 100 });
    const out: Answer[] = [];
    for (const comment of comments) {
      if (comment.user?.login !== this.bot) continue;
      const body = comment.body ?? "";
      const previous = this.seen.comments.get(comment.id);
      if (previous === body) continue;
      this.seen.comments.set(comment.id, body);
      out.push({ kind: "comment", pr, body, previous: previous ?? null });
    }
    return out;
  }
}
