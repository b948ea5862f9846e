/**
 * Sizes GitHub refuses, in GitHub's words. Comment and pull request bodies
 * take at most 65,536 characters ("body is too long (maximum is 65536
 * characters)"); a check run's `output.summary` and `output.text` at most
 * 65,535; and at most 50 annotations come in one request (GitHub REST docs,
 * checks/runs: "The Checks API limits the number of annotations to a maximum
 * of 50 per API request").
 */
import { HttpError } from "./http-kit.js";

export const MAX_BODY = 65_536;
export const MAX_CHECK_OUTPUT = 65_535;
export const MAX_ANNOTATIONS_PER_REQUEST = 50;

/** 422 when a comment or pull request body is longer than GitHub stores. */
export function requireBodySize(resource: "IssueComment" | "PullRequest" | "Issue", body: string | null | undefined): void {
  if (typeof body !== "string" || body.length <= MAX_BODY) return;
  throw new HttpError(422, "Validation Failed", {
    errors: [{ resource, code: "custom", field: "body", message: `body is too long (maximum is ${MAX_BODY} characters)` }],
  });
}

/** 422 when a check run's output is longer, or carries more annotations, than one request may. */
export function requireCheckOutputSize(output: { summary?: unknown; text?: unknown; annotations?: unknown } | undefined): void {
  if (!output) return;
  for (const key of ["summary", "text"] as const) {
    const value = output[key];
    if (typeof value === "string" && value.length > MAX_CHECK_OUTPUT) {
      throw new HttpError(422, `Invalid request.\n\nOnly ${MAX_CHECK_OUTPUT} characters are allowed; ${value.length} were supplied.`, {
        errors: [{ resource: "CheckRun", code: "custom", field: `output.${key}`, message: `output.${key} is too long (maximum is ${MAX_CHECK_OUTPUT} characters)` }],
      });
    }
  }
  if (Array.isArray(output.annotations) && output.annotations.length > MAX_ANNOTATIONS_PER_REQUEST) {
    throw new HttpError(422, `Invalid request.\n\nOnly ${MAX_ANNOTATIONS_PER_REQUEST} annotations are allowed per request; ${output.annotations.length} were supplied.`, {
      errors: [{ resource: "CheckRun", code: "custom", field: "output.annotations", message: `at most ${MAX_ANNOTATIONS_PER_REQUEST} annotations per request` }],
    });
  }
}
