// How the app reads GitHub's secondary-limit refusal (REST docs, rate limits for the REST API, "Exceeding the
// rate limit": a 403 or 429 whose message says a secondary rate limit was exceeded; wait retry-after seconds when
// the header is there, else at least a minute, longer with each refusal), and that Probot's throttling plugin, as
// the server configures it, hands the refusal back at once for the write pacer to wait out on the app's clock.
import { Probot, ProbotOctokit } from "probot";
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { withTokenRefresh } from "../../src/github/token-refresh.js";
import { secondaryLimitOf, secondaryLimitsToPacer, waitAfter } from "../../src/github/secondary-limit.js";
import { GitHubEmulator, SECONDARY_LIMIT_MESSAGE } from "../../src/sandbox/github/index.js";

const refusal = (status: number, message: string, headers: Record<string, string> = {}) => Object.assign(new Error(message), { status, response: { headers, data: { message } } });

describe("reading a secondary-limit refusal", () => {
  it.each([
    ["GitHub's content-creation block with retry-after", refusal(403, SECONDARY_LIMIT_MESSAGE, { "retry-after": "42" }), { retryAfterMs: 42_000 }],
    ["a 429 without retry-after", refusal(429, "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."), { retryAfterMs: undefined }],
    ["the older abuse-detection wording", refusal(403, "You have triggered an abuse detection mechanism.", { "retry-after": "60" }), { retryAfterMs: 60_000 }],
    ["the primary limit (no quota left)", refusal(403, "API rate limit exceeded for installation", { "x-ratelimit-remaining": "0" }), undefined],
    ["a permission refusal", refusal(403, "Resource not accessible by integration"), undefined],
    ["a validation error", refusal(422, "secondary rate limit"), undefined],
    ["something that is not an HTTP error", new Error("secondary rate limit"), undefined],
  ])("%s", (_, error, expected) => {
    expect(secondaryLimitOf(error)).toEqual(expected);
  });

  it("waits GitHub's retry-after when given, else a minute doubling with each refusal", () => {
    expect([1, 2, 5].map((tries) => waitAfter({ retryAfterMs: 5_000 }, tries))).toEqual([5_000, 5_000, 5_000]);
    expect([1, 2, 3].map((tries) => waitAfter({ retryAfterMs: undefined }, tries))).toEqual([60_000, 120_000, 240_000]);
  });
});

describe("Probot's throttling plugin as the server configures it", () => {
  let gh: GitHubEmulator;
  afterEach(async () => gh.close());

  it("hands a secondary-limit refusal back at once instead of retrying it on its own timers", async () => {
    const clock = new ManualClock("2026-11-24T08:00:00Z");
    gh = await GitHubEmulator.start({ clock, contentLimits: { perMinute: 1, perHour: 10 } });
    await gh.createRepo("acme/access", { files: { "README.md": "# access\n" } });
    // As src/server.ts composes it (Probot adds its own throttle options on top when it builds the client).
    const Octokit = withTokenRefresh(secondaryLimitsToPacer(ProbotOctokit.defaults((o: Record<string, unknown>) => ({ ...o, retry: { enabled: false } }))), clock);
    const probot = new Probot({ appId: gh.app.appId, privateKey: gh.app.privateKey, baseUrl: gh.url, Octokit, logLevel: "fatal" });
    const app = await probot.auth(gh.app.installationId);
    const blob = (content: string) => app.rest.git.createBlob({ owner: "acme", repo: "access", content });
    await blob("first");
    const refused = await blob("second").then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(secondaryLimitOf(refused)).toEqual({ retryAfterMs: 60_000 });
    // Refused once and not sent again: the pacer decides when it goes out.
    expect(gh.contentLimit.refused()).toBe(1);
  }, 60_000);
});
