// The container image and the validate action, read as Docker and GitHub
// Actions read them (no Docker engine runs here, so the build itself is not
// exercised): the essentials an operator relies on are asserted line by line.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { scaffoldFiles } from "../../src/init/scaffold-files.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const SHA = "3f2a9c0d1e2b3a4c5d6e7f8091a2b3c4d5e6f708";

function stages(dockerfile: string): { from: string; lines: string[] }[] {
  const joined = dockerfile.replace(/\\\n\s*/g, " ");
  const result: { from: string; lines: string[] }[] = [];
  for (const line of joined.split("\n").map((l) => l.trim())) {
    if (line === "" || line.startsWith("#")) continue;
    if (/^FROM /i.test(line)) result.push({ from: line, lines: [] });
    else result.at(-1)?.lines.push(line);
  }
  return result;
}

describe("Dockerfile", () => {
  const dockerfile = readFileSync(join(root, "Dockerfile"), "utf8");
  const [build, runtime, ...more] = stages(dockerfile);

  it("builds in one stage and runs in another with production dependencies only", () => {
    expect(more).toEqual([]);
    expect(build?.from).toMatch(/^FROM node:20\S* AS build$/);
    expect(build?.lines).toContain("RUN npm ci --no-audit --no-fund");
    expect(build?.lines.some((l) => l.startsWith("RUN npm run build"))).toBe(true);
    expect(runtime?.from).toMatch(/^FROM node:20\S* AS runtime$/);
    expect(runtime?.lines).toContain("ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000");
    expect(runtime?.lines.some((l) => l.startsWith("RUN npm ci --omit=dev"))).toBe(true);
    expect(runtime?.lines).toContain("COPY --from=build /src/dist ./dist");
    expect(runtime?.lines.filter((l) => l.includes("node_modules"))).toEqual([]);
  });

  it("runs node dist/server.js as a non-root user, with a health check on /healthz", () => {
    const lines = runtime?.lines ?? [];
    expect(lines).toContain("USER node");
    expect(lines.indexOf("USER node")).toBeLessThan(lines.findIndex((l) => l.startsWith("CMD")));
    expect(lines.at(-1)).toBe('CMD ["node", "dist/server.js"]');
    const healthcheck = lines.find((l) => l.startsWith("HEALTHCHECK"));
    expect(healthcheck).toContain("/healthz");
  });

  it("sends no secrets, git history or local builds into the build context", () => {
    const ignore = readFileSync(join(root, ".dockerignore"), "utf8").split("\n").filter((l) => l && !l.startsWith("#"));
    expect(ignore[0]).toBe("**");
    const allowed = ignore.filter((l) => l.startsWith("!")).map((l) => l.slice(1));
    for (const secret of [".env", "*.pem", ".git", "node_modules", "dist", ".sandbox"]) expect(allowed).not.toContain(secret);
    // Every COPY from the context names something the ignore file lets through.
    const copied = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => (m[1] ?? "").split(" "));
    for (const path of copied) expect(allowed.some((a) => a === path || a === `${path}/**`), path).toBe(true);
  });
});

describe("the validate action and the workflow init writes", () => {
  const action = parse(readFileSync(join(root, "action.yml"), "utf8")) as {
    inputs: Record<string, unknown>;
    runs: { using: string; steps: { run?: string; env?: Record<string, string>; "working-directory"?: string }[] };
  };

  it("is a composite action that builds this commit and never splices inputs into shell", () => {
    expect(action.runs.using).toBe("composite");
    expect(Object.keys(action.inputs).sort()).toEqual(["changed-from", "repo", "requester"]);
    for (const step of action.runs.steps) expect(step.run ?? "").not.toContain("${{");
    expect(action.runs.steps.some((s) => s["working-directory"] === "${{ github.action_path }}" && s.run === "npm ci --no-audit --no-fund && npm run build")).toBe(true);
  });

  it("runs validate with the base commit and the author, and fails the job on a broken request", () => {
    const script = action.runs.steps.at(-1)?.run ?? "";
    const repo = mkdtempSync(join(tmpdir(), "action-repo-"));
    cpSync(join(root, "access-policies"), join(repo, "access-policies"), { recursive: true });
    const git = (...args: string[]) => spawnSync("git", ["-C", repo, "-c", "user.name=t", "-c", "user.email=t@example.invalid", ...args], { encoding: "utf8" }).stdout.trim();
    git("init", "-q", "-b", "main");
    git("add", "-A");
    git("commit", "-qm", "base");
    const base = git("rev-parse", "HEAD");
    cpSync(join(root, "test/fixtures/model/bad-owner.yaml"), join(repo, "requests/gcp/prod/mallory.yaml"), { recursive: true });
    git("add", "-A");
    git("commit", "-qm", "ask");
    writeFileSync(join(repo, "step.sh"), script);
    const env = { PATH: process.env.PATH ?? "", ACCESS_PR_CLI: join(root, "dist/cli/main.js"), ACCESS_REPO: repo, CHANGED_FROM: base, REQUESTER: "alice; touch pwned" };
    const result = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", join(repo, "step.sh")], { env, encoding: "utf8" });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^::error file=requests\/gcp\/prod\/mallory\.yaml,line=\d+,col=\d+,title=access-pr::/m);
    expect(result.stdout).toContain("1 request file checked: 0 valid, 1 invalid");
  });

  it("init's workflow uses the action at a full commit sha with the PR's base and author, and no npx", () => {
    const file = scaffoldFiles({ org: "acme", version: "0.1.0", action: { repo: "acme/access-pr", sha: SHA } }).find((f) => f.path === ".github/workflows/access-pr-validate.yml");
    const workflow = parse(file?.content ?? "") as { on: unknown; permissions: unknown; jobs: { validate: { steps: { uses?: string; with?: Record<string, unknown> }[] } } };
    expect(file?.content).not.toContain("npx");
    expect(workflow.permissions).toEqual({ contents: "read" });
    const [checkout, validate] = workflow.jobs.validate.steps;
    expect(checkout?.with).toEqual({ "persist-credentials": false, "fetch-depth": 0 });
    expect(validate?.uses).toBe(`acme/access-pr@${SHA}`);
    expect(validate?.with).toEqual({ "changed-from": "${{ github.event.pull_request.base.sha }}", requester: "${{ github.event.pull_request.user.login }}" });
  });

  it("without --action-ref, writes a placeholder Actions cannot resolve, and says to replace it", () => {
    const content = scaffoldFiles({ org: "acme", version: "0.1.0" }).find((f) => f.path === ".github/workflows/access-pr-validate.yml")?.content ?? "";
    expect(content).toContain("      - uses: OWNER/access-pr@0000000000000000000000000000000000000000\n");
    expect(content).toContain("# REPLACE the line below");
  });
});
