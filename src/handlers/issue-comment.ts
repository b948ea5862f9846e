/**
 * `/revoke` on a merged request PR: the requester, an approver whose approval
 * counted (as the app recorded it at the merge), or a code owner ends the
 * access now. The authorised request is one more input of a lifecycle run
 * ("end these files early, by X as Y, at T"): the run revokes, merges the
 * revert and tells the story, as for any other end. Anyone else gets a polite
 * refusal. Replies are marked per comment, so a redelivered comment changes
 * nothing twice.
 */
import type { Context } from "probot";
import { ownersOf } from "../codeowners/owners-of.js";
import { codeownersFrom } from "../evaluate/config-checks.js";
import { upsertMarkedComment } from "../github/marked-comment.js";
import { resolveActiveMembers } from "../github/teams.js";
import type { LifecycleService } from "../lifecycle/lifecycle-service.js";
import { mayRevoke, revokeRefusedText } from "../lifecycle/revoke-authorization.js";
import { portFor, runOnPort } from "../lifecycle/run-lifecycle.js";

export function isRevokeCommand(body: string): boolean {
  return /^\/revoke(\s|$)/.test(body.trim());
}

/**
 * @example
 *   app.on("issue_comment.created", (context) => handleIssueComment(context, lifecycle));
 */
export async function handleIssueComment(context: Context<"issue_comment.created">, lifecycle: LifecycleService): Promise<void> {
  const { payload } = context;
  if (!payload.issue.pull_request || !isRevokeCommand(payload.comment.body) || payload.comment.user?.type === "Bot") return;
  const gh = context.octokit;
  const repo = context.repo();
  const number = payload.issue.number;
  const commenter = payload.comment.user?.login ?? "";
  const { botLogin } = lifecycle.context;
  const reply = (text: string) => upsertMarkedComment(gh, repo, number, `revoke-reply-${payload.comment.id}`, text, botLogin);

  const { data: pull } = await gh.rest.pulls.get({ ...repo, pull_number: number });
  const defaultBranch = payload.repository.default_branch;
  if (!pull.merged_at || pull.base.ref !== defaultBranch) {
    await reply(`@${commenter}, \`/revoke\` ends access that a merged request granted; #${number} is not merged into ${defaultBranch}, so there is nothing to revoke. Close the pull request instead.`);
    return;
  }
  lifecycle.noteDefaultBranch(repo, defaultBranch);

  // In the repo's queue: a sweep of this process never ends the same files at the same moment, and what
  // is still on the default branch is read once, inside it, so an end that just happened is not repeated.
  await lifecycle.exclusive(repo, async () => {
    const port = portFor(gh, repo, lifecycle.context);
    const gathered = await port.gather();
    const requests = gathered.requests.filter((r) => r.pr === number || (r.status === "backed" && r.versionPr === number));
    if (requests.length === 0 && gathered.undetermined.length > 0) {
      // Fail closed, and say so: the file may be this pull request's, and nothing is known about it now.
      await reply(`@${commenter}, access-pr could not read back what backs ${gathered.undetermined.map((u) => `\`${u.path}\``).join(", ")} on ${gathered.defaultBranch} (GitHub did not answer), so it cannot tell whether #${number} is still active. Nothing was changed; comment \`/revoke\` again in a minute.`);
      return;
    }
    if (requests.length === 0) {
      await reply(`@${commenter}, nothing from #${number} is active any more: its request file is no longer on ${gathered.defaultBranch}. Nothing was changed.`);
      return;
    }
    // The approvals that counted, as the app recorded them at the merge (only the app writes its check runs).
    const approvers = [...new Set(requests.flatMap((r) => (r.status === "backed" ? r.decision.approvers : [])))].sort();
    const codeowners = codeownersFrom(gathered.configFiles);
    const owners = [...new Set(requests.flatMap((r) => ownersOf(codeowners, r.path).owners))];
    // Team memberships are read fresh: someone removed from an owning team no longer counts.
    const teams = await resolveActiveMembers(gh, owners.filter((o) => o.startsWith("@") && o.includes("/")).map((o) => o.slice(1)), [commenter]);
    const decision = mayRevoke({ commenter, requester: pull.user.login, approvers, owners, teams });
    if (!decision.allowed) {
      context.log.info({ pr: number, commenter }, "refused /revoke");
      await reply(revokeRefusedText(commenter, pull.user.login, approvers));
      return;
    }
    const at = lifecycle.context.clock.now();
    const paths = requests.map((r) => r.path);
    const report = await runOnPort(port, gathered, "sweep", lifecycle.context, { pr: number, paths, login: commenter, as: decision.as, at });
    context.log.info({ pr: number, commenter, paths, revoked: report.revoked, reverts: report.reverts.map((r) => r.number) }, "revoked by /revoke");
    const failed = report.failedRevokes.filter((p) => paths.includes(p));
    if (failed.length > 0) {
      await reply(`@${commenter}, access-pr could not revoke every grant of ${failed.map((p) => `\`${p}\``).join(", ")}: a cloud refused or did not answer, so the request file stays on ${gathered.defaultBranch} and its access still ends at its window's end. Comment \`/revoke\` again to retry; the app's log names the cloud's error.`);
    }
  });
}
