// Request files the tests ask for, written as a requester would.

export const PROD_PATH = "requests/gcp/prod/alice-inc-4711.yaml";

/** alice's request for the payments prod DB under rule payments-prod-db; `extra` lines go before `grants:`. */
export function prodRequest(extra: string[] = [], duration = "2h"): string {
  return [
    'reason: "INC-4711: payments export failing, need to read the prod DB"',
    "ticket: INC-4711",
    `duration: ${duration}`,
    ...extra,
    "grants:",
    "  - provider: gcp",
    "    scope: projects/payments-prod",
    "    role: roles/cloudsql.client",
    "",
  ].join("\n");
}
