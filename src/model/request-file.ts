/** A request file: YAML, then schema, then the meaning of each field. */
import { parseDuration } from "../core/duration.js";
import { providerDefinitions } from "../providers/definitions.js";
import type { Problem } from "./problem.js";
import { checkSchema } from "./schema-check.js";
import type { AccessRequest, RequestedGrant } from "./types.js";
import { readYaml } from "./yaml-source.js";

interface RawRequest {
  reason: string;
  ticket?: string;
  duration?: string;
  start?: string;
  principal?: string;
  grants: RequestedGrant[];
}

export type ParsedRequest = { ok: true; request: AccessRequest } | { ok: false; problems: Problem[] };

/**
 * @example
 *   const parsed = parseRequest("requests/gcp/prod/alice.yaml", bytes);
 *   if (!parsed.ok) parsed.problems.map(formatProblem);
 */
export function parseRequest(path: string, content: string | Uint8Array): ParsedRequest {
  const source = readYaml(path, content);
  if (!source.ok) return source;
  const schemaProblems = checkSchema("request", path, source.value, source.locate);
  if (schemaProblems.length > 0) return { ok: false, problems: schemaProblems };

  const raw = source.value as RawRequest;
  const { locate } = source;
  const problems: Problem[] = [];

  let durationMs: number | undefined;
  if (raw.duration !== undefined) {
    const parsed = parseDuration(raw.duration);
    if (parsed.ok) durationMs = parsed.ms;
    else problems.push({ file: path, ...locate(["duration"]), message: parsed.message });
  }

  let start: Date | undefined;
  if (raw.start !== undefined) {
    start = new Date(raw.start);
    if (Number.isNaN(start.getTime())) {
      problems.push({ file: path, ...locate(["start"]), message: `start "${raw.start}" is not a real date and time; write it like 2026-11-24T08:00:00Z` });
    }
  }

  const seen = new Map<string, number>();
  raw.grants.forEach((grant, index) => {
    const definition = providerDefinitions[grant.provider];
    const scopeProblem = definition.scopeProblem(grant.scope);
    if (scopeProblem) problems.push({ file: path, ...locate(["grants", index, "scope"]), message: `${grant.provider} ${scopeProblem}`, grant: index });
    const key = `${grant.provider}\n${definition.scopeKey(grant.scope)}\n${grant.role}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push({ file: path, ...locate(["grants", index]), message: `grant ${index + 1} repeats grant ${first + 1} (${grant.role} on ${grant.scope}); remove one`, grant: index });
    } else {
      seen.set(key, index);
    }
  });

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    request: {
      path,
      reason: raw.reason,
      ...(raw.ticket === undefined ? {} : { ticket: raw.ticket }),
      ...(durationMs === undefined ? {} : { durationMs }),
      ...(start === undefined ? {} : { start }),
      ...(raw.principal === undefined ? {} : { principal: raw.principal }),
      grants: raw.grants.map(({ provider, scope, role }) => ({ provider, scope, role })),
      locate,
    },
  };
}
