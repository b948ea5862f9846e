/**
 * `npm run bench`: the lifecycle's cost and time, measured against the
 * embedded GitHub, GCP and Azure with a jumping clock. Prints one line per
 * phase, `name key=value …`, so runs can be compared at a glance: the GitHub
 * requests the app made (all, and the POSTs that GitHub's content-creation
 * limit counts), the cloud requests, the revert pull requests the app opened
 * and the wall time. Lines with a goal print it as `goal=` (the Monday line
 * next to each figure, in brackets). `--requests N` sets the Monday 09:00
 * crowd (default 100, seeded directly; 1,000 is the goal scenario, several
 * minutes of wall time on a loaded 2-core machine).
 *
 * @example
 *   npm run bench -- --requests 100
 *   // codeowners.lookup rules=200 paths=2000 ours_per_s=… package_per_s=… package_cold_per_s=… ratio=… agree=2000/2000 goal=ratio>=1 ms=…
 *   // validate.per_second files=3 runs=6000 per_s=… read_share=…% goal=>=1000/s ms=…
 *   // latency.webhook_to_check prs=50 opened_p50_ms=… opened_p99_ms=… synchronize_p50_ms=… synchronize_p99_ms=… calls_before_check_p50=… goal=p99<=1000ms
 *   // monday.window_end.100 requests=100 content_writes=… writes_per_min_peak=60[goal<80] writes_per_hour_peak=…[goal<500] revert_prs=1[goal=1] github_403=0[goal=0] told_after_min=… …
 *   // restart.cold.1000 requests=1000 github_calls=… goal=<=3/request goal=<=50
 *   // audit.year requests=50 github_calls=… calls_per_request=… goal=<=3/request rows=50 ended=50 ms=… seed_ms=…
 */
import { codeownersScenario } from "./codeowners-scenario.js";
import { auditScenario } from "./audit-scenario.js";
import { latencyScenario } from "./latency-scenario.js";
import { lifecycleScenario } from "./lifecycle-scenario.js";
import { mondayScenario } from "./monday-scenario.js";
import { oneRequestScenario } from "./one-request-scenario.js";
import { coldRestartScenario, restartScenario } from "./restart-scenario.js";
import { validateScenario } from "./validate-scenario.js";

const USAGE = "usage: npm run bench [-- --requests N]   (N: requests whose windows end together, 1 to 1000, default 100)";
/** Pull requests the webhook-to-check latency is measured over. */
const LATENCY_PRS = 50;
/** The audit seeds through real git commits (seconds each), so it reads back at most this many. */
const AUDIT_MAX = 50;

function requestsOf(args: string[]): number | undefined {
  if (args.length === 0) return 100;
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
  validateScenario(write);
  await oneRequestScenario(write);
  await lifecycleScenario(write);
  await latencyScenario(LATENCY_PRS, write);
  await mondayScenario(requests, write);
  // The catch-up is seeded through real pull requests (with webhooks off), so 10 keeps the run short;
  // cold restarts alone are seeded straight into the embedded GitHub's store, so they go to 1,000.
  await restartScenario(10, write);
  for (const size of [10, 100, 1000]) await coldRestartScenario(size, write);
  // The audit over merged requests seeded through the embedded GitHub's API, as many as the Monday crowd up to AUDIT_MAX.
  await auditScenario(Math.min(requests, AUDIT_MAX), write);
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
