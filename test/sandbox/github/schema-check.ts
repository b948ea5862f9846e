/**
 * Checks the embedded GitHub's answers against GitHub's OpenAPI description
 * (the trimmed copy in test/fixtures, see scripts/trim-openapi.mjs) and its
 * webhook payloads against `@octokit/webhooks-schemas`, with ajv.
 *
 * A finding is a field path and what is wrong with it. It fails the check
 * when it is a wrong value anywhere (type, enum, format, shape), or a field
 * the app reads that is missing, or that the schema does not list there; a
 * missing or extra field the app never reads is reported only, since it
 * cannot mislead the app.
 */
import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import type { ErrorObject, ValidateFunction } from "ajv";

interface TrimmedRoute {
  operationId: string;
  usedAt: string[];
  responses: Record<string, unknown>;
}
interface Trimmed {
  source: string;
  routes: Record<string, TrimmedRoute>;
  components: { schemas: Record<string, unknown> };
}

export interface Finding {
  /** `files[].status`, `head.repo.full_name`: the instance path without indexes. */
  field: string;
  problem: string;
  failing: boolean;
}

const trimmed = JSON.parse(readFileSync(new URL("../../fixtures/github-openapi-trimmed.json", import.meta.url), "utf8")) as Trimmed;
const webhookSchema = JSON.parse(readFileSync(new URL("../../../node_modules/@octokit/webhooks-schemas/schema.json", import.meta.url), "utf8")) as Record<string, unknown>;

/** `GET /repos/{owner}/{repo}` and `GET /repos/{o}/{r}` name the same route; `{ref+}` is a multi-segment parameter. */
export const routeKey = (route: string): string => route.replace(/\{[^}]*\}/g, "{}");

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addFormat("date-time", (s: string) => DATE_TIME.test(s) && !Number.isNaN(Date.parse(s)));
ajv.addFormat("uri", (s: string) => URL.canParse(s));
ajv.addFormat("email", (s: string) => /^[^\s@]+@[^\s@]+$/.test(s));
for (const loose of ["uri-template", "int64", "date", "hostname", "ipv4", "ipv6", "uuid", "regex", "date-time-offset", "uri-reference"]) ajv.addFormat(loose, true);

const OPENAPI_ID = "https://access-pr.test/github-openapi-trimmed.json";
const responseSchemas: Record<string, unknown> = {};
const routeOf = new Map<string, string>();
for (const [route, spec] of Object.entries(trimmed.routes)) {
  routeOf.set(routeKey(route), route);
  for (const [status, schema] of Object.entries(spec.responses)) if (schema) responseSchemas[`${route} ${status}`] = schema;
}
ajv.addSchema({ $id: OPENAPI_ID, components: trimmed.components, responses: responseSchemas });
ajv.addSchema({ ...webhookSchema, $id: "https://access-pr.test/webhooks-schema.json" });

const compiled = new Map<string, ValidateFunction>();
function validatorFor(ref: string): ValidateFunction {
  let validate = compiled.get(ref);
  if (!validate) {
    validate = ajv.compile({ $ref: ref });
    compiled.set(ref, validate);
  }
  return validate;
}

/** The routes of the fixture (what the app calls), as `METHOD /path`. */
export const appRoutes = (): string[] => Object.keys(trimmed.routes);
export const fixtureSource = (): string => trimmed.source;
/** The fixture route an emulator template answers, or undefined when the app does not call it. */
export const fixtureRoute = (template: string): string | undefined => routeOf.get(routeKey(template));

const pointerEscape = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1");
const fieldOf = (instancePath: string, extra?: string) =>
  [...instancePath.split("/").slice(1), ...(extra ? [extra] : [])]
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((part) => (/^\d+$/.test(part) ? "[]" : part))
    .join(".")
    .replace(/\.\[\]/g, "[]");

/**
 * Ajv reports every branch of a failed `oneOf`/`anyOf`; nullable references
 * are written as `anyOf: [{ type: "null" }, { $ref }]`, so the branch
 * summaries and the "must be null" of the null branch are noise whenever a
 * deeper error says what is really wrong.
 */
