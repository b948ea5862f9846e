// A request file with five independent problems, and where each one is written.

/** An unknown field, a bad duration, a role no rule allows, a scope with "..", and (for a requester without an identity) no identity. */
export const SEVERAL_PROBLEMS = [
  'reason: "INC-4711: payments export failing, need to read the prod DB"',
  "ticket: INC-4711",
  "duration: 2 hours",
  "colour: blue",
  "grants:",
  "  - provider: gcp",
  "    scope: projects/payments-prod",
  "    role: roles/cloudsql.client",
  "  - provider: gcp",
  "    scope: projects/payments-prod",
  "    role: roles/bigquery.admin",
  "  - provider: gcp",
  "    scope: projects/payments-prod/../payments-dev",
  "    role: roles/cloudsql.viewer",
];

/** What validation says about SEVERAL_PROBLEMS for `login`, as [line, column, message], in file order. */
export function severalProblemsFound(login: string): [number, number, string][] {
  return [
    [3, 11, 'duration "2 hours" is not a duration; write it like 90m, 2h, 1d or PT2H'],
    [4, 1, 'unknown field "colour" in the request; allowed fields: reason, ticket, duration, start, principal, grants'],
    [6, 5, `grant 1 (gcp roles/cloudsql.client on projects/payments-prod): "${login}" has no entry under identities in access-policies/identities.yaml; ask a platform admin to add one`],
    [
      11,
      11,
      "grant 2 (gcp roles/bigquery.admin on projects/payments-prod): no rule allows role roles/bigquery.admin on projects/payments-prod; roles that can be requested there: roles/cloudsql.client, roles/cloudsql.viewer, roles/logging.viewer, roles/cloudsql.admin, roles/compute.instanceAdmin.v1, roles/storage.objectViewer",
    ],
    [13, 12, 'gcp scope "projects/payments-prod/../payments-dev" is not a GCP resource: write projects/PROJECT_ID (the id, not the number or name), folders/NUMBER or organizations/NUMBER'],
  ];
}
