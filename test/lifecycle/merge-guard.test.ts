import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = new URL("../../src/", import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
}

describe("every merge the app makes goes through the merge guard", () => {
  it("no product file but the guard calls the merge endpoint (people in the sandbox and the bench merge as themselves)", () => {
    const callers = files(SRC)
      .filter((f) => /pulls\.merge\(|\/pulls\/\{pull_number\}\/merge|mergePullRequest/.test(readFileSync(f, "utf8")))
      .map((f) => relative(SRC, f))
      .filter((f) => !f.startsWith("sandbox/") && !f.startsWith("bench/"));
    expect(callers).toEqual(["lifecycle/merge-guard.ts"]);
  });
});
