import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { ConditionalCache, forgetReads, MEMBERSHIP_TTL_MS, MembershipCache, withReadMemo } from "../../src/github/read-memo.js";
import { GitHubEmulator } from "../../src/sandbox/github/index.js";
import { installationClient } from "../lifecycle/github-client.js";

const [owner, repo] = ["acme", "access"];

describe("reads answered once, memberships briefly, and conditional requests (through the real Octokit)", () => {
  const clock = new ManualClock("2026-11-24T08:00:00Z");
  let gh: GitHubEmulator;
  /** Requests the embedded GitHub served between two points. */
  const served = async (work: () => Promise<unknown>): Promise<number> => {
    const before = gh.faults.count();
    await work();
    return gh.faults.count() - before;
  };

  beforeAll(async () => {
    gh = await GitHubEmulator.start({ clock });
    gh.createUser("alice");
    gh.createUser("bob");
    gh.createTeam("acme", "sre", { active: ["bob"] });
    await gh.createRepo("acme/access", { files: { "README.md": "# access\n" }, collaborators: { alice: "write", bob: "write" } });
    await gh.as("alice").openPullRequest("acme/access", { title: "a change", files: { "requests/x.yaml": "reason: x\n" } });
  });
  afterAll(async () => gh.close());

  it("asks GitHub once for a read repeated (or in flight) before the client writes, and again after it writes", async () => {
    const client = withReadMemo(await installationClient(gh));
    await client.rest.repos.get({ owner, repo }); // the installation token is asked for outside what is counted below
    const read = () => client.rest.issues.listComments({ owner, repo, issue_number: 1 });
    expect(await served(() => Promise.all([read(), read()]))).toBe(1);
    expect(await served(read)).toBe(0);
    await client.rest.issues.createComment({ owner, repo, issue_number: 1, body: "hello" });
    let bodies: string[] = [];
    expect(await served(async () => (bodies = (await read()).data.map((c) => c.body ?? "")))).toBe(1);
    expect(bodies).toContain("hello");
  });

  it("asks once for a GraphQL query repeated before the client writes, but asks again after an answer carrying errors", async () => {
    const client = withReadMemo(await installationClient(gh));
    await client.rest.repos.get({ owner, repo });
    const good = () => client.graphql(`query { repository(owner: "acme", name: "access") { nameWithOwner } }`);
    expect(await served(() => Promise.all([good(), good()]))).toBe(1);
    expect(await served(good)).toBe(0);
    // HTTP 200 with `errors` (an unknown repository): thrown by Octokit, and not kept for the next ask.
    const failing = () => client.graphql(`query { repository(owner: "acme", name: "nope") { nameWithOwner } }`).catch(() => "failed");
    expect(await served(failing)).toBe(1);
    expect(await served(failing)).toBe(1);
  });

  it("gives each caller its own copy, so a caller that changes an answer does not change the next one", async () => {
    const client = withReadMemo(await installationClient(gh));
    const first = await client.rest.repos.get({ owner, repo });
    first.data.default_branch = "changed";
    expect((await client.rest.repos.get({ owner, repo })).data.default_branch).toBe("main");
  });

  it("answers 304 Not Modified to a GET whose If-None-Match names the current ETag, and 200 once the resource changed (GitHub docs: conditional requests)", async () => {
    // docs.github.com, REST API "Best practices for using the REST API", "Use conditional requests if appropriate":
    // most answers carry an etag; a request with If-None-Match gets 304 while nothing changed, and a 304 does not count against the primary rate limit.
    const octokit = gh.octokitFor("alice");
    const first = await octokit.rest.pulls.get({ owner, repo, pull_number: 1 });
    const etag = first.headers.etag ?? "";
    expect(etag).toMatch(/^W\/".+"$/);
    const again = await octokit.rest.pulls.get({ owner, repo, pull_number: 1, headers: { "if-none-match": etag } }).catch((error: { status: number }) => error);
    expect(again.status).toBe(304);
    await octokit.rest.pulls.update({ owner, repo, pull_number: 1, title: "a new title" });
    const changed = await octokit.rest.pulls.get({ owner, repo, pull_number: 1, headers: { "if-none-match": etag } });
    expect(changed.status).toBe(200);
    expect(changed.data.title).toBe("a new title");
  });

  it("re-reads with the ETag another client kept: GitHub answers 304 and the caller gets the full answer it had", async () => {
    const conditional = new ConditionalCache();
    const read = async () => (await withReadMemo(await installationClient(gh), { conditional }).rest.repos.get({ owner, repo })).data;
    const first = await read();
    let notModified = 0;
    const probe = await installationClient(gh);
    // Registered before the memo, so it sees what GitHub answered beneath it.
    probe.hook.error("request", (error) => {
      if ((error as { status?: number }).status === 304) notModified += 1;
      throw error;
    });
    const second = (await withReadMemo(probe, { conditional }).rest.repos.get({ owner, repo })).data;
    expect(notModified).toBe(1);
    expect(second).toEqual(first);
  });

  it("shares team memberships between clients for a short time, forgets them after it or when dropped, and keeps a 404 as an answer", async () => {
    const memberships = new MembershipCache(clock);
    const client = async () => withReadMemo(await installationClient(gh), { memberships });
    const state = async () => {
      try {
        return (await (await client()).rest.teams.getMembershipForUserInOrg({ org: "acme", team_slug: "sre", username: "bob" })).data.state;
      } catch (error) {
        return `status ${(error as { status: number }).status}`;
      }
    };
    expect(await state()).toBe("active");
    expect(await served(state)).toBe(0);
    gh.setTeamMembership("acme", "sre", "bob", null);
    expect(await state()).toBe("active");
    memberships.drop("acme", "sre");
    expect(await state()).toBe("status 404");
    expect(await served(state)).toBe(0);
    gh.setTeamMembership("acme", "sre", "bob", "active");
    clock.advance(MEMBERSHIP_TTL_MS);
    expect(await state()).toBe("active");
  });

  it("a client told to forget its reads asks GitHub again, memberships included, and keeps the fresh answer for the others", async () => {
    const memberships = new MembershipCache(clock);
    const client = withReadMemo(await installationClient(gh), { memberships });
    await client.rest.repos.get({ owner, repo }); // the installation token is asked for outside what is counted below
    const member = async (c = client) => {
      try {
        return (await c.rest.teams.getMembershipForUserInOrg({ org: "acme", team_slug: "charlie-team", username: "carol" })).data.state;
      } catch (error) {
        return `status ${(error as { status: number }).status}`;
      }
    };
    const comments = () => client.rest.issues.listComments({ owner, repo, issue_number: 1 });
    gh.createUser("carol");
    gh.createTeam("acme", "charlie-team", { active: [] });
    expect(await member()).toBe("status 404");
    await comments();
    gh.setTeamMembership("acme", "charlie-team", "carol", "active");
    await gh.as("alice").comment("acme/access", 1, "since");
    // Within the cache's time and before any write of its own, the client still has its first answers.
    expect(await served(() => Promise.all([member(), comments()]))).toBe(0);
    forgetReads(client);
    let fresh: [string, string[]] = ["", []];
    expect(await served(async () => (fresh = [await member(), (await comments()).data.map((c) => c.body ?? "")]))).toBe(2);
    expect(fresh[0]).toBe("active");
    expect(fresh[1]).toContain("since");
    // Another client of the process now gets the fresh membership from the cache.
    expect(await member(withReadMemo(await installationClient(gh), { memberships }))).toBe("active");
  });
});
