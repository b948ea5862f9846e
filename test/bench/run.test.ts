// The bench itself is not a test (it measures wall time); only its usage is checked here.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const bench = join(fileURLToPath(new URL("../..", import.meta.url)), "dist/bench/run.js");

function exitOf(args: string[]): { status: number | null; stderr: string } {
  try {
    execFileSync(process.execPath, [bench, ...args], { stdio: "pipe", timeout: 10_000 });
    return { status: 0, stderr: "" };
  } catch (error) {
    const e = error as { status: number | null; stderr: Buffer };
    return { status: e.status, stderr: e.stderr.toString("utf8") };
  }
}

describe("npm run bench usage", () => {
  it.each([[["--requests", "0"]], [["--requests", "ten"]], [["--requests"]], [["--request", "5"]], [["--requests", "5", "extra"]], [["--requests", "1001"]]])("%j is refused with the usage and exit 2", (args) => {
    expect(exitOf(args)).toEqual({ status: 2, stderr: "usage: npm run bench [-- --requests N]   (N: requests whose windows end together, 1 to 1000, default 100)\n" });
  });
});
