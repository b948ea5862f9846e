/**
 * CODEOWNERS lookups per second: our matcher next to the `codeowners` npm
 * package (a dev dependency used here only), on the same 200-line file and
 * the same paths, with the answer of each compared. The goal is to be at
 * least as fast as the package while keeping GitHub's semantics (the
 * package differs from GitHub on case and on `dir/*`, so the file here uses
 * only patterns on which both agree; test/codeowners covers the rest).
 *
 * @example
 *   codeownersScenario((line) => process.stdout.write(line));
 *   // codeowners.lookup rules=200 paths=2000 ours_per_s=… package_per_s=… package_cold_per_s=… ratio=… agree=2000/2000 goal=ratio>=1 ms=…
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Codeowners from "codeowners";
import { ownersOf } from "../codeowners/owners-of.js";
import { parseCodeowners } from "../codeowners/parse-codeowners.js";

/** A CODEOWNERS of `lines` rules in the shapes access repos and monorepos use, and paths that hit and miss them. */
export function codeownersWorkload(lines = 200, paths = 2000): { text: string; paths: string[] } {
  const shapes = [
    (i: number) => `/services/svc-${i}/ @acme/team-${i}`,
    (i: number) => `services/svc-${i}/api/**/*.proto @acme/api-${i}`,
    (i: number) => `*.ext${i} @lang-${i}`,
    (i: number) => `/requests/gcp/env-${i}/ @acme/sre-${i}`,
    (i: number) => `requests/azure/env-${i}/**/*.yaml @acme/azure-${i}`,
    (i: number) => `docs/topic-${i}.md @writer-${i}`,
    (i: number) => `build-${i}/ @acme/build`,
    (i: number) => `/apps/app-${i}/config/ @ops-${i} ops-${i}@acme.example`,
    (i: number) => `**/generated-${i}/ @acme/codegen`,
    (i: number) => `/tools/tool-${i}/*.sh`,
  ];
  const rules = ["# Owners of the monorepo, last match wins", "* @acme/everyone"];
  for (let i = 0; rules.length < lines + 1; i++) rules.push((shapes[i % shapes.length] as (n: number) => string)(Math.floor(i / shapes.length)));
  const n = Math.ceil(lines / shapes.length);
  const pathShapes = [
    (i: number) => `services/svc-${i % n}/src/main.go`,
    (i: number) => `services/svc-${i % n}/api/v${i % 3}/types/service.proto`,
    (i: number) => `lib/deep/${i}/module.ext${i % (n + 3)}`,
    (i: number) => `requests/gcp/env-${i % (n + 2)}/alice-inc-${i}.yaml`,
    (i: number) => `requests/azure/env-${i % n}/team/bob-chg-${i}.yaml`,
    (i: number) => `docs/topic-${i % (n + 5)}.md`,
    (i: number) => `packages/p${i}/build-${i % n}/out.js`,
    (i: number) => `apps/app-${i % n}/config/settings.json`,
    (i: number) => `src/gen/generated-${i % n}/client.ts`,
    (i: number) => `tools/tool-${i % n}/run.sh`,
    (i: number) => `tools/tool-${i % n}/nested/run.sh`,
    (i: number) => `README.md`.replace("README", `README-${i}`),
  ];
  return { text: `${rules.join("\n")}\n`, paths: Array.from({ length: paths }, (_, i) => (pathShapes[i % pathShapes.length] as (n: number) => string)(i)) };
}

/** Lookups per second of `lookup` over `paths`, for at least `minMs` of wall time. */
function rate(paths: string[], lookup: (path: string) => unknown, minMs: number): number {
  let lookups = 0;
  const started = performance.now();
  let elapsed: number;
  do {
    for (const path of paths) lookup(path);
    lookups += paths.length;
    elapsed = performance.now() - started;
  } while (elapsed < minMs);
  return Math.round((lookups / elapsed) * 1000);
}

export interface CodeownersBench {
  rules: number;
  paths: number;
  agree: number;
  disagreements: { path: string; ours: string[]; theirs: string[] }[];
  oursPerSecond: number;
  /** The package remembers every path it has answered (per rule), so repeated passes measure its cache. */
  packagePerSecond: number;
  /** The package on paths it has never seen: one pass, so noisier. */
  packageColdPerSecond: number;
}

/** Measures both matchers; `minMs` is the wall time each one is given (after one warm-up pass). */
export function measureCodeowners(minMs = 1000, workload = codeownersWorkload()): CodeownersBench {
  const dir = mkdtempSync(join(tmpdir(), "access-pr-bench-codeowners-"));
  try {
    mkdirSync(join(dir, ".github"));
    writeFileSync(join(dir, ".github", "CODEOWNERS"), workload.text);
    const theirs = new Codeowners(dir);
    const parsed = parseCodeowners(workload.text);
    const coldStart = performance.now();
    const theirAnswers = workload.paths.map((path) => theirs.getOwner(path));
    const packageColdPerSecond = Math.round((workload.paths.length / (performance.now() - coldStart)) * 1000);
    const disagreements = workload.paths
      .map((path, i) => ({ path, ours: ownersOf(parsed, path).owners, theirs: theirAnswers[i] ?? [] }))
      .filter((r) => r.ours.join(" ") !== r.theirs.join(" "));
    // Both have answered every path once by now; ours is measured first so a warmer process never flatters it.
    const oursPerSecond = rate(workload.paths, (path) => ownersOf(parsed, path), minMs);
    const packagePerSecond = rate(workload.paths, (path) => theirs.getOwner(path), minMs);
    const agree = workload.paths.length - disagreements.length;
    return { rules: parsed.rules.length, paths: workload.paths.length, agree, disagreements, oursPerSecond, packagePerSecond, packageColdPerSecond };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function codeownersScenario(write: (line: string) => void): void {
  const started = performance.now();
  const r = measureCodeowners();
  const ratio = (r.oursPerSecond / r.packagePerSecond).toFixed(2);
  write(
    `codeowners.lookup rules=${r.rules} paths=${r.paths} ours_per_s=${r.oursPerSecond} package_per_s=${r.packagePerSecond} package_cold_per_s=${r.packageColdPerSecond} ratio=${ratio} ` +
      `agree=${r.agree}/${r.paths} goal=ratio>=1 ms=${Math.round(performance.now() - started)}\n`,
  );
  for (const d of r.disagreements.slice(0, 5)) write(`codeowners.disagreement path=${d.path} ours=${d.ours.join(",") || "-"} package=${d.theirs.join(",") || "-"}\n`);
}
