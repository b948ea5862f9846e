// Builds dist/ once per test run, so process tests spawn the same
// `node dist/cli/main.js` a user runs. Type errors do not stop the build
// (tsc still emits); `npm run typecheck` is where they fail CI.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export default function setup(): void {
  const root = fileURLToPath(new URL("..", import.meta.url));
  const result = spawnSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.json"], { cwd: root, encoding: "utf8" });
  if (result.status !== 0) {
    process.stderr.write(`tsc reported errors while building dist/ for process tests:\n${result.stdout}${result.stderr}`);
  }
}
