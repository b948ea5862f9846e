/**
 * Which rules a pull request's request files can be decided by, so the app
 * asks GitHub only about the teams those rules name. A rule that places no
 * grant of any file never looks at the requester's teams or its approvers,
 * so leaving its teams out changes no decision and no message.
 */
import { rulesPlacing } from "../model/evaluate.js";
import { readRequest } from "../model/request-file.js";
import type { AccessConfig, Rule } from "../model/types.js";
import type { FileContents } from "./config-checks.js";

/**
 * @example
 *   rulesInPlay(config, new Map([["requests/gcp/prod/alice.yaml", bytes]])).map((r) => r.name); // ["payments-prod-db"]
 */
export function rulesInPlay(config: AccessConfig, requestFiles: FileContents): Rule[] {
  const rules = new Set<Rule>();
  for (const [path, content] of requestFiles) {
    if (!content) continue;
    const { request } = readRequest(path, content);
    request?.grants.forEach((grant, index) => {
      if (request.refused?.grants.has(index)) return;
      for (const rule of rulesPlacing(config, request.path, grant)) rules.add(rule);
    });
  }
  return [...rules];
}

/**
 * The requester's teams worth asking GitHub about, rule by rule and one at a time: a rule that
 * names the requester as a user needs none, and a rule's remaining teams are not asked once one
 * of them is known active (one is enough to be eligible). `isActive` answers one team.
 *
 * @example
 *   await activeRequesterTeams(rules, "alice", (team) => isActiveMember(gh, team, "alice")); // ["acme/payments-eng"]
 */
export async function activeRequesterTeams(rules: Rule[], login: string, isActive: (team: string) => Promise<boolean>): Promise<string[]> {
  const known = new Map<string, boolean>();
  const who = login.toLowerCase();
  for (const rule of rules) {
    if (rule.requesters.users.some((user) => user.toLowerCase() === who)) continue;
    for (const team of rule.requesters.teams) {
      if (rule.requesters.teams.some((t) => known.get(t.toLowerCase()) === true)) break;
      if (known.has(team.toLowerCase())) continue;
      known.set(team.toLowerCase(), await isActive(team));
    }
  }
  const active = new Set([...known].filter(([, yes]) => yes).map(([team]) => team));
  return [...new Set(rules.flatMap((rule) => rule.requesters.teams))].filter((team) => active.has(team.toLowerCase()));
}
