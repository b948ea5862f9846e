// Bad inputs a person can write, each with the exact line and words they get back.
export interface BadInput {
  name: string;
  path: string;
  content: string | Uint8Array;
  /** For request files; default alice in acme/payments-eng. */
  requester?: { login: string; teams: string[] } | null;
  expected: string[];
}

const P = "requests/gcp/prod/alice.yaml";
const ok = (lines: string[]): string => lines.join("\n") + "\n";
const prodGrant = ["grants:", "  - provider: gcp", "    scope: projects/payments-prod", "    role: roles/cloudsql.client"];
const good = (overrides: Record<string, string | undefined> = {}, grants = prodGrant): string => {
  const fields: Record<string, string | undefined> = { reason: '"INC-4711: payments export is failing"', ticket: "INC-4711", duration: "2h", ...overrides };
  return ok([...Object.entries(fields).flatMap(([k, v]) => (v === undefined ? [] : [`${k}: ${v}`])), ...grants]);
};
const rule = (lines: string[]): string =>
  ok([
    "version: 1",
    "rules:",
    "  - name: extra",
    '    paths: ["requests/extra/**"]',
    "    provider: gcp",
    '    scopes: ["projects/payments-dev"]',
    '    roles: ["roles/logging.viewer"]',
    '    requesters: { teams: ["acme/sre"] }',
    ...lines,
  ]);
const X = "access-policies/extra.yaml";

