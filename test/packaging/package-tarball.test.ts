// `npm pack` as a release is made, then the tarball installed the way the
// image's runtime stage installs it (NODE_ENV=production npm ci, offline from
// the npm cache) and run: the CLI, and `npm start` serving /healthz.
import { spawn, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { GitHubEmulator } from "../../src/sandbox/github/index.js";
import { freePort } from "../server/server-process.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "access-pr-pack-"));
const pkg = join(work, "package");
let packed: { filename: string; size: number; files: { path: string }[] };
const started: number[] = [];
const stoppers: Array<() => Promise<unknown>> = [];

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** Relative imports reachable from one built module. */
function importGraph(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)) visit(resolve(dirname(file), match[1] ?? ""));
  };
  visit(entry);
  return seen;
}

beforeAll(() => {
  // A copy of the sources, so prepack's clean build never races the dist/ other tests run.
  const src = join(work, "src");
  mkdirSync(src);
  for (const name of ["package.json", "package-lock.json", "tsconfig.json", "src", "access-policies", "app.yml", "action.yml", "LICENSE"]) cpSync(join(root, name), join(src, name), { recursive: true });
  symlinkSync(join(root, "node_modules"), join(src, "node_modules"));
  [packed] = JSON.parse(run("npm", ["pack", "--json", "--pack-destination", work], src)) as (typeof packed)[];
  run("tar", ["xzf", join(work, packed.filename)], work);
  // The image's runtime stage: the lockfile next to the package, production dependencies only.
  cpSync(join(root, "package-lock.json"), join(pkg, "package-lock.json"));
  run("npm", ["ci", "--offline", "--no-audit", "--no-fund"], pkg, { ...process.env, NODE_ENV: "production" });
}, 600_000);

afterAll(async () => {
  for (const pid of started) {
    try {
      process.kill(-pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
  for (const stop of stoppers) await stop();
});

describe("the packed tarball", () => {
  it("holds the built app, the schemas, app.yml, the action and the licence, and nothing for development", () => {
    const paths = packed.files.map((f) => f.path);
    for (const needed of ["dist/server.js", "dist/cli/main.js", "dist/schemas/request.schema.json", "app.yml", "action.yml", "LICENSE", "package.json"]) expect(paths).toContain(needed);
    expect(paths.filter((p) => p.startsWith("dist/bench/") || p.endsWith(".map") || p.startsWith("test/") || p.startsWith("src/") || p.endsWith(".ts"))).toEqual([]);
    expect(packed.size).toBeLessThan(330_000);
  });

  it("installs production dependencies only, and the server never loads the sandbox", () => {
    const installed = readdirSync(join(pkg, "node_modules"));
    for (const dev of ["typescript", "vitest", "eslint"]) expect(installed).not.toContain(dev);
    const graph = [...importGraph(join(pkg, "dist/server.js"))].map((file) => file.slice(pkg.length + 1));
    expect(graph).toContain("dist/app.js");
    expect(graph.filter((file) => file.startsWith("dist/sandbox/") || file.startsWith("dist/bench/"))).toEqual([]);
  });

  it("runs access-pr --version, help and validate from the installed package", () => {
    const cli = join(pkg, "dist/cli/main.js");
    const version = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;
    expect(run(process.execPath, [cli, "--version"], work).trim()).toBe(version);
    expect(run(process.execPath, [cli, "help", "validate"], work)).toContain("usage: access-pr validate [paths...] [options]");
    const repo = join(work, "repo");
    cpSync(join(pkg, "access-policies"), join(repo, "access-policies"), { recursive: true });
    expect(run(process.execPath, [cli, "validate", "--repo", repo], work)).toContain("no request files found under requests/");
    expect(statSync(join(pkg, "dist/cli/main.js")).isFile()).toBe(true);
  });

  it("starts with NODE_ENV=production npm start and answers /healthz", async () => {
    const port = await freePort();
    // The server asks GitHub who the app is (GET /app) before it serves; the embedded GitHub answers.
    const github = await GitHubEmulator.start({ clock: new ManualClock("2026-11-24T08:00:00Z"), appId: 12345 });
    stoppers.push(() => github.close());
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      APP_ID: "12345",
      PRIVATE_KEY: github.app.privateKey,
      WEBHOOK_SECRET: "s",
      GHE_HOST: github.url.replace(/^http:\/\//, ""),
      GHE_PROTOCOL: "http",
      ACCESS_PR_REPOS: "acme/access",
      LOG_LEVEL: "warn" as const,
    };
    const child = spawn("npm", ["start"], { cwd: pkg, env, detached: true, stdio: "ignore" });
    if (child.pid) started.push(child.pid);
    let status = 0;
    for (let attempt = 0; attempt < 300 && status !== 200; attempt += 1) {
      status = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.status,
        () => 0,
      );
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(200);
  }, 60_000);
});
