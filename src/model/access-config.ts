/**
 * Loads an access repo's policies and identities from file contents. Reading
 * files is the caller's job (the app reads the base sha through the API, the
 * CLI reads a working copy), so this stays pure.
 */
import type { Problem } from "./problem.js";
import { compareProblems } from "./problem.js";
import { parseIdentitiesFile } from "./identities-file.js";
import { parsePolicyFile } from "./policy-file.js";
import type { AccessConfig, Rule } from "./types.js";

export const POLICY_DIR = "access-policies";
export const IDENTITIES_PATH = `${POLICY_DIR}/identities.yaml`;

/** True for the files loadAccessConfig reads: access-policies/*.yaml|yml (not nested). */
export function isAccessConfigPath(path: string): boolean {
  return /^access-policies\/[^/]+\.ya?ml$/.test(path);
}

export interface LoadedAccessConfig {
  config: AccessConfig;
  /** Any problem means the policies are broken; a caller must grant nothing. */
  problems: Problem[];
}

/**
 * A broken policy file contributes no rules: when in doubt, grant less.
 *
 * @example
 *   const files = new Map([["access-policies/gcp.yaml", gcpText], ["access-policies/identities.yaml", idText]]);
 *   const { config, problems } = loadAccessConfig(files);
 */
export function loadAccessConfig(files: ReadonlyMap<string, string | Uint8Array>): LoadedAccessConfig {
  const problems: Problem[] = [];
  const rules: Rule[] = [];
  const paths = [...files.keys()].filter(isAccessConfigPath).sort();
  const identitiesPath = paths.find((path) => path === IDENTITIES_PATH || path === `${POLICY_DIR}/identities.yml`);
  const policyPaths = paths.filter((path) => path !== identitiesPath);

  let identities: AccessConfig["identities"] = new Map();
  let serviceIdentities: AccessConfig["serviceIdentities"] = new Map();
  if (identitiesPath === undefined) {
    problems.push({ file: IDENTITIES_PATH, line: 1, column: 1, message: `${IDENTITIES_PATH} is missing; create it to map GitHub logins to cloud principals` });
  } else {
    const parsed = parseIdentitiesFile(identitiesPath, files.get(identitiesPath) as string | Uint8Array);
    identities = parsed.identities;
    serviceIdentities = parsed.serviceIdentities;
    problems.push(...parsed.problems);
  }

  if (policyPaths.length === 0) {
    problems.push({ file: `${POLICY_DIR}/`, line: 1, column: 1, message: `no policy files in ${POLICY_DIR}/; add at least one *.yaml file with rules` });
  }
  const firstDefinition = new Map<string, Rule>();
  for (const path of policyPaths) {
    const parsed = parsePolicyFile(path, files.get(path) as string | Uint8Array);
    problems.push(...parsed.problems);
    for (const rule of parsed.rules) {
      const first = firstDefinition.get(rule.name);
      if (first) {
        problems.push({ file: rule.file, line: rule.line, column: rule.column, message: `rule name "${rule.name}" is already used at ${first.file}:${first.line}; rule names must be unique across all policy files`, rule: rule.name });
        continue;
      }
      firstDefinition.set(rule.name, rule);
      rules.push(rule);
    }
  }
  return { config: { rules, identities, serviceIdentities }, problems: problems.sort(compareProblems) };
}
