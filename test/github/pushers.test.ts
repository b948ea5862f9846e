// Who pushed, from GitHub's activity log: the pure reading of the log, and the fork refusal that needs no call.
import { describe, expect, it } from "vitest";
import type { GitHubClient } from "../../src/github/client.js";
import { pushersFromActivity, readPushRecord } from "../../src/github/pushers.js";
import type { RefActivity } from "../../src/github/pushers.js";

const sha = (c: string) => c.repeat(40);
const at = (id: number, after: string, actor: string | null, minute = id): RefActivity => ({ id, after, actor, timestamp: `2026-11-24T08:${String(minute).padStart(2, "0")}:00Z` });

describe("pushers from the activity log", () => {
  it.each([
    ["the creator alone", [at(1, sha("a"), "alice")], sha("a"), ["alice"]],
    ["everyone up to the head, in order", [at(1, sha("a"), "alice"), at(2, sha("b"), "mallory"), at(3, sha("c"), "alice")], sha("c"), ["alice", "mallory"]],
    ["a force push back to an old head keeps everyone before it", [at(1, sha("a"), "alice"), at(2, sha("b"), "mallory"), at(3, sha("a"), "alice")], sha("a"), ["alice", "mallory"]],
    ["a deletion after the merge is not a push of this head", [at(1, sha("a"), "alice"), at(2, sha("0"), "bob")], sha("a"), ["alice"]],
    ["order comes from the time, not the answer's order", [at(3, sha("c"), "alice"), at(1, sha("a"), "mallory"), at(2, sha("b"), "bob")], sha("c"), ["mallory", "bob", "alice"]],
  ])("%s", (_name, activities, head, expected) => {
    expect(pushersFromActivity(activities, head, "alice/x")).toEqual({ known: true, pushers: expected });
  });

  it("a head the log does not show is unknown, with what to do", () => {
    expect(pushersFromActivity([at(1, sha("a"), "alice")], sha("b"), "alice/x")).toEqual({
      known: false,
      why: "GitHub's activity log has not recorded who pushed bbbbbbb to alice/x",
      fix: "push the branch again (an empty commit will do) or re-run this check in a minute, then ask for approval again",
    });
  });

  it("an update by an account GitHub no longer shows makes the pushers unknown", () => {
    expect(pushersFromActivity([at(1, sha("a"), null), at(2, sha("b"), "alice")], sha("b"), "alice/x")).toMatchObject({ known: false, why: "GitHub's activity log shows an update of alice/x by an account that no longer exists" });
  });

  it.each([
    ["a fork", "mallory/access", "the pull request comes from the fork mallory/access, and GitHub records who pushed only for branches of acme/access"],
    ["a deleted fork", null, "the pull request comes from a deleted fork, and GitHub records who pushed only for branches of acme/access"],
  ])("a pull request from %s is unknown without reading anything", async (_name, repoFullName, why) => {
    // Any call at all would throw: the refusal must not depend on GitHub answering.
    const gh = new Proxy({}, { get: () => { throw new Error("no GitHub call expected"); } }) as GitHubClient;
    expect(await readPushRecord(gh, { owner: "acme", repo: "access" }, { ref: "patch-1", sha: sha("f"), repoFullName })).toEqual({
      known: false,
      why,
      fix: "push the branch to acme/access and open the pull request from there",
    });
  });
});
