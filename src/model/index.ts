/** The access repo model: formats, parsing with positions, and pure policy evaluation. */
export { loadAccessConfig, isAccessConfigPath, IDENTITIES_PATH, POLICY_DIR } from "./access-config.js";
export type { LoadedAccessConfig } from "./access-config.js";
export { checkRequestFile } from "./check-request.js";
export type { CheckedRequest } from "./check-request.js";
export { evaluateRequest, MAX_START_AHEAD_MS } from "./evaluate.js";
export type { Evaluation, EvaluationInput, PlannedGrant, Requester } from "./evaluate.js";
export { toGrantSpec } from "./grant-spec.js";
export { matchGlob } from "./glob.js";
export { formatProblem, compareProblems } from "./problem.js";
export type { Problem } from "./problem.js";
export { parseRequest } from "./request-file.js";
export type { ParsedRequest } from "./request-file.js";
export { schemas } from "./schema-check.js";
export { MAX_FILE_BYTES, MAX_ALIAS_COUNT } from "./yaml-source.js";
export type * from "./types.js";
