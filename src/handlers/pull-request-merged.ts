/**
 * `pull_request.closed` with a merge into the default branch: reconcile the
 * repo at once (the run re-verifies the merge, grants all or nothing, or
 * reverts an unapproved merge) unless the `push` of the same merge already
 * did or it touches no request file, and tell each request this PR removed
 * that its access ended early.
 */
import type { Context } from "probot";
import { knownMergedFiles } from "../github/merged-files.js";
import { isRequestPath } from "../github/read-files.js";
import { addingPullOf } from "../lifecycle/read-requests.js";
import type { LifecycleService } from "../lifecycle/lifecycle-service.js";
import { isAppRevert } from "../lifecycle/revert-text.js";
import { recordOutcome } from "../lifecycle/plan-outcome-comment.js";
import { storySection } from "../render/plan-outcome.js";
import { revokedText } from "../lifecycle/story-text.js";

/**
 * @example
 *   app.on("pull_request.closed", (context) => handlePullRequestMerged(context, lifecycle));
 */
export async function handlePullRequestMerged(context: Context<"pull_request.closed">, lifecycle: LifecycleService): Promise<void> {
  const { payload } = context;
  const pull = payload.pull_request;
  if (!pull.merged || pull.base.ref !== payload.repository.default_branch || !payload.installation) return;
  // Our own reverts follow a run that already revoked and told the story of what they remove.
  if (isAppRevert(pull, lifecycle.context.botLogin)) return;
  const repo = context.repo();
  const gh = context.octokit;
  lifecycle.noteDefaultBranch(repo, payload.repository.default_branch);
  // The run that judged the request files this merge added read its files already (merged-files.ts).
  type File = { filename: string; status: string; previous_filename?: string };
  const known = (): File[] | undefined => knownMergedFiles(repo, pull.number, pull.merge_commit_sha)?.map((f) => ({ filename: f.path, status: f.status, ...(f.previousPath === undefined ? {} : { previous_filename: f.previousPath }) }));
  const list = async (): Promise<File[]> => gh.paginate(gh.rest.pulls.listFiles, { ...repo, pull_number: pull.number, per_page: 100 });
  let files = known();
  // A merge sends `pull_request.closed` and `push`: when the run for the push already reconciled this very commit, there is nothing to add.
  if (pull.merge_commit_sha && (await lifecycle.reconciledHead(repo)) === pull.merge_commit_sha) {
    context.log.info({ pr: pull.number, head: pull.merge_commit_sha }, "this merge was just reconciled; no second run");
  } else {
    // A merge that touches no request file needs no run here: the push of the same merge runs one.
    const listed = files ?? (files = await list());
    if (!listed.some((f) => isRequestPath(f.filename) || (f.previous_filename !== undefined && isRequestPath(f.previous_filename)))) return;
    const report = await lifecycle.run(repo, payload.installation.id, "reconcile");
    context.log.info({ pr: pull.number, granted: report.granted, failed: report.failed, revoked: report.revoked }, "merged pull request reconciled");
  }
  const merged = files ?? known() ?? (await list());

  const mergedAt = new Date(pull.merged_at ?? Date.now());
  for (const file of merged.filter((f) => f.status === "removed" && isRequestPath(f.filename))) {
    const original = await addingPullOf(gh, repo, file.filename, pull.merge_commit_sha ?? payload.repository.default_branch, pull.base.ref);
    if (!original || original.number === pull.number) continue;
    const text = revokedText(`the request file was removed by #${pull.number}`, mergedAt, "");
    await recordOutcome(gh, repo, original.number, { sections: [storySection(file.filename, "ended", text)], story: { entry: "ended-early", text } }, lifecycle.context.botLogin);
  }
}
