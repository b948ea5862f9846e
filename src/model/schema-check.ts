/**
 * JSON Schema validation (ajv, strict) with errors rewritten for people and
 * pinned to the line where the offending value or key was written.
 */
import { Ajv } from "ajv";
import type { ErrorObject, ValidateFunction } from "ajv";
import identitiesSchema from "../schemas/identities.schema.json" with { type: "json" };
import policySchema from "../schemas/policy.schema.json" with { type: "json" };
import requestSchema from "../schemas/request.schema.json" with { type: "json" };
import type { Problem } from "./problem.js";
import type { Locate, PathSegment } from "./yaml-source.js";

export type SchemaName = "policy" | "identities" | "request";

const ajv = new Ajv({ strict: true, allErrors: true, verbose: true });
const validators: Record<SchemaName, ValidateFunction> = {
  policy: ajv.compile(policySchema),
  identities: ajv.compile(identitiesSchema),
  request: ajv.compile(requestSchema),
};
const rootLabels: Record<SchemaName, string> = { policy: "the policy file", identities: "the identities file", request: "the request" };

/** The JSON Schemas shipped with the package, for editors and other tools. */
export const schemas = { policy: policySchema, identities: identitiesSchema, request: requestSchema } as const;

/**
 * @example
 *   checkSchema("request", "requests/a.yaml", { reason: "x" }, locate);
 *   // [{ file: "requests/a.yaml", line: 1, column: 1, message: "the request is missing the required field \"grants\"" }]
 */
export function checkSchema(schema: SchemaName, file: string, value: unknown, locate: Locate): Problem[] {
  const validate = validators[schema];
  if (validate(value)) return [];
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const error of validate.errors ?? []) {
    const problem = describe(schema, error, locate);
    if (!problem) continue;
    const key = `${problem.line}:${problem.column}:${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ file, ...problem });
  }
  return problems.sort((a, b) => a.line - b.line || a.column - b.column);
}

/**
 * The parts of a value the schema refused: each error's own path, the missing
 * field for a "required" error, nothing for an unknown field (the known
 * fields beside it are still usable).
 *
 * @example
 *   refusedPaths("request", { grants: [{ provider: "gcp", scope: "projects/p" }] });
 *   // [["reason"], ["grants", 0, "role"]]
 */
export function refusedPaths(schema: SchemaName, value: unknown): PathSegment[][] {
  const validate = validators[schema];
  if (validate(value)) return [];
  return (validate.errors ?? []).flatMap((error) => {
    if (error.keyword === "additionalProperties") return [];
    const path = pathOf(error.instancePath);
    if (error.keyword === "required") return [[...path, String((error.params as { missingProperty: unknown }).missingProperty)]];
    return [path];
  });
}

function pathOf(instancePath: string): PathSegment[] {
  if (instancePath === "") return [];
  return instancePath
    .slice(1)
    .split("/")
    .map((raw) => raw.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

function labelOf(schema: SchemaName, path: PathSegment[]): string {
  if (path.length === 0) return rootLabels[schema];
  const text = path.map((segment, i) => (typeof segment === "number" ? `[${segment}]` : i === 0 ? segment : `.${segment}`)).join("");
  return `"${text}"`;
}

const typeWords: Record<string, string> = {
  string: "text",
  integer: "a whole number",
  number: "a number",
  array: "a list",
  object: "a mapping (key: value pairs)",
  boolean: "true or false",
  null: "empty",
};

function typeOfValue(value: unknown): string {
  if (value === null || value === undefined) return "empty";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return "text";
  if (typeof value === "number") return Number.isInteger(value) ? "a whole number" : "a number";
  return typeof value === "boolean" ? "true or false" : typeof value;
}

type Located = { line: number; column: number; message: string };

function describe(schema: SchemaName, error: ErrorObject, locate: Locate): Located | undefined {
  const path = pathOf(error.instancePath);
  const label = labelOf(schema, path);
  const here = (message: string, at = path, part: "key" | "value" = "value"): Located => ({ ...locate(at, part), message });
  const params = error.params as Record<string, unknown>;
  const description = (error.parentSchema as { description?: string } | undefined)?.description;
  switch (error.keyword) {
    case "required":
      return here(`${label} is missing the required field "${String(params.missingProperty)}"`);
    case "additionalProperties": {
      const extra = String(params.additionalProperty);
      const allowed = Object.keys((error.parentSchema as { properties?: object }).properties ?? {});
      const guess = closest(extra, allowed);
      const hint = guess ? `did you mean "${guess}"?` : `allowed fields: ${allowed.join(", ")}`;
      return here(`unknown field "${extra}" in ${label}; ${hint}`, [...path, extra], "key");
    }
    case "type": {
      const wanted = String(params.type).split(",").map((t) => typeWords[t] ?? t).join(" or ");
      return here(`${label} must be ${wanted}, not ${typeOfValue(error.data)}`);
    }
    case "enum":
      return here(`${label} must be one of ${(params.allowedValues as unknown[]).join(", ")}, not ${JSON.stringify(error.data)}`);
    case "const":
      return here(`${label} must be ${JSON.stringify(params.allowedValue)}, not ${JSON.stringify(error.data)}`);
    case "pattern":
      if (error.propertyName !== undefined) return undefined; // reported by propertyNames
      return here(`${label} is ${JSON.stringify(error.data)}, which is not valid: expected ${patternHint(path, description) ?? `text matching ${String(params.pattern)}`}`);
    case "propertyNames": {
      const name = String(params.propertyName);
      return here(`name "${name}" in ${label} is not valid: use letters, digits, "-" and "_"`, [...path, name], "key");
    }
    case "minLength":
      return here(params.limit === 1 ? `${label} must not be empty` : `${label} must be at least ${String(params.limit)} characters long`);
    case "maxLength":
      return here(`${label} is longer than ${String(params.limit)} characters`);
    case "minItems":
      return here(`${label} must list at least ${String(params.limit)} item${params.limit === 1 ? "" : "s"}`);
    case "maxItems":
      return here(`${label} lists more than ${String(params.limit)} items; split it into several files`);
    case "uniqueItems": {
      const later = Number(params.i);
      const data = error.data as unknown[];
      return here(`${label} lists ${JSON.stringify(data[later])} twice`, [...path, later]);
    }
    case "minimum":
    case "maximum":
      return here(`${label} must be ${error.keyword === "minimum" ? "at least" : "at most"} ${String(params.limit)}, not ${JSON.stringify(error.data)}`);
    case "minProperties":
      return here(`${label} must not be empty`);
    default:
      return here(`${label} ${error.message ?? "is not valid"}`);
  }
}

function patternHint(path: PathSegment[], description: string | undefined): string | undefined {
  if (path.at(-1) === "start") return "a date and time with a time zone, like 2026-11-24T08:00:00Z";
  if (!description) return undefined;
  // "A GitHub team …" reads as "expected a GitHub team …"; keep acronyms such as "IAM".
  return /^[A-Z](?![A-Z])/.test(description) ? description[0]?.toLowerCase() + description.slice(1) : description;
}

/** A near miss within two edits, to turn "unknown field" into "did you mean". */
function closest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
