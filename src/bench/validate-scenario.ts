/**
 * Request validations per second on one core: what the PR flow does offline
 * for each request file (parse the YAML, check it against the request
 * schema, evaluate it against the policies and identities), through
 * `checkRequestFile`, over realistic request files and the example policies
 * in access-policies/. Also how the time splits between reading (YAML and
 * schema) and evaluating (policy), so a slow run says where to look.
 *
 * @example
 *   validateScenario((line) => process.stdout.write(line));
 *   // validate.per_second files=3 runs=6000 per_s=… read_share=…% goal=>=1000/s ms=…
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadAccessConfig } from "../model/access-config.js";
import { checkRequestFile } from "../model/check-request.js";
import { evaluateRequest } from "../model/evaluate.js";
import { readRequest } from "../model/request-file.js";
import { RESOURCE_GROUP } from "./bench-world.js";

/**
 * Goal: 1,000 a second. A pull request holds a handful of request files and a policy push re-evaluates
 * every active request; at 1,000/s the re-evaluation of a year's 2,000 requests takes 2 s of one core,
 * well inside one webhook's 10 s, and a single file costs 1 ms next to GitHub's ~100 ms per API call.
 */
const GOAL_PER_SECOND = 1000;
const POLICIES = fileURLToPath(new URL("../../access-policies/", import.meta.url));

const FILES: Array<[string, string]> = [
  ["requests/gcp/prod/alice-inc-4711.yaml", ['reason: "INC-4711: payments export failing, need to read the prod DB"', "ticket: INC-4711", "duration: 2h", "grants:", "  - provider: gcp", "    scope: projects/payments-prod", "    role: roles/cloudsql.client", ""].join("\n")],
  ["requests/azure/alice-chg-1200.yaml", ['reason: "CHG-1200: rotate the payments storage keys after the audit"', "ticket: CHG-1200", "duration: 1h", "grants:", "  - provider: azure", `    scope: ${RESOURCE_GROUP}`, "    role: Reader", ""].join("\n")],
  // A refusal: a role no rule allows, so the evaluation walks every rule and reports.
  ["requests/gcp/prod/alice-inc-4712.yaml", ['reason: "INC-4712: need to fix the prod database by hand"', "ticket: INC-4712", "duration: 8h", "grants:", "  - provider: gcp", "    scope: projects/payments-prod", "    role: roles/cloudsql.admin", ""].join("\n")],
];

export function validateScenario(write: (line: string) => void, runs = 2000): void {
  const policyFiles = new Map(readdirSync(POLICIES).filter((name) => name.endsWith(".yaml")).map((name) => [`access-policies/${name}`, readFileSync(join(POLICIES, name))]));
  const { config, problems } = loadAccessConfig(policyFiles);
  if (problems.length > 0) throw new Error(`the example policies in ${POLICIES} have problems: ${problems.map((p) => p.message).join("; ")}`);
  const context = { requester: { login: "alice", teams: ["acme/payments-eng"] }, config, now: new Date("2026-11-24T08:00:00Z") };
  const files = FILES.map(([path, text]) => [path, Buffer.from(text, "utf8")] as const);
  // Warm the JIT (and the schema compilation) before measuring.
  for (let i = 0; i < 200; i++) for (const [path, bytes] of files) checkRequestFile(path, bytes, context);

  const started = performance.now();
  for (let i = 0; i < runs; i++) for (const [path, bytes] of files) checkRequestFile(path, bytes, context);
  const ms = performance.now() - started;
  const perSecond = Math.round((runs * files.length) / (ms / 1000));

  // The same work in its two halves: reading (YAML and schema), then the policy evaluation.
  let readMs = 0;
  let evaluateMs = 0;
  for (let i = 0; i < runs; i++) {
    for (const [path, bytes] of files) {
      const t0 = performance.now();
      const { request } = readRequest(path, bytes);
      const t1 = performance.now();
      if (request) evaluateRequest({ ...context, request });
      readMs += t1 - t0;
      evaluateMs += performance.now() - t1;
    }
  }
  const readShare = Math.round((100 * readMs) / (readMs + evaluateMs));
  write(`validate.per_second files=${files.length} runs=${runs * files.length} per_s=${perSecond} read_share=${readShare}% goal=>=${GOAL_PER_SECOND}/s ms=${Math.round(ms)}\n`);
}
