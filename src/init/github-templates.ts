import type { ScaffoldContext } from "./scaffold-context.js";

/** .github/CODEOWNERS: security owns the rules, requests are routed per environment. */
export function codeowners({ org }: ScaffoldContext): string {
  return `# Who must approve which paths. GitHub CODEOWNERS semantics: the LAST
# matching line wins; one approval from any listed owner satisfies a line.
# access-pr evaluates this file itself, from the pull request's base branch,
# and never counts the requester (or anyone who pushed to the PR) as an
# approver. Turn on "Require review from Code Owners" in the branch ruleset
# too, so GitHub enforces the same.

# Anything not listed below.
*                      @${org}/security

# Who gets what: only the security team changes the rules.
/.github/              @${org}/security
/access-policies/      @${org}/security

# Requests, routed per environment. A policy rule's \`paths\` says where a
# request must live, so this routing cannot be sidestepped.
/requests/nonprod/     @${org}/platform
/requests/prod/        @${org}/sre
/requests/README.md    @${org}/security
`;
}

/** .github/pull_request_template.md: what a requester fills in, and what happens next. */
export function pullRequestTemplate(_context: ScaffoldContext): string {
  return `<!--
Requesting cloud access? This PR should add exactly ONE new file under
requests/ and change nothing else (a PR that mixes request files with other
changes grants nothing). See requests/README.md for the format.
-->

## What I need

<!-- One or two sentences. The reason and ticket in the request file are what
approvers and auditors read; keep them consistent with this. -->

## Checklist

- [ ] One new file, e.g. \`requests/prod/gcp/2026-11-24-alice-inc-4711.yaml\`; the name was never used before
- [ ] \`reason\` says why, \`ticket\` is set if the rule requires one
- [ ] \`duration\` is as short as the job allows (the rule's maximum applies)
- [ ] \`npx access-pr validate\` passes locally (optional; the app checks it anyway)

## How approval works

1. access-pr checks the file against the policies on \`main\` and posts the
   **access-pr / validation** check, with the error at file:line if any.
2. It comments with exactly what a merge would grant: principal, role, scope
   and window (UTC).
3. The code owners of the file and the rule's approvers review. Only approvals
   of the latest commit count; your own never does; a "changes requested" by
   an owner blocks. **access-pr / approval** turns green when enough have approved.
4. Merge. The role is granted with its expiry built into the cloud, and the
   plan comment shows the exact end time.
5. When the window ends the role is revoked and a revert PR removes the file.

Done early? Comment \`/revoke\` on this PR after it is merged (the requester or
an approver can), or merge a PR that deletes the request file. Need longer?
Open a PR that raises \`duration\` in the same file; it needs approval again.
`;
}

/** .github/workflows/access-pr-validate.yml: early feedback in CI, pinned to this version. */
export function validateWorkflow({ version }: ScaffoldContext): string {
  return `# Validates policies, identities and request files on every pull request,
# with annotations at the failing lines. Early feedback only: the access-pr
# app itself decides, from the base branch, what a merge grants.
name: access-pr validate

on:
  pull_request:

permissions:
  contents: read

jobs:
  validate:
    runs-on: ubuntu-latest
    timeout-minutes: 5
    steps:
      - uses: actions/checkout@v4
        with:
          persist-credentials: false
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      # The PR author is the requester. Team membership is not visible from
      # CI, so team-based eligibility is left to the app; everything else
      # (schema, rules, durations, identities) is checked here.
      - run: npx --yes access-pr@${version} validate --format github --requester "\${{ github.event.pull_request.user.login }}"
`;
}