/**
 * Where the description is stricter than GitHub itself: a label GitHub creates on the fly
 * (adding a label that does not exist yet) has `description: null`, as the `label` schema of
 * the issues routes says, while the pull request's embedded `labels[]` schema calls it a string.
 */
const DESCRIPTION_STRICTER_THAN_GITHUB = new Set(["labels[].description must be string", "[].labels[].description must be string"]);

function findingsOf(errors: ErrorObject[], reads: ReadonlySet<string>): Finding[] {
  const isNullBranch = (e: ErrorObject) => e.keyword === "type" && (e.params as { type?: unknown }).type === "null";
  const real = errors.filter((e) => !["oneOf", "anyOf", "if"].includes(e.keyword));
  const deepest = real.filter((e) => !isNullBranch(e) || !real.some((o) => o !== e && !isNullBranch(o) && (o.instancePath === e.instancePath || o.instancePath.startsWith(`${e.instancePath}/`))));
  const isRead = (field: string) => [...reads].some((read) => read === field || read.startsWith(`${field}.`) || read.startsWith(`${field}[]`));
  const findings = new Map<string, Finding>();
  for (const error of deepest.length > 0 ? deepest : errors) {
    const params = error.params as { missingProperty?: string; additionalProperty?: string; allowedValues?: unknown };
    // A field GitHub sends that we leave out, or one the schema does not list there: wrong only if the app reads it.
    const named = params.missingProperty ?? params.additionalProperty;
    const field = fieldOf(error.instancePath, named) || "(body)";
    const problem =
      error.keyword === "required" ? "missing" : error.keyword === "additionalProperties" ? "not in the schema" : `${error.message ?? error.keyword}${error.keyword === "enum" ? ` (${JSON.stringify(params.allowedValues)})` : ""}`;
    const failing = (named === undefined && !DESCRIPTION_STRICTER_THAN_GITHUB.has(`${field} ${problem}`)) || isRead(field);
    findings.set(`${field} ${problem}`, { field, problem, failing });
  }
  return [...findings.values()];
}

/** Findings for one successful answer of `route` (a fixture route) with `status`: a status the description does not list fails too. */
export function checkAnswer(route: string, status: number, body: unknown, reads: ReadonlySet<string>): Finding[] {
  const listed = trimmed.routes[route]?.responses ?? {};
  if (!(String(status) in listed)) return [{ field: "(status)", problem: `${status} where GitHub answers ${Object.keys(listed).join(" or ")}`, failing: true }];
  if (!responseSchemas[`${route} ${status}`]) return body === undefined ? [] : [{ field: "(body)", problem: "a body where GitHub sends none", failing: true }];
  const validate = validatorFor(`${OPENAPI_ID}#/responses/${pointerEscape(`${route} ${status}`)}`);
  return validate(body) ? [] : findingsOf(validate.errors ?? [], reads);
}

/** Findings for one webhook payload, checked against the definition of `event$action` (or `event$event`). */
export function checkWebhook(event: string, action: string | undefined, payload: unknown, reads: ReadonlySet<string>): Finding[] {
  const name = `${event}$${action ?? "event"}`;
  const definitions = webhookSchema.definitions as Record<string, unknown>;
  if (!definitions[name]) return [{ field: "(event)", problem: `${name} is not an event in @octokit/webhooks-schemas`, failing: true }];
  const validate = validatorFor(`https://access-pr.test/webhooks-schema.json#/definitions/${pointerEscape(name)}`);
  return validate(payload) ? [] : findingsOf(validate.errors ?? [], reads);
}

/** Every field path of a value, `a.b[].c`, for counting what was checked. */
export function fieldPaths(value: unknown, prefix = "", into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) fieldPaths(item, `${prefix}[]`, into);
  else if (value !== null && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) {
      const path = prefix ? `${prefix}.${key}` : key;
      into.add(path);
      fieldPaths(child, path, into);
    }
  }
  return into;
}
