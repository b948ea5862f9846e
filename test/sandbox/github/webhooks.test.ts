import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createNodeMiddleware, Probot, ProbotOctokit } from "probot";
import type { ApplicationFunction } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { GitHubEmulator, sign } from "../../../src/sandbox/github/index.js";

const REPO = "acme/access";

describe("webhooks from the sandbox GitHub, received by a real Probot", () => {
  let gh: GitHubEmulator;
  let server: Server;
  const seen: string[] = [];

  beforeAll(async () => {
    gh = await GitHubEmulator.start({ clock: new ManualClock("2026-11-24T08:00:00Z") });
    gh.createUser("alice");
    gh.createUser("bob");
    await gh.createRepo(REPO, { files: { "README.md": "# access\n" }, collaborators: { alice: "write", bob: "write" } });
    const { appId, privateKey, webhookSecret } = gh.app;
    const probot = new Probot({
      appId,
      privateKey,
      secret: webhookSecret,
      baseUrl: gh.url,
      logLevel: "fatal",
      Octokit: ProbotOctokit.defaults((o: Record<string, unknown>) => ({ ...o, retry: { enabled: false }, throttle: { enabled: false } })),
    });
    const appFn: ApplicationFunction = (app) => {
      app.onAny(async (context) => {
        const action = (context.payload as { action?: string }).action;
        seen.push(action ? `${context.name}.${action}` : context.name);
      });
      app.on("pull_request.opened", async (context) => {
        await context.octokit.rest.issues.createComment(context.issue({ body: `Thanks @${context.payload.pull_request.user.login}` }));
      });
    };
    const middleware = await createNodeMiddleware(appFn, { probot });
    server = createServer((req, res) => void middleware(req, res, () => res.writeHead(404).end()));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    gh.webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`;
  });

  afterAll(async () => {
    await gh.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it("delivers signed events the app verifies, and waits for deliveries caused by the app's own writes", async () => {
    const pr = await gh.as("alice").openPullRequest(REPO, { title: "Access", files: { "requests/x.yaml": "reason: x\n" } });
    await gh.settled();
    // Delivered concurrently and unordered (delivery-contract.test.ts): which events, not their order.
    expect([...seen].sort()).toEqual(["issue_comment.created", "pull_request.opened", "push"]);
    const comments = (await gh.octokitFor("bob").rest.issues.listComments({ owner: "acme", repo: "access", issue_number: pr.number })).data;
    expect(comments.map((c) => [c.user?.login, c.body])).toEqual([["access-pr[bot]", "Thanks @alice"]]);
    expect(gh.deliveries.map((d) => d.status)).toEqual([200, 200, 200]);
    const opened = gh.deliveries[1]?.payload as { installation: { id: number }; repository: { full_name: string }; sender: { login: string }; organization: { login: string } };
    expect([opened.installation.id, opened.repository.full_name, opened.sender.login, opened.organization.login]).toEqual([gh.app.installationId, REPO, "alice", "acme"]);
  });

  it("redelivers with the same delivery id", async () => {
    const first = gh.deliveries[0];
    if (!first) throw new Error("no delivery recorded");
    const again = await gh.redeliver(first.guid);
    expect([again.guid, again.attempts, again.status]).toEqual([first.guid, 2, 200]);
  });

  it.each([
    ["a wrong signature", (body: string) => sign("not-the-secret", body)],
    ["no signature", () => undefined],
  ])("refuses a webhook with %s", async (_name, signature) => {
    const body = JSON.stringify({ action: "opened", installation: { id: gh.app.installationId } });
    const headers: Record<string, string> = { "content-type": "application/json", "x-github-event": "pull_request", "x-github-delivery": "d-1" };
    const value = signature(body);
    if (value) headers["x-hub-signature-256"] = value;
    const response = await fetch(gh.webhookUrl ?? "", { method: "POST", headers, body });
    expect([400, 401]).toContain(response.status);
  });
});
