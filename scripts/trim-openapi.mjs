#!/usr/bin/env node
/**
 * Writes test/fixtures/github-openapi-trimmed.json: the response schemas of
 * the GitHub REST routes access-pr calls, cut from GitHub's OpenAPI
 * description, so the embedded GitHub's answers can be checked against them
 * offline. Run by hand when the app starts calling a new route or when
 * GitHub's description moves on; the output is committed.
 *
 * The routes are found in the code: every `.rest.<scope>.<method>` and
 * `.request("METHOD /path")` under src/ (the embedded GitHub, src/sandbox,
 * excepted), mapped to its HTTP route through Octokit's own endpoint table,
 * plus the calls Probot makes on the app's behalf (installation tokens).
 *
 * The full description is large (`@octokit/openapi` installs at about
 * 385 MB), so it is not a dependency. Fetch the one file it needs:
 *
 *   npm pack @octokit/openapi@23.0.1 && tar xzf octokit-openapi-23.0.1.tgz package/generated/api.github.com.json package/package.json
 *   node scripts/trim-openapi.mjs package/generated/api.github.com.json
 *
 * (`api.github.com.json` from github/rest-api-description's
 * descriptions/api.github.com/ works the same.) Only `$ref`s reachable from
 * those routes are kept, and only the keywords a validator uses.
 */
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import process from "node:process";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(ROOT, "test/fixtures/github-openapi-trimmed.json");
const ENDPOINTS = join(ROOT, "node_modules/@octokit/plugin-rest-endpoint-methods/dist-src/generated/endpoints.js");
/** What Probot and Octokit call for the app without a line of ours naming it. */
const LIBRARY_ROUTES = ["POST /app/installations/{installation_id}/access_tokens"];
/** Keywords that constrain an instance; descriptions, examples and GitHub's `x-` extensions are dropped. */
const KEPT = new Set(["type", "properties", "required", "items", "enum", "oneOf", "anyOf", "allOf", "not", "additionalProperties", "$ref", "format", "pattern", "minimum", "maximum", "minItems", "maxItems", "minLength", "maxLength", "uniqueItems", "const"]);

function usage(message) {
  process.stderr.write(`${message}\nusage: node scripts/trim-openapi.mjs PATH/api.github.com.json   (see the comment at the top of this file)\n`);
  process.exit(2);
}

function sourceFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return relative(ROOT, path) === "src/sandbox" ? [] : sourceFiles(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

/** `{ route: [file:line, ...] }` for every route the app and the CLI name. */
async function routesInCode() {
  const { default: endpoints } = await import(pathToFileURL(ENDPOINTS).href);
  const found = new Map(LIBRARY_ROUTES.map((route) => [route, ["(Probot: installation token)"]]));
  const add = (route, where) => found.set(route, [...new Set([...(found.get(route) ?? []), where])]);
  for (const file of sourceFiles(join(ROOT, "src"))) {
    readFileSync(file, "utf8").split("\n").forEach((line, i) => {
      const at = `${relative(ROOT, file)}:${i + 1}`;
      // Files, not lines: the fixture should not change every time a caller moves.
      const where = relative(ROOT, file);
      for (const [, scope, method] of line.matchAll(/\.rest\.([a-zA-Z]+)\.([a-zA-Z]+)\b/g)) {
        const route = endpoints[scope]?.[method]?.[0];
        if (!route) usage(`${at}: .rest.${scope}.${method} is not in Octokit's endpoint table`);
        add(route, where);
      }
      for (const [, route] of line.matchAll(/\.request\(\s*"((?:GET|POST|PUT|PATCH|DELETE) \/[^"]*)"/g)) add(route, where);
    });
  }
  return new Map([...found].map(([route, files]) => [route, files.sort()]));
}

function trimSchema(schema) {
  if (Array.isArray(schema)) return schema.map(trimSchema);
  if (schema === null || typeof schema !== "object") return schema;
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (!KEPT.has(key)) continue;
    if (key === "properties") out[key] = Object.fromEntries(Object.entries(value).map(([name, s]) => [name, trimSchema(s)]));
    else if (key === "enum" || key === "required" || key === "type" || key === "const") out[key] = value;
    else out[key] = trimSchema(value);
  }
  return schema.nullable === true ? nullable(out) : out;
}

/** OpenAPI 3.0's `nullable: true`, written as plain JSON Schema so any validator reads it. */
function nullable(schema) {
  if (typeof schema.type === "string") {
    const out = { ...schema, type: [schema.type, "null"] };
    if (out.enum && !out.enum.includes(null)) out.enum = [...out.enum, null];
    return out;
  }
  return { anyOf: [{ type: "null" }, schema] };
}

function refsIn(value, into) {
  if (Array.isArray(value)) value.forEach((v) => refsIn(v, into));
  else if (value && typeof value === "object") {
    for (const [key, v] of Object.entries(value)) {
      if (key === "$ref" && typeof v === "string") into.add(v);
      else refsIn(v, into);
    }
  }
  return into;
}

const [input] = process.argv.slice(2);
if (!input) usage("missing the path of api.github.com.json");
const spec = JSON.parse(readFileSync(input, "utf8"));
const routes = {};
const missing = [];
for (const [route, usedAt] of [...(await routesInCode()).entries()].sort(([a], [b]) => a.localeCompare(b))) {
  const [method, path] = route.split(" ");
  const operation = spec.paths[path]?.[method.toLowerCase()];
  if (!operation) {
    missing.push(route);
    continue;
  }
  const responses = {};
  for (const [status, response] of Object.entries(operation.responses ?? {})) {
    const resolved = response.$ref ? spec.components.responses[response.$ref.split("/").at(-1)] : response;
    const schema = resolved?.content?.["application/json"]?.schema;
    if (Number(status) < 300) responses[status] = schema ? trimSchema(schema) : null;
  }
  routes[route] = { operationId: operation.operationId, usedAt, responses };
}
if (missing.length > 0) usage(`not in ${input}: ${missing.join(", ")}`);

const schemas = {};
const pending = [...refsIn(routes, new Set())];
while (pending.length > 0) {
  const name = pending.pop().replace("#/components/schemas/", "");
  if (schemas[name]) continue;
  const schema = spec.components.schemas[name];
  if (!schema) usage(`#/components/schemas/${name} is referenced but not defined in ${input}`);
  schemas[name] = trimSchema(schema);
  pending.push(...refsIn(schemas[name], new Set()));
}

const fixture = {
  source: `GitHub REST API OpenAPI description ${spec.info.version} (api.github.com), trimmed by scripts/trim-openapi.mjs`,
  routes,
  components: { schemas: Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b))) },
};
writeFileSync(OUT, `${JSON.stringify(fixture, null, 1)}\n`);
process.stdout.write(`${relative(ROOT, OUT)}: ${Object.keys(routes).length} routes, ${Object.keys(schemas).length} schemas, ${statSync(OUT).size} bytes\n`);
