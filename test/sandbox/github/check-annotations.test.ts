import { Probot, ProbotOctokit } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { GitHubEmulator } from "../../../src/sandbox/github/index.js";

const NO_RETRY = ProbotOctokit.defaults((options: Record<string, unknown>) => ({ ...options, retry: { enabled: false }, throttle: { enabled: false } }));

describe("sandbox GitHub: check run annotations", () => {
  let gh: GitHubEmulator;
  let headSha: string;
  beforeAll(async () => {
    gh = await GitHubEmulator.start({ clock: new ManualClock("2026-11-24T08:00:00Z") });
    headSha = (await gh.createRepo("acme/access", { files: { "requests/a.yaml": "reason: x\n" } })).headSha;
  });
  afterAll(async () => gh.close());

  it("lists every annotation given at create and update (they accumulate, as on GitHub), and 404 for an unknown run", async () => {
    const probot = new Probot({ appId: gh.app.appId, privateKey: gh.app.privateKey, baseUrl: gh.url, Octokit: NO_RETRY });
    const app = await probot.auth(gh.app.installationId);
    const at = { owner: "acme", repo: "access" };
    const annotation = { path: "requests/a.yaml", start_line: 1, end_line: 1, annotation_level: "failure" as const, message: "reason is too short" };
    const { data: run } = await app.rest.checks.create({ ...at, name: "access-pr / validation", head_sha: headSha, status: "completed", conclusion: "failure", output: { title: "t", summary: "s", annotations: [annotation] } });
    await app.rest.checks.update({ ...at, check_run_id: run.id, output: { title: "t", summary: "s", annotations: [{ ...annotation, start_line: 2, end_line: 2, title: "second" }] } });

    const { data } = await app.rest.checks.listAnnotations({ ...at, check_run_id: run.id });
    expect(data.map((a) => [a.path, a.start_line, a.annotation_level, a.title, a.message])).toEqual([
      ["requests/a.yaml", 1, "failure", null, "reason is too short"],
      ["requests/a.yaml", 2, "failure", "second", "reason is too short"],
    ]);
    const missing = await app.rest.checks.listAnnotations({ ...at, check_run_id: 999_999 }).then(() => 200, (e: { status: number }) => e.status);
    expect(missing).toBe(404);
  });
});
