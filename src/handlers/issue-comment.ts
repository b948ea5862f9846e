/**
 * `/revoke` on a merged request PR: the requester, an approver whose approval
 * counted, or a code owner ends the access now (revoke, then a merged
 * revert); anyone else gets a polite refusal. Replies are marked per comment,
 * so a redelivered comment changes nothing twice.
 */
import type { Context } from "probot";
import { ownersOf } from "../codeowners/owners-of.js";
import { codeownersFrom } from "../evaluate/config-checks.js";
import { evaluateMergedPull } from "../evaluate/evaluate-pull.js";
import { upsertMarkedComment } from "../github/marked-comment.js";
import { readConfigAt } from "../github/read-files.js";
import { resolveActiveMembers } from "../github/teams.js";
import type { LifecycleService } from "../lifecycle/lifecycle-service.js";
import { recordEvent } from "../lifecycle/decision-check.js";
import { earlyEndOf } from "../lifecycle/early-end.js";
import { readActiveRequests } from "../lifecycle/read-requests.js";
import { ensureRevert } from "../lifecycle/revert-pull.js";
import { mayRevoke, revokeRefusedText } from "../lifecycle/revoke-authorization.js";
import { recordPlanOutcome } from "../lifecycle/plan-outcome-comment.js";
import { tellStory } from "../lifecycle/story-comment.js";
import { storySection } from "../render/plan-outcome.js";
import { revertText, revokedText } from "../lifecycle/story-text.js";

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
  let cache = lifecycle.context.caches.get(`${repo.owner}/${repo.repo}`);
  if (!cache) lifecycle.context.caches.set(`${repo.owner}/${repo.repo}`, (cache = new Map()));
  const requests = (await readActiveRequests(gh, repo, defaultBranch, cache, { appId: lifecycle.context.appId, botLogin })).filter((r) => r.pr === number || (r.status === "backed" && r.versionPr === number));
  if (requests.length === 0) {
    await reply(`@${commenter}, nothing from #${number} is active any more: its request file is no longer on ${defaultBranch}. Nothing was changed.`);
    return;
  }

  const merged = await evaluateMergedPull(gh, repo, number, { defaultBranch, botLogin });
  const approvers = merged?.evaluation.approval?.counted ?? [];
  const codeowners = codeownersFrom(await readConfigAt(gh, repo, defaultBranch));
  const owners = [...new Set(requests.flatMap((r) => ownersOf(codeowners, r.path).owners))];
  const teams = await resolveActiveMembers(gh, owners.filter((o) => o.startsWith("@") && o.includes("/")).map((o) => o.slice(1)), [commenter]);
  const decision = mayRevoke({ commenter, requester: pull.user.login, approvers, owners, teams });
  if (!decision.allowed) {
    context.log.info({ pr: number, commenter }, "refused /revoke");
    await reply(revokeRefusedText(commenter, pull.user.login, approvers));
    return;
  }

  // In the repo's queue: a sweep of this process never reverts the same files at the same moment,
  // and the tree is read again so a sweep that ended the access just before is not repeated.
  await lifecycle.exclusive(repo, async () => {
    const still = (await readActiveRequests(gh, repo, defaultBranch, cache, { appId: lifecycle.context.appId, botLogin })).filter((r) => requests.some((q) => q.path === r.path));
    if (still.length === 0) {
      await reply(`@${commenter}, the access from #${number} has just ended by itself: its request file is no longer on ${defaultBranch}. Nothing was changed.`);
      return;
    }
    const now = lifecycle.context.clock.now();
    const by = `@${commenter} (${decision.as}) used /revoke`;
    // Recorded first, where only the app writes: a revert that cannot merge yet, a crash or a restart
    // never lets a later run grant this version again (every derivation reads the version as ended then).
    const endedBefore: string[] = [];
    for (const request of still) {
      if (!request.mergeCommitSha) continue;
      const event = { kind: "ended" as const, path: request.path, blobSha: request.blobSha, at: now, how: "revoked" as const, by: commenter, detail: `${by} at ${now.toISOString()}` };
      const standing = await recordEvent(gh, repo, request.mergeCommitSha, lifecycle.context.appId, event);
      cache.delete(`${request.path}@${request.blobSha}`);
      // Another end stood first (a replica's sweep at the window's end): that run tells it.
      if (standing && !earlyEndOf(standing, request.path, request.blobSha) && standing.some((e) => e.kind === "ended" && e.path === request.path && e.blobSha === request.blobSha)) endedBefore.push(request.path);
    }
    if (endedBefore.length === still.length) {
      for (const request of still) for (const spec of request.specs) await lifecycle.context.providers.get(spec.provider)?.revoke(spec);
      await reply(`@${commenter}, the access from #${number} has just ended by itself at the end of its window. Nothing else was changed.`);
      return;
    }
    for (const request of still) {
      for (const spec of request.specs) await lifecycle.context.providers.get(spec.provider)?.revoke(spec);
    }
    const files = still.map((r) => ({ path: r.path, pr: number, why: "revoked" as const, detail: `${by} at ${now.toISOString()}` }));
    const [revert] = await ensureRevert(gh, repo, defaultBranch, files, botLogin);
    context.log.info({ pr: number, commenter, paths: files.map((f) => f.path), revert: revert?.number }, "revoked by /revoke");
    // No revert of ours: a replica's sweep removed the files meanwhile and tells that story.
    if (!revert) return;
    const text = revokedText(by, now, revertText(revert));
    for (const request of still) {
      if (!request.mergeCommitSha) continue;
      const event = { kind: "ended" as const, path: request.path, blobSha: request.blobSha, at: now, how: "revoked" as const, by: commenter, detail: `${by} at ${now.toISOString()}`, revertPr: revert.number };
      await recordEvent(gh, repo, request.mergeCommitSha, lifecycle.context.appId, event);
    }
    await tellStory(gh, repo, number, "revoked", text, botLogin);
    for (const request of still) await recordPlanOutcome(gh, repo, number, storySection(request.path, "ended", text), botLogin);
  });
}
