// Invariants 1, 2, 7, 8, 11 and 14: what a request may contain and where it may go.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { evaluateMergedPull, evaluatePull } from "../../src/evaluate/evaluate-pull.js";
import type { AppHarness } from "../helpers/app-harness.js";
import { ACCESS_REPO } from "../helpers/app-harness.js";
import { APPROVAL, BOT, OWNER, REPO, VALIDATION, appClient, errorsLogged, openAndSettle, prodRequest, startSeeded } from "./fixtures.js";

let h: AppHarness;
beforeEach(async () => {
  h = await startSeeded();
});
afterEach(async () => h.close());

const messages = async (sha: string) => ((await h.checkRun(sha, VALIDATION))?.annotations ?? []).map((a) => [a.path, a.start_line, a.message]);

describe("security invariants about requests", () => {
  it("1: a PR that edits the policy to allow its own author is judged by the base branch's policy", async () => {
    const path = "requests/gcp/prod/erin-inc-1.yaml";
    const policy = (await h.github.octokitFor("erin").rest.repos.getContent({ owner: OWNER, repo: REPO, path: "access-policies/gcp.yaml" })).data as { content: string };
    const widened = Buffer.from(policy.content, "base64").toString().replace('requesters: { teams: ["acme/payments-eng", "acme/sre"] }', 'requesters: { teams: ["acme/payments-eng", "acme/sre"], users: ["erin"] }');
    const pr = await openAndSettle(h, "erin", { [path]: prodRequest().replace("4711", "1"), "access-policies/gcp.yaml": widened });
    expect(await messages(pr.headSha)).toContainEqual([
      path,
      5,
      'grant 1 (gcp roles/cloudsql.client on projects/payments-prod): erin may not request under rule "payments-prod-db"; it is open to acme/payments-eng, acme/sre',
    ]);
    const evaluation = await evaluatePull(await appClient(h), { owner: OWNER, repo: REPO }, pr.number, { now: h.clock.now(), botLogin: BOT });
    expect(evaluation.grantable).toBe(false);
    expect(evaluation.requests[0]?.grants).toEqual([]);
  });

  it("2: a request mixed with another change fails validation and stays ungrantable even when the owners approve", async () => {
    const path = "requests/gcp/prod/alice-inc-4711.yaml";
    const pr = await openAndSettle(h, "alice", { [path]: prodRequest(), "README.md": "# access (edited)\n" });
    const check = await h.checkRun(pr.headSha, VALIDATION);
    expect(check).toMatchObject({ conclusion: "failure", output: { title: "Request mixed with other changes" } });
    expect(check?.annotations.map((a) => [a.path, a.message])).toEqual([
      ["README.md", `this pull request changes request files (${path}) and also README.md; a request must change request files only, so it grants nothing. Move README.md into its own pull request.`],
    ]);
    await h.github.as("bob").approve(ACCESS_REPO, pr.number);
    await h.github.as("carol").approve(ACCESS_REPO, pr.number);
    await h.github.settled();
    const evaluation = await evaluatePull(await appClient(h), { owner: OWNER, repo: REPO }, pr.number, { now: h.clock.now(), botLogin: BOT });
    expect([evaluation.kind, evaluation.approval?.status, evaluation.grantable]).toEqual(["mixed", "approved", false]);
  });

  it("7: a requester asking for someone else's identity is refused at the principal line", async () => {
    const path = "requests/gcp/prod/alice-for-bob.yaml";
    const pr = await openAndSettle(h, "alice", { [path]: prodRequest(["principal: bob"]) });
    expect(await messages(pr.headSha)).toEqual([
      [path, 4, 'grant 1 (gcp roles/cloudsql.client on projects/payments-prod): rule "payments-prod-db" does not allow requesting on behalf of "bob"; remove principal to request for yourself'],
    ]);
  });

  it("8: a prod request placed under the dev path is refused, so dev owners cannot approve prod access", async () => {
    const path = "requests/gcp/dev/alice-prod-db.yaml";
    const pr = await openAndSettle(h, "alice", { [path]: prodRequest() });
    expect(await messages(pr.headSha)).toEqual([
      [
        path,
        5,
        "grant 1 (gcp roles/cloudsql.client on projects/payments-prod): this request file must live under requests/gcp/prod/** (rule payments-prod-db); move it there so the right code owners review it",
      ],
    ]);
    await h.github.as("paula").approve(ACCESS_REPO, pr.number);
    await h.github.settled();
    const evaluation = await evaluatePull(await appClient(h), { owner: OWNER, repo: REPO }, pr.number, { now: h.clock.now(), botLogin: BOT });
    expect([evaluation.approval?.status, evaluation.grantable]).toEqual(["approved", false]);
  });

  it("11: malformed YAML gets an annotation at its line, a failed check, a plan comment, and no crash", async () => {
    const path = "requests/gcp/prod/alice-broken.yaml";
    const pr = await openAndSettle(h, "alice", { [path]: "reason: INC-1 the export is broken\nticket: INC-1\n  duration: 2h\ngrants: []\n" });
    const check = await h.checkRun(pr.headSha, VALIDATION);
    expect(check).toMatchObject({ conclusion: "failure", output: { title: "2 problems in the request" } });
    expect(await messages(pr.headSha)).toEqual([
      [path, 2, "YAML syntax error: Nested mappings are not allowed in compact mappings"],
      [path, 2, "YAML syntax error: Implicit keys need to be on a single line"],
    ]);
    expect((await h.comments(pr.number))[0]?.body).toContain("**Not grantable yet:** fix the problems below. Merging now grants nothing.");
    expect(errorsLogged(h)).toEqual([]);
  });

  it("14: a PR into another branch gets a neutral check saying so, no plan, and is never grantable, even merged", async () => {
    const main = (await h.github.octokitFor("carol").rest.git.getRef({ owner: OWNER, repo: REPO, ref: "heads/main" })).data.object.sha;
    await h.github.octokitFor("carol").rest.git.createRef({ owner: OWNER, repo: REPO, ref: "refs/heads/release", sha: main });
    const path = "requests/gcp/prod/alice-inc-4711.yaml";
    const pr = await openAndSettle(h, "alice", { [path]: prodRequest() }, "Into release", "release");
    expect(await h.checkRun(pr.headSha, VALIDATION)).toMatchObject({
      conclusion: "neutral",
      output: { title: "Not an access request", summary: "This pull request targets `release`, not the default branch `main`. Only merges into the default branch grant access, so access-pr does not evaluate it." },
    });
    expect((await h.checkRun(pr.headSha, APPROVAL))?.conclusion).toBe("neutral");
    expect(await h.comments(pr.number)).toEqual([]);
    await h.github.as("bob").approve(ACCESS_REPO, pr.number);
    await h.github.as("carol").merge(ACCESS_REPO, pr.number);
    await h.github.settled();
    const merged = await evaluateMergedPull(await appClient(h), { owner: OWNER, repo: REPO }, pr.number, { botLogin: BOT });
    expect([merged?.evaluation.kind, merged?.evaluation.grantable, merged?.evaluation.requests]).toEqual(["not-default-branch", false, []]);
  });

  it("request file names are never reused: adding a path that had history on main is refused", async () => {
    const path = "requests/gcp/prod/alice-inc-4711.yaml";
    await h.github.as("carol").commit(ACCESS_REPO, "main", { [path]: prodRequest() }, "Earlier request");
    const removed = await h.github.as("carol").commit(ACCESS_REPO, "main", { [path]: null }, "Revert: access ended");
    const pr = await openAndSettle(h, "alice", { [path]: prodRequest() }, "Same name again");
    expect(await messages(pr.headSha)).toEqual([
      [path, 1, `${path} was used before on main (commit ${removed.slice(0, 7)}); request file names are never reused, so the audit trail stays unambiguous. Give this request a new file name.`],
    ]);
  });
});
