import type { ScaffoldContext } from "./scaffold-context.js";
import { schemaPath } from "./scaffold-context.js";

/** requests/README.md: how to ask for access. */
export function requestsReadme(_context: ScaffoldContext): string {
  return `# Requesting cloud access

Nobody here holds standing access to production. To get a role for a while,
open a pull request that adds **one** request file to this directory. When it
is approved and merged, access-pr grants the role; when the window ends it
revokes the role and opens a revert that removes the file. What is on \`main\`
under \`requests/\` is what is granted right now; the git history is the audit
log.

## Where the file goes

The policies in \`access-policies/\` say where each kind of request must live,
and \`.github/CODEOWNERS\` decides who approves that directory:

| directory | for | approved by |
|---|---|---|
| \`requests/nonprod/\` | development projects | the platform team |
| \`requests/prod/gcp/\` | production GCP projects | SRE (plus the rule's approvers) |
| \`requests/prod/azure/\` | production Azure subscriptions | SRE (plus the rule's approvers) |

## One file per request, a name never used before

Name the file so it is unique forever, e.g.
\`requests/prod/gcp/2026-11-24-alice-inc-4711.yaml\` (date, your login, what
for). Never reuse a file name, not even after the request has expired and
been reverted: validation refuses a path that already has history on
\`main\`, because the file's history is how access-pr knows when a window
started. One PR adds one request file and changes nothing else.

## The file

\`\`\`yaml
# yaml-language-server: $schema=${schemaPath("request", 3)}
reason: "INC-4711: payments export failing, need to read the prod DB"
ticket: INC-4711              # required when the matching rule says so
duration: 2h                  # 90m, 2h, 1d or ISO 8601 (PT2H); at most the rule's max_duration
# start: <UTC time>          # optional "not before", e.g. your change window's start; default: when merged
grants:                       # granted all together or not at all
  - provider: gcp
    scope: projects/example-payments-prod
    role: roles/cloudsql.client
\`\`\`

The roles are granted to **your own** identity from
\`access-policies/identities.yaml\` (ask the security team to add you there
first). Only a rule with \`on_behalf_of: true\` lets a request name another
\`principal\`.

The \`$schema\` line gives editor completion once the repo has
\`npm install --save-dev ./access-pr-<version>.tgz\` (the access-pr release
tarball); adjust the number of \`../\` to the file's depth. Check your file
before pushing, with the access-pr CLI installed:

\`\`\`sh
access-pr validate --requester <your-login> requests/<env>/<your-file>.yaml
\`\`\`

## After you open the pull request

- access-pr posts the **access-pr / validation** check (errors at file:line)
  and a comment showing exactly what a merge would grant and until when.
- The code owners of your file and the rule's approvers review it. Your own
  approval never counts, and only approvals of the latest commit do.
- Merge once **access-pr / approval** is green. The role is granted at once
  (or at \`start\`), with the end time built into the cloud.

\`start\` is an absolute UTC time written \`YYYY-MM-DDTHH:MM:SSZ\` (a
change window that begins later); leave it out to start at the merge.
Validation refuses a \`start\` more than 30 days ahead or one whose window
has already ended.

## Ending early, extending

- Comment \`/revoke\` on the merged pull request (you or an approver), or
  merge a pull request that deletes the file: access is revoked at once.
- To extend, open a pull request that raises \`duration\` in the same file.
  It needs approval again, and the rule's \`max_duration\` bounds the total.
`;
}

/** .gitignore: the editor schemas come from node_modules, which is not committed. */
export function gitignore(_context: ScaffoldContext): string {
  return "node_modules/\n";
}
