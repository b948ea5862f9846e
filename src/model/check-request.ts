/**
 * One request file checked in full: its own problems and, for every part of
 * it that could be read, the policy, identity and provider checks too, so a
 * person sees every independent problem in one run.
 */
import type { Evaluation, EvaluationInput } from "./evaluate.js";
import { evaluateRequest } from "./evaluate.js";
import type { Problem } from "./problem.js";
import { uniqueProblems } from "./problem.js";
import { readRequest } from "./request-file.js";
import type { AccessRequest } from "./types.js";

export type CheckedRequest = { ok: true; request: AccessRequest; evaluation: Evaluation } | { ok: false; problems: Problem[] };

/**
 * @example
 *   const checked = checkRequestFile(path, bytes, { requester, config, now });
 *   if (!checked.ok) checked.problems.map(formatProblem); // schema, policy and identity problems together
 *   else if (checked.evaluation.status === "allowed") checked.evaluation.grants;
 */
export function checkRequestFile(path: string, content: string | Uint8Array, context: Omit<EvaluationInput, "request">): CheckedRequest {
  const { problems, request } = readRequest(path, content);
  if (!request) return { ok: false, problems };
  const evaluation = evaluateRequest({ ...context, request });
  if (problems.length === 0) return { ok: true, request, evaluation };
  const later = evaluation.status === "refused" ? evaluation.problems : [];
  return { ok: false, problems: uniqueProblems([...problems, ...later]) };
}
