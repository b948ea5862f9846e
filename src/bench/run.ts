/**
 * `npm run bench`: the lifecycle's cost and time, measured against the
 * embedded GitHub, GCP and Azure with a jumping clock. Prints one line per
 * phase, `name key=value …`, so runs can be compared at a glance: the GitHub
 * requests the app made (all, and the POSTs that GitHub's content-creation
 * limit counts), the cloud requests, the revert pull requests the app opened
 * and the wall time. `--requests N` sets the Monday 09:00 crowd (default 50).
 *
 * @example
 *   npm run bench -- --requests 100
 *   // lifecycle.merge_to_granted.1 requests=1 github_calls=14 github_posts=3 gcp_calls=3 azure_calls=0 revert_prs=0 ms=120
 *   // codeowners.lookup rules=200 paths=2000 ours_per_s=… package_per_s=… package_cold_per_s=… ratio=… agree=2000/2000 goal=ratio>=1 ms=…
 *   // monday.window_end requests=100 github_calls=… github_posts=… gcp_calls=… azure_calls=… revert_prs=1 ms=…
 *   // restart.cold.1000 requests=1000 github_calls=… goal=<=3/request goal=<=50
 *   // audit.year requests=100 github_calls=… calls_per_request=… goal=<=3/request rows=100 ended=100 ms=… seed_ms=…
 */
import { codeownersScenario } from "./codeowners-scenario.js";
import { auditScenario } from "./audit-scenario.js";
import { lifecycleScenario } from "./lifecycle-scenario.js";
import { mondayScenario } from "./monday-scenario.js";
import { oneRequestScenario } from "./one-request-scenario.js";
import { coldRestartScenario, restartScenario } from "./restart-scenario.js";

const USAGE = "usage: npm run bench [-- --requests N]   (N: requests whose windows end together, 1 to 1000, default 50)";

function requestsOf(args: string[]): number | undefined {
  if (args.length === 0) return 50;
  const [flag, value, ...rest] = args;
  const n = Number(value);
  if (flag !== "--requests" || rest.length > 0 || !Number.isInteger(n) || n < 1 || n > 1000) return undefined;
  return n;
}

async function main(): Promise<number> {
  const requests = requestsOf(process.argv.slice(2));
  if (requests === undefined) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const write = (line: string) => void process.stdout.write(line);
  codeownersScenario(write);
  await oneRequestScenario(write);
  await lifecycleScenario(write);
  await mondayScenario(requests, write);
  // The catch-up is seeded through real pull requests (with webhooks off), so 10 keeps the run short;
  // cold restarts alone are seeded straight into the embedded GitHub's store, so they go to 1,000.
  await restartScenario(10, write);
  for (const size of [10, 100, 1000]) await coldRestartScenario(size, write);
  // The audit over as many merged requests as the Monday crowd (seeded through the embedded GitHub's API).
  await auditScenario(requests, write);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  },
);
