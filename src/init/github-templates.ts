import { ACTION_PLACEHOLDER } from "./scaffold-context.js";
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
- [ ] \`access-pr validate\` passes locally (optional; the app checks it anyway)

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

/** .github/workflows/access-pr-validate.yml: early feedback in CI from the access-pr action at a pinned commit. */
export function validateWorkflow({ action }: ScaffoldContext): string {
  const uses = action ? `${action.repo}@${action.sha}` : `${ACTION_PLACEHOLDER.repo}@${ACTION_PLACEHOLDER.sha}`;
  const pin = action
    ? "# The access-pr action, pinned to a full commit sha: what runs here is that\n      # reviewed commit, whatever a tag or a package name later points to."
    : "# REPLACE the line below with the access-pr repository and the full commit\n      # sha you deploy (or rerun: access-pr init --action-ref OWNER/REPO@SHA --force).";
  return `# Validates on every pull request, with annotations at the failing lines:
# policies, identities and CODEOWNERS in full, and only the request files the
# pull request adds or changes, as its author. Early feedback only: the
# access-pr app itself decides, from the base branch, what a merge grants.
name: access-pr validate

on:
  pull_request:

permissions:
  contents: read

jobs:
  validate:
    runs-on: ubuntu-latest
    timeout-minutes: 10
    steps:
      - uses: actions/checkout@v4
        with:
          persist-credentials: false
          fetch-depth: 0 # the base commit, to see what the pull request changes
      ${pin}
      - uses: ${uses}
        with:
          changed-from: \${{ github.event.pull_request.base.sha }}
          # Team membership is not visible from CI, so team-based eligibility
          # is left to the app; everything else is checked here.
          requester: \${{ github.event.pull_request.user.login }}
`;
}