export const badInputs: BadInput[] = [
  // YAML that is not well-formed or is hostile
  { name: "unclosed quote", path: P, content: 'reason: "unclosed\nduration: 2h\n', expected: ["requests/gcp/prod/alice.yaml:3:1: YAML syntax error: Missing closing \"quote"] },
  { name: "duplicate key", path: P, content: good({ duration: "2h\nduration: 4h" }), expected: ["requests/gcp/prod/alice.yaml:4:1: duplicate key \"duration\": each key may appear only once in a mapping; remove or merge the repeated one"] },
  { name: "tab indentation", path: P, content: "grants:\n\t- provider: gcp\n", expected: ["requests/gcp/prod/alice.yaml:2:1: tab used for indentation; YAML indents with spaces"] },
  { name: "two YAML documents", path: P, content: good() + "---\nreason: again\n", expected: ["requests/gcp/prod/alice.yaml:8:1: file holds more than one YAML document (a second '---'); keep one document per file"] },
  { name: "alias bomb", path: P, content: ok(["a: &a [x, x, x, x, x, x, x, x, x, x]", "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]", "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]", "d: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]"]), expected: ["requests/gcp/prod/alice.yaml:2:8: YAML aliases expand to too many nodes (more than 100); write the values out instead of nesting anchors"] },
  { name: "non-UTF-8 bytes", path: P, content: Uint8Array.from([...Buffer.from("reason: ok\nticket: caf"), 0xe9, ...Buffer.from("\n")]), expected: ["requests/gcp/prod/alice.yaml:2:13: file is not valid UTF-8; save it as UTF-8 text"] },
  { name: "file over 64 KiB", path: P, content: `reason: "${"x".repeat(70_000)}"\n`, expected: ["requests/gcp/prod/alice.yaml:1:1: file is 70011 bytes, over the 64 KiB limit for access files; split it into smaller files"] },
  { name: "custom YAML tag", path: P, content: good({ reason: "!secret hunter2" }), expected: ["requests/gcp/prod/alice.yaml:1:9: unsupported YAML tag !secret hunter2; access files use plain values without tags"] },
  { name: "empty file", path: P, content: "", expected: ["requests/gcp/prod/alice.yaml:1:1: the request must be a mapping (key: value pairs), not empty"] },
  { name: "a list instead of a mapping", path: P, content: "- reason: x\n", expected: ["requests/gcp/prod/alice.yaml:1:1: the request must be a mapping (key: value pairs), not a list"] },
  // request schema
  { name: "missing reason", path: P, content: good({ reason: undefined }), expected: ["requests/gcp/prod/alice.yaml:1:1: the request is missing the required field \"reason\""] },
  { name: "missing grants", path: P, content: good({}, []), expected: ["requests/gcp/prod/alice.yaml:1:1: the request is missing the required field \"grants\""] },
  { name: "misspelt field", path: P, content: good({ duration: undefined, duraton: "2h" }), expected: ["requests/gcp/prod/alice.yaml:3:1: unknown field \"duraton\" in the request; did you mean \"duration\"?"] },
  { name: "unknown field in a grant", path: P, content: good({}, [...prodGrant, "    scopes: [x]"]), expected: ["requests/gcp/prod/alice.yaml:8:5: unknown field \"scopes\" in \"grants[0]\"; did you mean \"scope\"?"] },
  { name: "unknown provider", path: P, content: good({}, ["grants:", "  - provider: aws", "    scope: projects/payments-prod", "    role: roles/cloudsql.client"]), expected: ["requests/gcp/prod/alice.yaml:5:15: \"grants[0].provider\" must be one of gcp, azure, not \"aws\""] },
  { name: "empty grants", path: P, content: good({}, ["grants: []"]), expected: ["requests/gcp/prod/alice.yaml:4:9: \"grants\" must list at least 1 item"] },
  { name: "grants not a list", path: P, content: good({}, ["grants: roles/cloudsql.client"]), expected: ["requests/gcp/prod/alice.yaml:4:9: \"grants\" must be a list, not text"] },
  { name: "empty reason", path: P, content: good({ reason: '""' }), expected: ["requests/gcp/prod/alice.yaml:1:9: \"reason\" must not be empty"] },
  { name: "duration as a bare number", path: P, content: good({ duration: "2" }), expected: ["requests/gcp/prod/alice.yaml:3:11: \"duration\" must be text, not a whole number"] },
  { name: "start without a time zone", path: P, content: good({ start: "2026-11-24T08:00:00" }), expected: ["requests/gcp/prod/alice.yaml:4:8: \"start\" is \"2026-11-24T08:00:00\", which is not valid: expected a date and time with a time zone, like 2026-11-24T08:00:00Z"] },
  { name: "grant without a role", path: P, content: good({}, prodGrant.slice(0, 3)), expected: ["requests/gcp/prod/alice.yaml:5:5: \"grants[0]\" is missing the required field \"role\""] },
  // request meaning
  { name: "zero duration", path: P, content: good({ duration: "0h" }), expected: ["requests/gcp/prod/alice.yaml:3:11: duration \"0h\" is zero; write it like 90m, 2h, 1d or PT2H"] },
  { name: "negative duration", path: P, content: good({ duration: "-2h" }), expected: ["requests/gcp/prod/alice.yaml:3:11: duration \"-2h\" is negative; write it like 90m, 2h, 1d or PT2H"] },
  { name: "absurd duration", path: P, content: good({ duration: "91d" }), expected: ["requests/gcp/prod/alice.yaml:3:11: duration \"91d\" is longer than the 90-day limit (90 days); ask for less and extend later"] },
  { name: "malformed duration", path: P, content: good({ duration: '"2 hours"' }), expected: ["requests/gcp/prod/alice.yaml:3:11: duration \"2 hours\" is not a duration; write it like 90m, 2h, 1d or PT2H"] },
  { name: "duration in months", path: P, content: good({ duration: "P1M" }), expected: ["requests/gcp/prod/alice.yaml:3:11: duration \"P1M\" uses months or years, whose length varies; use days instead (e.g. P30D or 30d)"] },
  { name: "duration under a minute", path: P, content: good({ duration: "PT30S" }), expected: ["requests/gcp/prod/alice.yaml:3:11: duration \"PT30S\" is shorter than one minute"] },
  { name: "impossible start date", path: P, content: good({ start: "2026-13-40T08:00:00Z" }), expected: ["requests/gcp/prod/alice.yaml:4:8: start \"2026-13-40T08:00:00Z\" is not a real date and time; write it like 2026-11-24T08:00:00Z"] },
  { name: "malformed gcp scope", path: P, content: good({}, ["grants:", "  - provider: gcp", "    scope: project/payments-prod", "    role: roles/cloudsql.client"]), expected: ["requests/gcp/prod/alice.yaml:6:12: gcp scope \"project/payments-prod\" is not a GCP resource: write projects/PROJECT_ID (the id, not the number or name), folders/NUMBER or organizations/NUMBER"] },
  { name: "malformed azure scope", path: "requests/azure/alice.yaml", content: good({}, ["grants:", "  - provider: azure", "    scope: /subscriptions/payments/resourceGroups/payments", "    role: Reader"]), expected: ["requests/azure/alice.yaml:6:12: azure scope \"/subscriptions/payments/resourceGroups/payments\" is not an Azure scope: write /subscriptions/<subscription id>, /subscriptions/<id>/resourceGroups/<name>, a resource id under a resource group, or /providers/Microsoft.Management/managementGroups/<name>"] },
  { name: "the same grant twice", path: P, content: good({}, [...prodGrant, ...prodGrant.slice(1)]), expected: ["requests/gcp/prod/alice.yaml:8:5: grant 2 repeats grant 1 (roles/cloudsql.client on projects/payments-prod); remove one"] },
  // policy refusals
  { name: "basic role roles/owner", path: P, content: good({}, ["grants:", "  - provider: gcp", "    scope: projects/payments-prod", "    role: roles/owner"]), expected: ["requests/gcp/prod/alice.yaml:7:11: grant 1 (gcp roles/owner on projects/payments-prod): roles/owner is a basic role: access-pr never grants basic roles (and IAM allows no expiry condition on them); request a predefined or custom role that covers the task (e.g. roles/cloudsql.client)"] },
  { name: "basic role roles/editor", path: "requests/gcp/dev/alice.yaml", content: good({}, ["grants:", "  - provider: gcp", "    scope: projects/payments-dev", "    role: roles/editor"]), expected: ["requests/gcp/dev/alice.yaml:7:11: grant 1 (gcp roles/editor on projects/payments-dev): roles/editor is a basic role: access-pr never grants basic roles (and IAM allows no expiry condition on them); request a predefined or custom role that covers the task (e.g. roles/cloudsql.client)"] },
  // FACTS (what the real services do): PIM refuses an active assignment shorter than 5 minutes, ActiveDurationTooShort.
  { name: "Azure PIM window under 5 minutes", path: "requests/azure/alice.yaml", content: good({ duration: "4m" }, ["grants:", "  - provider: azure", "    scope: /subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/payments", "    role: Reader"]), expected: ["requests/azure/alice.yaml:3:11: grant 1 (azure Reader on /subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/payments): the window lasts 4 minutes; Azure PIM refuses active assignments shorter than 5 minutes (ActiveDurationTooShort): ask for at least 5m"] },
  { name: "Azure Owner no rule names", path: "requests/azure/alice.yaml", content: good({}, ["grants:", "  - provider: azure", "    scope: /subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/payments", "    role: Owner"]), expected: ["requests/azure/alice.yaml:7:11: grant 1 (azure Owner on /subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/payments): no rule allows role Owner on /subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/payments; roles that can be requested there: Reader, Contributor, Storage Blob Data Reader"] },
  { name: "scope no rule covers", path: P, content: good({}, ["grants:", "  - provider: gcp", "    scope: projects/billing-prod", "    role: roles/cloudsql.client"]), expected: ["requests/gcp/prod/alice.yaml:6:12: grant 1 (gcp roles/cloudsql.client on projects/billing-prod): no rule allows gcp access to projects/billing-prod; ask a platform admin to add a rule in access-policies/"] },
  { name: "role the rules do not list", path: P, content: good({}, ["grants:", "  - provider: gcp", "    scope: projects/payments-prod", "    role: roles/storage.admin"]), expected: ["requests/gcp/prod/alice.yaml:7:11: grant 1 (gcp roles/storage.admin on projects/payments-prod): no rule allows role roles/storage.admin on projects/payments-prod; roles that can be requested there: roles/cloudsql.client, roles/cloudsql.viewer, roles/logging.viewer, roles/cloudsql.admin, roles/compute.instanceAdmin.v1, roles/storage.objectViewer"] },
  { name: "request file in the wrong folder", path: "requests/gcp/dev/alice.yaml", content: good(), expected: ["requests/gcp/dev/alice.yaml:5:5: grant 1 (gcp roles/cloudsql.client on projects/payments-prod): this request file must live under requests/gcp/prod/** (rule payments-prod-db); move it there so the right code owners review it"] },
  { name: "requester not allowed by the rule", path: P, content: good(), requester: { login: "erin", teams: [] }, expected: ["requests/gcp/prod/alice.yaml:5:5: grant 1 (gcp roles/cloudsql.client on projects/payments-prod): erin may not request under rule \"payments-prod-db\"; it is open to acme/payments-eng, acme/sre"] },
  { name: "ticket missing", path: P, content: good({ ticket: undefined }), expected: ["requests/gcp/prod/alice.yaml:1:1: rule \"payments-prod-db\" requires a ticket matching ^(INC|CHG)-[0-9]+$; add a \"ticket:\" line"] },
  { name: "ticket in the wrong form", path: P, content: good({ ticket: "JIRA-12" }), expected: ["requests/gcp/prod/alice.yaml:2:9: ticket \"JIRA-12\" does not match ^(INC|CHG)-[0-9]+$, which rule \"payments-prod-db\" requires"] },
  { name: "reason too short", path: P, content: good({ reason: "db" }), expected: ["requests/gcp/prod/alice.yaml:1:9: reason is 2 characters long; rule \"payments-prod-db\" asks for at least 20 so approvers and auditors understand why"] },
  { name: "duration over the rule's maximum", path: P, content: good({ duration: "5h" }), expected: ["requests/gcp/prod/alice.yaml:3:11: duration 5 hours is longer than rule \"payments-prod-db\" allows (at most 4 hours); ask for 4h or less"] },
  { name: "no duration and no default", path: P, content: good({ duration: undefined }, ["grants:", "  - provider: gcp", "    scope: projects/payments-prod", "    role: roles/cloudsql.admin"]), requester: { login: "bob", teams: ["acme/sre"] }, expected: ["requests/gcp/prod/alice.yaml:1:1: duration is missing and rule \"payments-prod-sre\" has no default_duration; add e.g. \"duration: 2h\""] },
  { name: "on behalf of without such a rule", path: P, content: good({ principal: "bob" }), expected: ["requests/gcp/prod/alice.yaml:4:12: grant 1 (gcp roles/cloudsql.client on projects/payments-prod): rule \"payments-prod-db\" does not allow requesting on behalf of \"bob\"; remove principal to request for yourself"] },
  { name: "on behalf of a principal the rule does not list", path: "requests/gcp/service-accounts/batch.yaml", content: good({ principal: "carol" }, ["grants:", "  - provider: gcp", "    scope: projects/payments-prod", "    role: roles/storage.objectViewer"]), expected: ["requests/gcp/service-accounts/batch.yaml:4:12: grant 1 (gcp roles/storage.objectViewer on projects/payments-prod): rule \"payments-batch-on-behalf\" allows requesting on behalf of svc-payments-batch only, not \"carol\""] },
  { name: "requester without an identity", path: P, content: good(), requester: { login: "frank", teams: ["acme/payments-eng"] }, expected: ["requests/gcp/prod/alice.yaml:5:5: grant 1 (gcp roles/cloudsql.client on projects/payments-prod): \"frank\" has no entry under identities in access-policies/identities.yaml; ask a platform admin to add one"] },
  { name: "start too far ahead", path: P, content: good({ start: "2027-01-30T08:00:00Z" }), expected: ["requests/gcp/prod/alice.yaml:4:8: start is more than 30 days ahead; open the request closer to when you need access"] },
  { name: "window already over", path: P, content: good({ start: "2026-11-20T08:00:00Z" }), expected: ["requests/gcp/prod/alice.yaml:4:8: start 2026-11-20T08:00:00.000Z plus the duration is already in the past; remove start or move it forward"] },
  // policy files
  { name: "policy version 2", path: X, content: rule(["    max_duration: 1h"]).replace("version: 1", "version: 2"), expected: ["access-policies/extra.yaml:1:10: \"version\" must be 1, not 2"] },
  { name: "rule without max_duration", path: X, content: rule([]), expected: ["access-policies/extra.yaml:3:5: \"rules[0]\" is missing the required field \"max_duration\""] },
  { name: "rule with an unknown provider", path: X, content: rule(["    max_duration: 1h"]).replace("provider: gcp", "provider: aws"), expected: ["access-policies/extra.yaml:5:15: \"rules[0].provider\" must be one of gcp, azure, not \"aws\""] },
  { name: "rule with a malformed max_duration", path: X, content: rule(['    max_duration: "4 hours"']), expected: ["access-policies/extra.yaml:9:19: max_duration: duration \"4 hours\" is not a duration; write it like 90m, 2h, 1d or PT2H"] },
  { name: "default longer than max", path: X, content: rule(["    max_duration: 1h", "    default_duration: 2h"]), expected: ["access-policies/extra.yaml:10:23: rule \"extra\": default_duration 2h is longer than max_duration 1h"] },
  { name: "invalid ticket regex", path: X, content: rule(["    max_duration: 1h", '    require: { ticket: "^(INC-[0-9]+$" }']), expected: ["access-policies/extra.yaml:10:24: rule \"extra\": require.ticket is not a pattern access-pr can use: missing closing ): `^(INC-[0-9]+$` (patterns use RE2 syntax, which runs in linear time: no backreferences such as \\1 and no lookaround such as (?=…) or (?!…))"] },
  { name: "ticket regex with a backreference", path: X, content: rule(["    max_duration: 1h", '    require: { ticket: "^(INC)-\\\\1$" }']), expected: ["access-policies/extra.yaml:10:24: rule \"extra\": require.ticket is not a pattern access-pr can use: invalid escape sequence: `\\1` (patterns use RE2 syntax, which runs in linear time: no backreferences such as \\1 and no lookaround such as (?=…) or (?!…))"] },
  { name: "ticket regex with a lookahead", path: X, content: rule(["    max_duration: 1h", '    require: { ticket: "^(?!TEST)[A-Z]+-[0-9]+$" }']), expected: ["access-policies/extra.yaml:10:24: rule \"extra\": require.ticket is not a pattern access-pr can use: invalid or unsupported Perl syntax: `(?!` (patterns use RE2 syntax, which runs in linear time: no backreferences such as \\1 and no lookaround such as (?=…) or (?!…))"] },
  { name: "requesters names nobody", path: X, content: rule(["    max_duration: 1h"]).replace('{ teams: ["acme/sre"] }', "{}"), expected: ["access-policies/extra.yaml:8:17: rule \"extra\": requesters names nobody; list at least one user or team"] },
  { name: "approver quorum impossible", path: X, content: rule(["    max_duration: 1h", '    approvers: { users: ["carol"], min: 2 }']), expected: ["access-policies/extra.yaml:10:41: rule \"extra\": approvers.min is 2 but only 1 approver is listed, so no request could ever be approved"] },
  { name: "rule lists a basic role", path: X, content: rule(["    max_duration: 1h"]).replace('["roles/logging.viewer"]', '["roles/logging.viewer", "roles/editor"]'), expected: ["access-policies/extra.yaml:7:37: rule \"extra\": roles/editor is a basic role: access-pr never grants basic roles (and IAM allows no expiry condition on them); request a predefined or custom role that covers the task (e.g. roles/cloudsql.client)"] },
  { name: "rule name used twice", path: X, content: rule(["    max_duration: 1h"]).replace("name: extra", "name: payments-dev"), expected: ["access-policies/gcp.yaml:28:11: rule name \"payments-dev\" is already used at access-policies/extra.yaml:3; rule names must be unique across all policy files"] },
  { name: "misspelt rule field", path: X, content: rule(["    max_duration: 1h", '    approver: { teams: ["acme/sre"], min: 1 }']), expected: ["access-policies/extra.yaml:10:5: unknown field \"approver\" in \"rules[0]\"; did you mean \"approvers\"?"] },
  { name: "team without org", path: X, content: rule(["    max_duration: 1h"]).replace('"acme/sre"', '"sre"'), expected: ["access-policies/extra.yaml:8:27: \"rules[0].requesters.teams[0]\" is \"sre\", which is not valid: expected a GitHub team as org/team-slug, e.g. acme/sre"] },
  { name: "azure_mode on a gcp rule", path: X, content: rule(["    max_duration: 1h", "    azure_mode: pim"]), expected: ["access-policies/extra.yaml:10:5: rule \"extra\": azure_mode only applies to provider azure"] },
  { name: "rule path outside requests/", path: X, content: rule(["    max_duration: 1h"]).replace('"requests/extra/**"', '"access-policies/**"'), expected: ["access-policies/extra.yaml:4:13: \"rules[0].paths[0]\" is \"access-policies/**\", which is not valid: expected a path glob under requests/, e.g. requests/gcp/prod/**"] },
  { name: "principals without on_behalf_of", path: X, content: rule(["    max_duration: 1h", '    principals: ["svc-payments-batch"]']), expected: ["access-policies/extra.yaml:10:5: rule \"extra\": principals only applies with on_behalf_of: true"] },
  // identities
  { name: "identity granting allUsers", path: "access-policies/identities.yaml", content: ok(["version: 1", "identities:", "  mallory:", "    gcp: allUsers"]), expected: ["access-policies/identities.yaml:4:10: \"identities.mallory.gcp\" is \"allUsers\", which is not valid: expected IAM member such as user:alice@acme.example, group:sre@acme.example or serviceAccount:batch@payments-prod.iam.gserviceaccount.com"] },
  // IAM returns members lower-cased and googlemail.com as gmail.com (FACTS: what the real services do); another spelling would never match on revoke.
  { name: "GCP member in capitals", path: "access-policies/identities.yaml", content: ok(["version: 1", "identities:", "  alice:", "    gcp: user:Alice@Acme.example"]), expected: ['access-policies/identities.yaml:4:10: GCP member "user:Alice@Acme.example" is not written as IAM stores it: IAM returns "user:alice@acme.example", and access-pr compares members as IAM returns them. Write "user:alice@acme.example"'] },
  { name: "GCP member at googlemail.com", path: "access-policies/identities.yaml", content: ok(["version: 1", "identities:", "  alice:", "    gcp: user:alice@googlemail.com"]), expected: ['access-policies/identities.yaml:4:10: GCP member "user:alice@googlemail.com" is not written as IAM stores it: IAM returns "user:alice@gmail.com", and access-pr compares members as IAM returns them. Write "user:alice@gmail.com"'] },
  { name: "azure object id not a UUID", path: "access-policies/identities.yaml", content: ok(["version: 1", "identities:", "  alice:", "    azure: { object_id: alice, type: User }"]), expected: ["access-policies/identities.yaml:4:25: \"identities.alice.azure.object_id\" is \"alice\", which is not valid: expected entra object id, a UUID such as 00000000-0000-0000-0000-0000000000a1"] },
  { name: "identity listed twice by case", path: "access-policies/identities.yaml", content: ok(["version: 1", "identities:", "  alice:", "    gcp: user:alice@acme.example", "  Alice:", "    gcp: user:alice2@acme.example"]), expected: ["access-policies/identities.yaml:5:3: identities entry \"Alice\" is listed twice (names are case-insensitive, like GitHub logins)"] },
];
