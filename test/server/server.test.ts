import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ManualClock } from "../../src/core/clock.js";
import { GitHubEmulator } from "../../src/sandbox/github/index.js";
import type { ServerProcess } from "./server-process.js";
import { appPrivateKey, cleanEnv, freePort, repoRoot, startServer, stopServer, waitUntilServing } from "./server-process.js";

const running: ServerProcess[] = [];

function start(env: NodeJS.ProcessEnv): ServerProcess {
  const server = startServer(env);
  running.push(server);
  return server;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map(stopServer));
});

describe("npm start without GitHub App credentials", () => {
  it("serves Probot's setup page with the manifest from app.yml", async () => {
    const port = await freePort();
    const server = start(cleanEnv({ PORT: String(port) }));
    await waitUntilServing(server, `http://127.0.0.1:${port}/`);

    const root = await fetch(`http://127.0.0.1:${port}/`, { redirect: "manual" });
    expect(root.status).toBe(302);
    expect(root.headers.get("location")).toBe("/probot");

    const page = await fetch(`http://127.0.0.1:${port}/probot`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("<title>Setup access-pr | built with Probot</title>");
    const manifestJson = /value='([^']*)'/.exec(html)?.[1];
    expect(manifestJson).toBeDefined();
    const manifest = JSON.parse(manifestJson ?? "{}") as Record<string, unknown>;
    const appYml = parse(readFileSync(join(repoRoot, "app.yml"), "utf8")) as Record<string, unknown>;
    expect(manifest.name).toBe(appYml.name);
    expect(manifest.default_permissions).toEqual(appYml.default_permissions);
    expect(manifest.default_events).toEqual(appYml.default_events);
    expect(manifest.redirect_url).toBe(`http://127.0.0.1:${port}/probot/setup`);
  });

  it("refuses to start in production without APP_ID", async () => {
    const port = await freePort();
    const server = start(cleanEnv({ PORT: String(port), NODE_ENV: "production", ACCESS_PR_REPOS: "acme/access" }));
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain(
      "access-pr: the server did not start: App ID is missing, and is required to run in production mode. To resolve, ensure the APP_ID environment variable is set.",
    );
  });
});

describe("npm start with GitHub App credentials", () => {
  // The server asks GitHub who the app is (GET /app) before it serves; the embedded GitHub answers.
  let github: GitHubEmulator;
  beforeAll(async () => {
    github = await GitHubEmulator.start({ clock: new ManualClock("2026-11-24T08:00:00Z"), appId: 12345 });
  });
  afterAll(async () => github.close());

  function appEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
    return cleanEnv({
      APP_ID: "12345",
      PRIVATE_KEY: github.app.privateKey,
      WEBHOOK_SECRET: "test-webhook-secret",
      GHE_HOST: github.url.replace(/^http:\/\//, ""),
      GHE_PROTOCOL: "http",
      ACCESS_PR_REPOS: "acme/access",
      ...extra,
    });
  }

  async function startWithApp(extra: Record<string, string> = {}): Promise<{ port: number; server: ServerProcess }> {
    const port = await freePort();
    const server = start(appEnv({ PORT: String(port), ...extra }));
    await waitUntilServing(server, `http://127.0.0.1:${port}/healthz`);
    return { port, server };
  }

  it("refuses to start in production without ACCESS_PR_REPOS, before reaching GitHub", async () => {
    const env = appEnv({ PORT: String(await freePort()), NODE_ENV: "production" });
    delete env.ACCESS_PR_REPOS;
    const server = start(env);
    expect(await server.exited).toBe(1);
    expect(server.output().trim()).toBe(
      "access-pr: ACCESS_PR_REPOS is not set: name the access repo(s) the app may grant from, e.g. ACCESS_PR_REPOS=acme/access (comma-separated owner/repo). In production the server does not start without it, so that no other repository the app can see grants access.",
    );
  });

  it("refuses to start when GitHub does not confirm who the app is (a key that is not the app's)", async () => {
    const server = start(appEnv({ PORT: String(await freePort()), PRIVATE_KEY: appPrivateKey() }));
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain(
      "access-pr: the server did not start: could not read the app's identity from GitHub (GET /app): A JSON web token could not be decoded",
    );
    expect(server.output()).toContain("Check APP_ID and the private key (PRIVATE_KEY or PRIVATE_KEY_PATH) of the GitHub App");
  });

  it("answers GET /healthz with 200", async () => {
    const { port } = await startWithApp();
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it.each([
    ["without a signature", {}, "Required headers missing: x-hub-signature-256"],
    ["with a wrong signature", { "x-hub-signature-256": `sha256=${"0".repeat(64)}` }, "signature does not match event payload and secret"],
  ])("refuses a webhook %s", async (_case, headers, words) => {
    const { port } = await startWithApp();
    const response = await fetch(`http://127.0.0.1:${port}/api/github/webhooks`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-github-event": "push", "x-github-delivery": "d-1", ...headers },
      body: JSON.stringify({ ref: "refs/heads/main" }),
    });
    expect([400, 401]).toContain(response.status);
    expect(await response.text()).toContain(words);
  });

  it("logs JSON lines in production", async () => {
    const { port, server } = await startWithApp({ NODE_ENV: "production" });
    const lines = server.output().trim().split("\n");
    const records = lines.map((line) => JSON.parse(line) as { msg?: string });
    expect(records.map((r) => r.msg)).toContain(`Listening on http://127.0.0.1:${port}`);
  });

  it("starts with cloud endpoints pointing at emulators that are not running", async () => {
    const { port } = await startWithApp({ ACCESS_PR_GCP_ENDPOINT: "http://127.0.0.1:9", ACCESS_PR_AZURE_ENDPOINT: "https://127.0.0.1:9" });
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  });
});

describe("npm start with invalid settings", () => {
  it.each([
    ["ACCESS_PR_SWEEP_SECONDS", "soon", 'access-pr: ACCESS_PR_SWEEP_SECONDS="soon" is not valid: give a whole number of seconds, at least 5 (default 60).'],
    ["ACCESS_PR_SWEEP_SECONDS", "1", 'access-pr: ACCESS_PR_SWEEP_SECONDS="1" is not valid: give a whole number of seconds, at least 5 (default 60).'],
    [
      "ACCESS_PR_GCP_ENDPOINT",
      "127.0.0.1:8085",
      'access-pr: ACCESS_PR_GCP_ENDPOINT="127.0.0.1:8085" is not a URL: give one like https://127.0.0.1:8443, or unset it to use the real cloud.',
    ],
  ])("exits 1 when %s=%s", async (name, value, message) => {
    const server = start(cleanEnv({ PORT: String(await freePort()), [name]: value }));
    expect(await server.exited).toBe(1);
    expect(server.output().trim()).toBe(message);
  });
});
