import type { ScaffoldContext } from "./scaffold-context.js";
import { schemaPath } from "./scaffold-context.js";

/** access-policies/example.yaml: three commented rules covering the common shapes. */
export function examplePolicy({ org }: ScaffoldContext): string {
  return `# yaml-language-server: $schema=${schemaPath("policy", 1)}
#
# An access-pr policy: rules saying who may request which cloud role, where
# the request file must live, for how long, and who must approve it.
#
# - Every *.yaml file in access-policies/ except identities.yaml is a policy
#   file; rule names must be unique across all of them.
# - The app reads policies from the BASE branch of a pull request, so a change
#   to this file takes effect only once it is merged (and CODEOWNERS makes the
#   security team approve it).
# - A request is allowed when ONE rule matches all of: the request file's path
#   (paths), the provider, the scope (scopes: exact GCP names; Azure globs
#   where '*' stays within one segment and '**' matches whole segments), the
#   role (exact names) and the requester
#   (requesters). Approval = CODEOWNERS of the file + the rule's approvers.
# - Basic GCP roles (roles/owner, roles/editor, roles/viewer) are never
#   granted; Azure Owner and User Access Administrator only when a rule names
#   them.
#
# Replace the projects, subscriptions and teams below with yours, then run
#   access-pr validate      (installed as the README of access-pr says)
# to check every policy, identity and request in this repo.

version: 1
rules:
  # Non-production: engineers help themselves; CODEOWNERS of requests/nonprod/
  # (the platform team) approve.
  - name: nonprod-gcp-debug
    description: Read logs and connect to Cloud SQL in the development projects.
    paths: ["requests/nonprod/**"]
    provider: gcp
    scopes: ["projects/example-payments-dev"]
    roles: ["roles/logging.viewer", "roles/cloudsql.client"]
    requesters: { teams: ["${org}/engineering"] }
    max_duration: 8h
    default_duration: 2h

  # Production database: a ticket, a real reason, and an SRE on top of the
  # CODEOWNERS of requests/prod/.
  - name: prod-gcp-db
    description: Connect to the production payments database during an incident or change.
    paths: ["requests/prod/gcp/**"]
    provider: gcp
    scopes: ["projects/example-payments-prod"]
    roles: ["roles/cloudsql.client"]
    requesters: { teams: ["${org}/engineering"] }
    approvers: { teams: ["${org}/sre"], min: 1 }
    max_duration: 4h
    default_duration: 1h
    require:
      ticket: "^(INC|CHG)-[0-9]+$"
      reason_min_length: 20

  # Azure: read a production resource group. With azure_mode: pim (the
  # default) the grant is an Azure PIM schedule that ends by itself even if
  # access-pr is down; "assignment" makes a plain role assignment that the
  # app removes when the window ends.
  - name: prod-azure-reader
    description: Read the production payments resource group.
    paths: ["requests/prod/azure/**"]
    provider: azure
    scopes: ["/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/payments"]
    roles: ["Reader"]
    requesters: { teams: ["${org}/engineering"] }
    approvers: { teams: ["${org}/sre"], min: 1 }
    max_duration: 8h
    azure_mode: pim
    require:
      ticket: "^(INC|CHG)-[0-9]+$"
`;
}

/** access-policies/identities.yaml: who is who in the clouds. */
export function identitiesFile(_context: ScaffoldContext): string {
  return `# yaml-language-server: $schema=${schemaPath("identities", 1)}
#
# identities: GitHub login -> cloud principals. A request grants roles to the
# REQUESTER's own entry here (logins compare case-insensitively, as on GitHub).
# service_identities: principals a rule with on_behalf_of: true lets people
# name as a request's principal, e.g. a batch job's service account. They
# live apart from logins, so no GitHub account can ever resolve to one.
#
# - gcp: an IAM member: user:..., group:... or serviceAccount:...
# - azure: the Entra object id and its kind (User, Group or ServicePrincipal);
#   find it with: az ad user show --id alice@example.com --query id
#
# Keys under identities are GitHub logins. Like policies,
# this file is read from the pull request's base branch, and CODEOWNERS
# routes changes to it to the security team.

version: 1
identities:
  # Replace this example with your people.
  octocat:
    gcp: user:octocat@example.com
    azure:
      object_id: 00000000-0000-0000-0000-000000000001
      type: User
# service_identities:
#   svc-batch:
#     gcp: serviceAccount:batch@my-project.iam.gserviceaccount.com
`;
}
