// The app's view of itself and of its installations, through the real Octokit as Probot makes it.
// Shapes per GitHub's OpenAPI description (github/rest-api-description): GET /app answers the
// `integration` schema for the app's own JWT; GET /repos/{owner}/{repo}/installation answers 404
// where the app is not installed; an installation token reaches only its own installation's repos.
import { Probot, ProbotOctokit } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { GitHubEmulator } from "../../../src/sandbox/github/index.js";

const NO_RETRY = ProbotOctokit.defaults((o: Record<string, unknown>) => ({ ...o, retry: { enabled: false }, throttle: { enabled: false } }));

async function statusOf(promise: Promise<unknown>): Promise<number> {
  return promise.then(
    () => 200,
    (error: { status: number }) => error.status,
  );
}

describe("the embedded GitHub's app endpoints", () => {
  let gh: GitHubEmulator;
  let probot: Probot;
  let globex: number;

  beforeAll(async () => {
    gh = await GitHubEmulator.start({ clock: new ManualClock("2026-11-24T08:00:00Z"), appSlug: "acme-jit", appId: 31337 });
    gh.createUser("alice");
    gh.createOrg("globex");
    gh.createOrg("initech");
    await gh.createRepo("acme/access");
    await gh.createRepo("globex/access");
    await gh.createRepo("initech/tools");
    globex = gh.installApp("globex");
    const { appId, privateKey, webhookSecret } = gh.app;
    probot = new Probot({ appId, privateKey, secret: webhookSecret, baseUrl: gh.url, logLevel: "fatal", Octokit: NO_RETRY });
  });
  afterAll(async () => gh.close());

  it("GET /app names the app itself (id, slug) to its JWT, and refuses a user's token", async () => {
    const { data } = await (await probot.auth()).rest.apps.getAuthenticated();
    expect([data?.id, data?.slug, data?.owner && "login" in data.owner ? data.owner.login : null]).toEqual([31337, "acme-jit", "acme"]);
    expect(data?.events).toContain("pull_request");
    expect(await statusOf(gh.octokitFor("alice").rest.apps.getAuthenticated())).toBe(401);
  });

  it("finds each repository's installation, and answers 404 where the app is not installed", async () => {
    const app = await probot.auth();
    expect((await app.rest.apps.getRepoInstallation({ owner: "acme", repo: "access" })).data.id).toBe(gh.app.installationId);
    expect((await app.rest.apps.getRepoInstallation({ owner: "GLOBEX", repo: "Access" })).data.id).toBe(globex);
    expect(await statusOf(app.rest.apps.getRepoInstallation({ owner: "initech", repo: "tools" }))).toBe(404);
    expect((await app.rest.apps.listInstallations()).data.map((i) => [i.id, i.account && "login" in i.account ? i.account.login : null])).toEqual([
      [gh.app.installationId, "acme"],
      [globex, "globex"],
    ]);
  });

  it("gives each installation a token that reaches its own repositories only", async () => {
    const acme = await probot.auth(gh.app.installationId);
    const other = await probot.auth(globex);
    expect((await other.rest.apps.listReposAccessibleToInstallation()).data.repositories.map((r) => r.full_name)).toEqual(["globex/access"]);
    expect((await other.rest.repos.get({ owner: "globex", repo: "access" })).data.full_name).toBe("globex/access");
    expect(await statusOf(other.rest.repos.get({ owner: "acme", repo: "access" }))).toBe(404);
    expect(await statusOf(acme.rest.repos.get({ owner: "globex", repo: "access" }))).toBe(404);
  });
});
