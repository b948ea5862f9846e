/** The identities file: GitHub logins, and separately the service principals requested on behalf of, -> cloud principals. */
import { providerDefinitions } from "../providers/definitions.js";
import type { Problem } from "./problem.js";
import { checkSchema } from "./schema-check.js";
import type { AzurePrincipalType, Identity } from "./types.js";
import { readYaml } from "./yaml-source.js";

interface RawIdentity {
  gcp?: string;
  azure?: { object_id: string; type: AzurePrincipalType };
}

export interface IdentitiesFile {
  /** GitHub logins. */
  identities: Map<string, Identity>;
  /** Principals requested on behalf of, in their own namespace. */
  serviceIdentities: Map<string, Identity>;
  problems: Problem[];
}

type Section = "identities" | "service_identities";

/**
 * @example
 *   const { identities, serviceIdentities } = parseIdentitiesFile("access-policies/identities.yaml", text);
 *   identities.get("alice")?.gcp;                   // "user:alice@acme.example"
 *   serviceIdentities.get("svc-payments-batch")?.gcp; // "serviceAccount:payments-batch@..."
 */
export function parseIdentitiesFile(file: string, content: string | Uint8Array): IdentitiesFile {
  const empty = (problems: Problem[]): IdentitiesFile => ({ identities: new Map(), serviceIdentities: new Map(), problems });
  const source = readYaml(file, content);
  if (!source.ok) return empty(source.problems);
  const problems = checkSchema("identities", file, source.value, source.locate);
  if (problems.length > 0) return empty(problems);

  const value = source.value as Partial<Record<Section, Record<string, RawIdentity>>>;
  const read = (section: Section): Map<string, Identity> => {
    const entries = new Map<string, Identity>();
    for (const [name, entry] of Object.entries(value[section] ?? {})) {
      const key = name.toLowerCase();
      if (entries.has(key)) {
        problems.push({ file, ...source.locate([section, name], "key"), message: `${section} entry "${name}" is listed twice (names are case-insensitive, like GitHub logins)` });
        continue;
      }
      const refusal = entry.gcp === undefined ? undefined : (providerDefinitions.gcp.principalProblem(entry.gcp) ?? providerDefinitions.gcp.principalSpellingProblem?.(entry.gcp));
      if (refusal) problems.push({ file, ...source.locate([section, name, "gcp"]), message: refusal });
      entries.set(key, {
        name,
        ...(entry.gcp === undefined ? {} : { gcp: entry.gcp }),
        ...(entry.azure === undefined ? {} : { azure: { objectId: entry.azure.object_id.toLowerCase(), type: entry.azure.type } }),
      });
    }
    return entries;
  };
  const identities = read("identities");
  const serviceIdentities = read("service_identities");
  return problems.length > 0 ? empty(problems) : { identities, serviceIdentities, problems };
}
