import { describe, expect, it } from "vitest";
import { isAccessConfigPath, loadAccessConfig } from "../../src/model/access-config.js";
import { formatProblem } from "../../src/model/problem.js";
import { exampleFiles } from "./example-config.js";

describe("loadAccessConfig", () => {
  it("loads the example policy set without problems, rules in file order", () => {
    const { config, problems } = loadAccessConfig(exampleFiles());
    expect(problems).toEqual([]);
    expect(config.rules.map((rule) => `${rule.file}:${rule.line}:${rule.column} ${rule.name}`)).toEqual([
      "access-policies/azure.yaml:5:11 azure-payments-pim",
      "access-policies/azure.yaml:18:11 azure-subscription-access-admin",
      "access-policies/gcp.yaml:5:11 payments-prod-db",
      "access-policies/gcp.yaml:17:11 payments-prod-sre",
      "access-policies/gcp.yaml:28:11 payments-dev",
      "access-policies/service-accounts.yaml:5:11 payments-batch-on-behalf",
    ]);
    expect([...config.identities.keys()]).toEqual(["alice", "bob", "carol", "dave", "erin"]);
    expect([...config.serviceIdentities.keys()]).toEqual(["svc-payments-batch"]);
  });

  it("ignores files outside access-policies/*.yaml", () => {
    const files = exampleFiles();
    files.set("requests/gcp/prod/a.yaml", "not: [valid");
    files.set("access-policies/nested/x.yaml", "not: [valid");
    expect(loadAccessConfig(files).problems).toEqual([]);
    expect(["access-policies/a.yml", "access-policies/a.yaml", "access-policies/README.md", "access-policies/x/a.yaml"].map(isAccessConfigPath)).toEqual([true, true, false, false]);
  });

  it("drops every rule of a broken policy file, so a typo grants less rather than more", () => {
    const files = exampleFiles();
    files.set("access-policies/gcp.yaml", String(files.get("access-policies/gcp.yaml")).replace("max_duration: 1d", "max_duration: forever"));
    const { config, problems } = loadAccessConfig(files);
    expect(problems.map(formatProblem)).toEqual(['access-policies/gcp.yaml:37:19: max_duration: duration "forever" is not a duration; write it like 90m, 2h, 1d or PT2H']);
    expect(config.rules.map((rule) => rule.name)).toEqual(["azure-payments-pim", "azure-subscription-access-admin", "payments-batch-on-behalf"]);
  });

  it("reports a missing identities file and a repo without policies", () => {
    expect(loadAccessConfig(new Map()).problems.map(formatProblem)).toEqual([
      "access-policies/:1:1: no policy files in access-policies/; add at least one *.yaml file with rules",
      "access-policies/identities.yaml:1:1: access-policies/identities.yaml is missing; create it to map GitHub logins to cloud principals",
    ]);
  });
});
