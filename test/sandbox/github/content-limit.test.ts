// The embedded GitHub's secondary limit on content creation, through the real Octokit.
// GitHub's REST docs, "Rate limits for the REST API" (github/docs content/rest/using-the-rest-api/
// rate-limits-for-the-rest-api.md and data/reusables/rest-api/secondary-rate-limit-rest-graphql.md):
// - "In general, no more than 80 content-generating requests per minute and no more than 500
//   content-generating requests per hour are allowed."
// - "If you exceed a secondary rate limit, you will receive a 403 or 429 response and an error message
//   that indicates that you exceeded a secondary rate limit. If the retry-after response header is present,
//   you should not retry your request until after that many seconds has elapsed."
// The body is the one GitHub sends when it blocks content creation (reported in gofri/go-github-ratelimit#38):
// {"message":"You have exceeded a secondary rate limit and have been temporarily blocked from content creation.
// Please retry your request again later.","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits","status":"403"}
// @octokit/plugin-throttling (in Probot's Octokit) recognises a secondary limit by "secondary rate" in the message.
import { Probot, ProbotOctokit } from "probot";
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { GitHubEmulator, SECONDARY_LIMIT_DOCS, SECONDARY_LIMIT_MESSAGE } from "../../../src/sandbox/github/index.js";
import type { ContentLimits } from "../../../src/sandbox/github/index.js";

const NO_RETRY = ProbotOctokit.defaults((o: Record<string, unknown>) => ({ ...o, retry: { enabled: false }, throttle: { enabled: false } }));
const at = { owner: "acme", repo: "access" };
const MINUTE = 60_000;

interface Refusal {
  status: number;
  body: unknown;
  retryAfter: string | undefined;
}

async function outcome(promise: Promise<unknown>): Promise<Refusal | "ok"> {
  return promise.then(
    () => "ok" as const,
    (e: { status: number; response?: { data?: unknown; headers?: Record<string, string> } }) => ({ status: e.status, body: e.response?.data, retryAfter: e.response?.headers?.["retry-after"] }),
  );
}

let gh: GitHubEmulator;
afterEach(async () => gh.close());

async function world(contentLimits?: ContentLimits) {
  const clock = new ManualClock("2026-11-24T08:00:00Z");
  // Lowered limits apply after the setup (alice's pull request is five writes of her own).
  gh = await GitHubEmulator.start({ clock, ...(contentLimits ? { contentLimits: "off" as const } : {}) });
  gh.createUser("alice");
  await gh.createRepo("acme/access", { files: { "README.md": "# access\n" }, collaborators: { alice: "write" } });
  const pr = await gh.as("alice").openPullRequest("acme/access", { title: "Access", files: { "requests/a.yaml": "reason: y\n" } });
  const probot = new Probot({ appId: gh.app.appId, privateKey: gh.app.privateKey, baseUrl: gh.url, Octokit: NO_RETRY, logLevel: "fatal" });
  const app = await probot.auth(gh.app.installationId);
  if (contentLimits) gh.contentLimit.limits = contentLimits;
  const comment = (n: number) => app.rest.issues.createComment({ ...at, issue_number: pr.number, body: `comment ${n}` });
  return { clock, app, pr: pr.number, comment, probot };
}

describe("GitHub's secondary limit on content creation, in the embedded GitHub", () => {
  it("lets an installation make 80 content writes in a minute, answers the 81st 403 with GitHub's body and retry-after, and takes it once the minute has passed", async () => {
    const { clock, app, comment } = await world();
    clock.advance(30_000);
    for (let i = 0; i < 80; i++) expect(await outcome(comment(i))).toBe("ok");
    clock.advance(20_000);
    // The first of the 80 leaves the window 60 s after it was made: 40 s from now.
    expect(await outcome(comment(80))).toEqual({ status: 403, body: { message: SECONDARY_LIMIT_MESSAGE, documentation_url: SECONDARY_LIMIT_DOCS, status: "403" }, retryAfter: "40" });
    // Reads are not content: they still go through.
    expect((await app.rest.issues.listComments({ ...at, issue_number: 1 })).status).toBe(200);
    expect(gh.contentLimit.refused()).toBe(1);
    clock.advance(39_000);
    expect(await outcome(comment(81))).toMatchObject({ status: 403, retryAfter: "1" });
    clock.advance(1_000);
    expect(await outcome(comment(82))).toBe("ok");
    // The refused ones created nothing.
    expect((await app.paginate(app.rest.issues.listComments, { ...at, issue_number: 1, per_page: 100 })).length).toBe(81);
  }, 60_000);

  it("holds the hour too, counts an installation and each user apart, and counts GraphQL mutations but not queries", async () => {
    const { clock, app, comment, pr } = await world({ perMinute: 3, perHour: 5 });
    for (let i = 0; i < 3; i++) expect(await outcome(comment(i))).toBe("ok");
    expect(await outcome(comment(3))).toMatchObject({ status: 403, retryAfter: "60" });
    clock.advance(MINUTE);
    expect(await outcome(app.rest.pulls.update({ ...at, pull_number: pr, title: "Access (edited)" }))).toBe("ok");
    expect(await outcome(app.rest.issues.addLabels({ ...at, issue_number: pr, labels: ["access"] }))).toBe("ok");
    // Five in the hour: the sixth waits until the first of them is an hour old.
    expect(await outcome(comment(5))).toMatchObject({ status: 403, retryAfter: String(59 * 60) });
    const query = await outcome(app.graphql("query { viewer { login } }"));
    expect(query === "ok" || query.status !== 403).toBe(true);
    // alice has a budget of her own.
    expect(await outcome(gh.octokitFor("alice").rest.issues.createComment({ ...at, issue_number: pr, body: "still here" }))).toBe("ok");
    expect([gh.contentLimit.refused(`installation:${gh.app.installationId}`), gh.contentLimit.refused("user:alice")]).toEqual([2, 0]);
  }, 60_000);

  it("is recognised by Probot's throttling plugin as a secondary limit, with GitHub's retry-after", async () => {
    const { comment, pr } = await world({ perMinute: 1, perHour: 10 });
    expect(await outcome(comment(0))).toBe("ok");
    const seen: Array<{ retryAfter: number; url: string }> = [];
    const Throttled = ProbotOctokit.defaults((o: Record<string, unknown>) => ({
      ...o,
      retry: { enabled: false },
      throttle: { onSecondaryRateLimit: (retryAfter: number, options: { url: string }) => void seen.push({ retryAfter, url: options.url }), onRateLimit: () => false },
    }));
    const probot = new Probot({ appId: gh.app.appId, privateKey: gh.app.privateKey, baseUrl: gh.url, Octokit: Throttled, logLevel: "fatal" });
    const throttled = await probot.auth(gh.app.installationId);
    expect(await outcome(throttled.rest.issues.createComment({ ...at, issue_number: pr, body: "one too many" }))).toMatchObject({ status: 403, retryAfter: "60" });
    expect(seen).toEqual([{ retryAfter: 60, url: "/repos/{owner}/{repo}/issues/{issue_number}/comments" }]);
  }, 60_000);

  it("counts nothing when switched off", async () => {
    const { comment } = await world({ perMinute: 1, perHour: 1 });
    gh.contentLimit.limits = undefined;
    for (let i = 0; i < 3; i++) expect(await outcome(comment(i))).toBe("ok");
    expect(gh.contentLimit.refused()).toBe(0);
  }, 60_000);
});
