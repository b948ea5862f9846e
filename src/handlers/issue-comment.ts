/**
 * `/revoke` on a merged request PR: for each of its request files, the
 * requester, an approver whose approval counted for that file's version (as
 * the app recorded it at the merge), or a code owner ends the access now.
 * The end is recorded on the version's merge commit first; the lifecycle run
 * that follows reads it like any run would, then revokes, merges the revert
 * and tells the story, as for any other end. Files the commenter may not end
 * are left as they are, with a polite refusal. Replies are marked per
 * comment, so a redelivered comment changes nothing twice.
 */
import type { Context } from "probot";
import { ownersOf } from "../codeowners/owners-of.js";
import { codeownersFrom } from "../evaluate/config-checks.js";
import { upsertMarkedComment } from "../github/marked-comment.js";
import { resolveActiveMembers } from "../github/teams.js";
import { inertCode } from "../render/inert-text.js";
import type { LifecycleService } from "../lifecycle/lifecycle-service.js";
import { revokeRefusedForFilesText, revokeRefusedText } from "../lifecycle/revoke-authorization.js";
import { authorizeFiles, recordEarlyEnds } from "../lifecycle/revoke-files.js";
import { laterTeller, portFor, runOnPort } from "../lifecycle/run-lifecycle.js";
import { keepUnrecordedEnd } from "../lifecycle/unrecorded-ends.js";
import { tellReply } from "../github/telling-replies.js";
import { unrecordedRevokeText } from "./revoke-unrecorded-text.js";

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
  // A reply only tells: paced behind the webhook, one per pull request, commenter and kind (telling-replies.ts).
  const tell = (kind: string, text: string) => tellReply(lifecycle.told, lifecycle.context.clock, context.log, `${repo.owner}/${repo.repo}#${number} ${commenter} ${kind}`, async () => void (await reply(text)));

  const { data: pull } = await gh.rest.pulls.get({ ...repo, pull_number: number });
  const defaultBranch = payload.repository.default_branch;
  if (!pull.merged_at || pull.base.ref !== defaultBranch) {
    tell("not-merged", `@${commenter}, \`/revoke\` ends access that a merged request granted; #${number} is not merged into ${defaultBranch}, so there is nothing to revoke. Close the pull request instead.`);
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
      tell("undetermined", `@${commenter}, access-pr could not read back what backs ${gathered.undetermined.map((u) => inertCode(u.path, { inTable: false })).join(", ")} on ${gathered.defaultBranch} (GitHub did not answer), so it cannot tell whether #${number} is still active. Nothing was changed; comment \`/revoke\` again in a minute.`);
      return;
    }
    if (requests.length === 0) {
      tell("not-active", `@${commenter}, nothing from #${number} is active any more: its request file is no longer on ${gathered.defaultBranch}. Nothing was changed.`);
      return;
    }
    const codeowners = codeownersFrom(gathered.configFiles);
    const ownersOfPath = (path: string) => ownersOf(codeowners, path).owners;
    const owners = [...new Set(requests.flatMap((r) => ownersOfPath(r.path)))];
    // Team memberships are read fresh: someone removed from an owning team no longer counts.
    const teams = await resolveActiveMembers(gh, owners.filter((o) => o.startsWith("@") && o.includes("/")).map((o) => o.slice(1)), [commenter]);
    // Each file against its own version's recorded approvals (only the app writes its check runs).
    const { allowed, refused } = authorizeFiles(requests, { commenter, requester: pull.user.login, ownersOf: ownersOfPath, teams });
    const approvers = [...new Set(requests.flatMap((r) => (r.status === "backed" ? r.decision.approvers : [])))].sort();
    if (allowed.length === 0 && refused.length === 0) {
      tell("not-granted", `@${commenter}, nothing from #${number} was granted, so there is nothing to end: access-pr removes its request file from ${gathered.defaultBranch} by itself. Nothing was changed.`);
      return;
    }
    if (allowed.length === 0) {
      context.log.info({ pr: number, commenter }, "refused /revoke");
      tell("refused", revokeRefusedText(commenter, pull.user.login, approvers));
      return;
    }
    // Recorded first, where only the app writes: a revert that cannot merge yet, a crash or a restart
    // never lets a later run grant this version again (every derivation reads it as ended then).
    const ends = await recordEarlyEnds(port, allowed, commenter, lifecycle.context.clock.now());
    if (ends.unrecorded.length > 0) context.log.warn({ pr: number, paths: ends.unrecorded }, "no grant record of the app's on the merge commit: the access ends now, with nothing recorded there");
    const paths = allowed.map((a) => a.request.path);
    if (ends.endedBefore.length === allowed.length) {
      // Another end stood first (a replica's sweep at the window's end): that run tells it.
      for (const { request } of allowed) for (const spec of request.specs) await lifecycle.context.providers.get(spec.provider)?.revoke(spec);
      tell("ended-before", `@${commenter}, the access from #${number} has just ended by itself at the end of its window. Nothing else was changed.`);
      return;
    }
    const ended = { ...gathered, requests: gathered.requests.map((r) => ends.requests.get(r.path) ?? r) };
    if (ends.refused.length > 0) {
      // Revoked all the same (below); kept ended in this process, recorded by a later run (unrecorded-ends.ts).
      for (const end of ends.refused) keepUnrecordedEnd(lifecycle.context, gathered.name, end);
      context.log.warn({ pr: number, commenter, paths: ends.refused.map((e) => e.event.path), err: ends.refused[0]?.error }, "GitHub refused to record the end of /revoke: revoked in the cloud all the same; kept ended in this process, and the lifecycle records it and reverts the files when GitHub accepts writes again");
      tell("unrecorded", unrecordedRevokeText(commenter, number, ends.refused[0]?.error));
    }
    const report = await runOnPort(port, ended, "sweep", lifecycle.context, laterTeller(repo, lifecycle.context)).catch((error: unknown) => {
      // The cloud revokes came first; a GitHub write after them (the revert) is made by the next run.
      if (ends.refused.length === 0) throw error;
      context.log.warn({ pr: number, err: error }, "revoked by /revoke; the revert waits for GitHub to accept writes again");
      return undefined;
    });
    if (!report) return;
    context.log.info({ pr: number, commenter, paths, revoked: report.revoked, reverts: report.reverts.map((r) => r.number) }, "revoked by /revoke");
    const failed = report.failedRevokes.filter((p) => paths.includes(p));
    if (failed.length > 0) {
      tell("failed", `@${commenter}, access-pr could not revoke every grant of ${failed.map((p) => inertCode(p, { inTable: false })).join(", ")}: a cloud refused or did not answer. Its end is recorded, so the next run revokes it again and removes the request file. Comment \`/revoke\` again to retry now; the app's log names the cloud's error.`);
    } else if (refused.length > 0) {
      context.log.info({ pr: number, commenter, refused: refused.map((r) => r.path) }, "refused /revoke for some request files");
      tell("refused-files", revokeRefusedForFilesText(commenter, paths, refused));
    }
    if (gathered.undetermined.length > 0) {
      // Files GitHub did not let it read may belong to this pull request too: they are not ended, and the reply says so.
      tell("undetermined-some", `@${commenter}, access-pr ended ${paths.map((p) => inertCode(p, { inTable: false })).join(", ")}, but could not read back what backs ${gathered.undetermined.map((u) => inertCode(u.path, { inTable: false })).join(", ")} on ${gathered.defaultBranch} (GitHub did not answer). If that is part of #${number}, it was not ended: comment \`/revoke\` again in a minute.`);
    }
  });
}
