/** The identities file: GitHub login (or named service principal) -> cloud principals. */
import { nonCanonicalMemberProblem } from "../providers/gcp/gcp-member.js";
import { refusedMember } from "./global-refusals.js";
import type { Problem } from "./problem.js";
import { checkSchema } from "./schema-check.js";
import type { AzurePrincipalType, Identity } from "./types.js";
import { readYaml } from "./yaml-source.js";

interface RawIdentity {
  gcp?: string;
  azure?: { object_id: string; type: AzurePrincipalType };
}

export interface IdentitiesFile {
  identities: Map<string, Identity>;
  problems: Problem[];
}

/**
 * @example
 *   const { identities } = parseIdentitiesFile("access-policies/identities.yaml", text);
 *   identities.get("alice")?.gcp; // "user:alice@acme.example"
 */
export function parseIdentitiesFile(file: string, content: string | Uint8Array): IdentitiesFile {
  const identities = new Map<string, Identity>();
  const source = readYaml(file, content);
  if (!source.ok) return { identities, problems: source.problems };
  const problems = checkSchema("identities", file, source.value, source.locate);
  if (problems.length > 0) return { identities, problems };

  const raw = (source.value as { identities: Record<string, RawIdentity> }).identities;
  for (const [name, entry] of Object.entries(raw)) {
    const key = name.toLowerCase();
    if (identities.has(key)) {
      problems.push({ file, ...source.locate(["identities", name], "key"), message: `identity "${name}" is listed twice (names are case-insensitive, like GitHub logins)` });
      continue;
    }
    const refusal = entry.gcp === undefined ? undefined : (refusedMember(entry.gcp) ?? nonCanonicalMemberProblem(entry.gcp));
    if (refusal) problems.push({ file, ...source.locate(["identities", name, "gcp"]), message: refusal });
    identities.set(key, {
      name,
      ...(entry.gcp === undefined ? {} : { gcp: entry.gcp }),
      ...(entry.azure === undefined ? {} : { azure: { objectId: entry.azure.object_id.toLowerCase(), type: entry.azure.type } }),
    });
  }
  return { identities: problems.length > 0 ? new Map() : identities, problems };
}
