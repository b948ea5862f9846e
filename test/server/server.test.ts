import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
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
    const server = start(cleanEnv({ PORT: String(port), NODE_ENV: "production" }));
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain(
      "access-pr: the server did not start: App ID is missing, and is required to run in production mode. To resolve, ensure the APP_ID environment variable is set.",
    );
  });
});

describe("npm start with GitHub App credentials", () => {
  async function startWithApp(extra: Record<string, string> = {}): Promise<{ port: number; server: ServerProcess }> {
    const [port, githubPort] = [await freePort(), await freePort()];
    const server = start(
      cleanEnv({
        PORT: String(port),
        APP_ID: "12345",
        PRIVATE_KEY: appPrivateKey(),
        WEBHOOK_SECRET: "test-webhook-secret",
        // Nothing listens there: the server must start without reaching GitHub or any cloud.
        GHE_HOST: `127.0.0.1:${githubPort}`,
        GHE_PROTOCOL: "http",
        ...extra,
      }),
    );
    await waitUntilServing(server, `http://127.0.0.1:${port}/healthz`);
    return { port, server };
  }

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
