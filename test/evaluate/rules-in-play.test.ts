import { describe, expect, it } from "vitest";
import { activeRequesterTeams, rulesInPlay } from "../../src/evaluate/rules-in-play.js";
import { evaluateRequest } from "../../src/model/evaluate.js";
import { parseRequest } from "../../src/model/request-file.js";
import type { Rule } from "../../src/model/types.js";
import { exampleConfig, NOW } from "../model/example-config.js";

const config = exampleConfig();
const request = (grants: string[]) => Buffer.from(["reason: INC-4711 payments export failing, need the prod DB", "ticket: INC-4711", "duration: 1h", "grants:", ...grants, ""].join("\n"));
const gcp = (scope: string, role: string) => [`  - provider: gcp`, `    scope: ${scope}`, `    role: ${role}`].join("\n");
const names = (rules: Rule[]) => rules.map((rule) => rule.name).sort();

describe("the rules a pull request's request files can be decided by", () => {
  it.each([
    ["a prod read: only the rule offering that role there", "requests/gcp/prod/alice.yaml", [gcp("projects/payments-prod", "roles/cloudsql.client")], ["payments-prod-db"]],
    ["a prod admin role: the SRE rule", "requests/gcp/prod/alice.yaml", [gcp("projects/payments-prod", "roles/cloudsql.admin")], ["payments-prod-sre"]],
    ["two grants: both rules", "requests/gcp/prod/alice.yaml", [gcp("projects/payments-prod", "roles/cloudsql.client"), gcp("projects/payments-prod", "roles/cloudsql.admin")], ["payments-prod-db", "payments-prod-sre"]],
    ["a dev role filed under prod: no rule places it", "requests/gcp/prod/alice.yaml", [gcp("projects/payments-dev", "roles/cloudsql.client")], []],
    ["a scope no rule covers", "requests/gcp/prod/alice.yaml", [gcp("projects/elsewhere", "roles/cloudsql.client")], []],
  ])("%s", (_, path, grants, expected) => {
    expect(names(rulesInPlay(config, new Map([[path, request(grants)]])))).toEqual(expected);
  });

  it("skips unreadable files and files too large to read", () => {
    const files = new Map<string, Buffer | null>([
      ["requests/gcp/prod/a.yaml", Buffer.from("grants: [")],
      ["requests/gcp/prod/b.yaml", null],
    ]);
    expect(rulesInPlay(config, files)).toEqual([]);
  });

  it("decides exactly as with every team known: the rules left out never look at the requester's teams", () => {
    // Each requester below is judged once with the teams of the rules in play and once with all of them.
    const path = "requests/gcp/prod/alice.yaml";
    const content = request([gcp("projects/payments-prod", "roles/cloudsql.client"), gcp("projects/payments-prod", "roles/cloudsql.admin")]);
    const parsed = parseRequest(path, content);
    if (!parsed.ok) throw new Error("the example request does not parse");
    const inPlay = new Set(rulesInPlay(config, new Map([[path, content]])).flatMap((rule) => rule.requesters.teams));
    for (const teams of [["acme/sre"], ["acme/payments-eng"], ["acme/platform", "acme/security"], []]) {
      const judge = (known: string[]) => evaluateRequest({ request: parsed.request, requester: { login: "alice", teams: known }, config, now: NOW });
      expect(judge(teams.filter((team) => inPlay.has(team)))).toEqual(judge(teams));
    }
  });
});

describe("the requester's teams asked about", () => {
  const rule = (name: string, teams: string[], users: string[] = []): Rule => ({ ...config.rules[0]!, name, requesters: { teams, users } });

  it("stops asking about a rule's teams once one of them is active, and asks nothing for a rule that names the requester", async () => {
    const asked: string[] = [];
    const active = new Set(["acme/payments-eng", "acme/security"]);
    const isActive = async (team: string) => (asked.push(team), active.has(team));
    const rules = [rule("a", ["acme/payments-eng", "acme/sre"]), rule("b", ["acme/platform"], ["Alice"]), rule("c", ["acme/sre", "acme/security"])];
    expect(await activeRequesterTeams(rules, "alice", isActive)).toEqual(["acme/payments-eng", "acme/security"]);
    // sre is asked once although two rules name it; platform never (rule b names alice herself).
    expect(asked).toEqual(["acme/payments-eng", "acme/sre", "acme/security"]);
  });

  it("asks every team of a rule when none is active, so an ineligible requester is never taken for eligible", async () => {
    const asked: string[] = [];
    const teams = await activeRequesterTeams([rule("a", ["acme/payments-eng", "acme/sre"])], "mallory", async (team) => (asked.push(team), false));
    expect(teams).toEqual([]);
    expect(asked).toEqual(["acme/payments-eng", "acme/sre"]);
  });
});
