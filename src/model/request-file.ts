/** A request file: YAML, then schema, then the meaning of each field. */
import { parseDuration } from "../core/duration.js";
import { providerDefinitions } from "../providers/definitions.js";
import type { Problem } from "./problem.js";
import { compareProblems } from "./problem.js";
import { checkSchema, refusedPaths } from "./schema-check.js";
import type { AccessRequest, RequestedGrant, RequestField } from "./types.js";
import type { PathSegment } from "./yaml-source.js";
import { readYaml } from "./yaml-source.js";

export type ParsedRequest = { ok: true; request: AccessRequest } | { ok: false; problems: Problem[] };

/**
 * Every problem the file itself has, and the request as far as it can be
 * read: absent when the file is not YAML or not a mapping; marked `refused`
 * when some fields or grants are not usable, so later checks skip them.
 */
export interface RequestReading {
  problems: Problem[];
  request?: AccessRequest;
}

/**
 * @example
 *   const parsed = parseRequest("requests/gcp/prod/alice.yaml", bytes);
 *   if (!parsed.ok) parsed.problems.map(formatProblem);
 */
export function parseRequest(path: string, content: string | Uint8Array): ParsedRequest {
  const reading = readRequest(path, content);
  if (reading.problems.length > 0 || !reading.request) return { ok: false, problems: reading.problems };
  return { ok: true, request: reading.request };
}

const textFields: RequestField[] = ["reason", "ticket", "duration", "start", "principal"];
const placeholder: RequestedGrant = { provider: "gcp", scope: "", role: "" };

/**
 * @example
 *   const reading = readRequest("requests/a.yaml", "reason: x\nduration: soon\ngrants: []\n");
 *   reading.problems; // the schema's and the duration's, each at its line
 *   reading.request?.refused?.fields; // Set { "duration" }
 */
export function readRequest(path: string, content: string | Uint8Array): RequestReading {
  const source = readYaml(path, content);
  if (!source.ok) return { problems: source.problems };
  const { value, locate } = source;
  const problems = checkSchema("request", path, value, locate);
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { problems };

  const refused = refusedPaths("request", value);
  const usable = (at: PathSegment[]) => !refused.some((bad) => startsWith(bad, at) || startsWith(at, bad));
  const raw = value as Record<string, unknown>;
  const refusedFields = new Set(textFields.filter((field) => raw[field] !== undefined && !usable([field])));
  if (!usable(["reason"])) refusedFields.add("reason");
  const text = (field: RequestField) => (refusedFields.has(field) ? undefined : (raw[field] as string | undefined));

  let durationMs: number | undefined;
  const duration = text("duration");
  if (duration !== undefined) {
    const parsed = parseDuration(duration);
    if (parsed.ok) durationMs = parsed.ms;
    else {
      problems.push({ file: path, ...locate(["duration"]), message: parsed.message });
      refusedFields.add("duration");
    }
  }

  let start: Date | undefined;
  const startText = text("start");
  if (startText !== undefined) {
    start = new Date(startText);
    if (Number.isNaN(start.getTime())) {
      problems.push({ file: path, ...locate(["start"]), message: `start "${startText}" is not a real date and time; write it like 2026-11-24T08:00:00Z` });
      refusedFields.add("start");
      start = undefined;
    }
  }

  const entries: unknown[] = Array.isArray(raw.grants) ? raw.grants : [];
  const refusedGrants = new Set<number>();
  const seen = new Map<string, number>();
  const grants = entries.map((entry, index): RequestedGrant => {
    if (!usable(["grants", index])) {
      refusedGrants.add(index);
      return placeholder;
    }
    const grant = entry as RequestedGrant;
    const definition = providerDefinitions[grant.provider];
    const scopeProblem = definition.scopeProblem(grant.scope);
    if (scopeProblem) {
      problems.push({ file: path, ...locate(["grants", index, "scope"]), message: `${grant.provider} ${scopeProblem}`, grant: index });
      refusedGrants.add(index);
    }
    const key = `${grant.provider}\n${definition.scopeKey(grant.scope)}\n${grant.role}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push({ file: path, ...locate(["grants", index]), message: `grant ${index + 1} repeats grant ${first + 1} (${grant.role} on ${grant.scope}); remove one`, grant: index });
      refusedGrants.add(index);
    } else {
      seen.set(key, index);
    }
    return { provider: grant.provider, scope: grant.scope, role: grant.role };
  });

  const reason = text("reason");
  const ticket = text("ticket");
  const principal = text("principal");
  const request: AccessRequest = {
    path,
    reason: reason ?? "",
    ...(ticket === undefined ? {} : { ticket }),
    ...(durationMs === undefined ? {} : { durationMs }),
    ...(start === undefined ? {} : { start }),
    ...(principal === undefined ? {} : { principal }),
    grants,
    locate,
    ...(refusedFields.size > 0 || refusedGrants.size > 0 ? { refused: { fields: refusedFields, grants: refusedGrants } } : {}),
  };
  return { problems: problems.sort(compareProblems), request };
}

function startsWith(path: PathSegment[], prefix: PathSegment[]): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => path[i] === segment);
}
