/**
 * `access-pr init [DIR] [--org NAME] [--force]`: scaffold a new access repo
 * (CODEOWNERS, an example policy, identities, the requests/ guide, a PR
 * template and a CI workflow). Exit 0 written, 1 could not write, 2 usage or
 * a target that is not empty.
 */
import { isAbsolute, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { ORG_NAME, parseActionRef } from "../init/scaffold-context.js";
import { scaffoldFiles } from "../init/scaffold-files.js";
import { writeScaffold } from "../init/write-scaffold.js";
import type { CliIo } from "./io.js";
import { packageVersion } from "./package-version.js";

const USAGE = `usage: access-pr init [DIR] [--org NAME] [--action-ref OWNER/REPO@SHA] [--force]

Scaffold an access repo in DIR (default: the current directory).

options:
  --org NAME   GitHub organization owning the teams in CODEOWNERS and the
               example policy (default: your-org)
  --action-ref OWNER/REPO@SHA
               the access-pr GitHub Action the CI workflow runs, at a full
               commit sha (without it the workflow holds a placeholder that
               fails until replaced)
  --force      write into a directory that is not empty, overwriting files
               of the same name
  -h, --help   show this help`;

export async function run(args: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { org: { type: "string" }, "action-ref": { type: "string" }, force: { type: "boolean" }, help: { type: "boolean", short: "h" } },
    });
  } catch (error) {
    io.err(`access-pr init: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  if (positionals.length > 1) {
    io.err(`access-pr init: give at most one directory, got ${positionals.length}: ${positionals.join(" ")}\n\n${USAGE}`);
    return 2;
  }
  const org = values.org ?? "your-org";
  if (!ORG_NAME.test(org)) {
    io.err(`access-pr init: --org ${JSON.stringify(org)} is not a GitHub organization name: use letters, digits and single hyphens, at most 39 characters, e.g. --org acme.`);
    return 2;
  }
  const action = values["action-ref"] === undefined ? undefined : parseActionRef(values["action-ref"]);
  if (typeof action === "string") {
    io.err(`access-pr init: ${action}`);
    return 2;
  }
  const dir = resolve(io.cwd, positionals[0] ?? ".");
  let outcome;
  try {
    outcome = await writeScaffold(dir, scaffoldFiles({ org, version: packageVersion(), ...(action ? { action } : {}) }), { force: values.force ?? false });
  } catch (error) {
    io.err(`access-pr init: could not write the scaffold into ${dir}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  if (outcome.kind === "refused") {
    io.err(`access-pr init: ${outcome.message}`);
    return 2;
  }
  const fromCwd = relative(io.cwd, dir);
  const shown = fromCwd === "" ? "." : fromCwd.startsWith("..") || isAbsolute(fromCwd) ? dir : fromCwd;
  const lines = [
    `Scaffolded an access repo in ${shown}:`,
    ...outcome.created.map((path) => `  created      ${path}`),
    ...outcome.overwritten.map((path) => `  overwritten  ${path}`),
    "",
    "Next steps:",
    `  1. Create the teams ${org}/security, ${org}/sre, ${org}/platform and ${org}/engineering, or edit`,
    "     .github/CODEOWNERS and access-policies/example.yaml to name yours.",
    "  2. Replace the example projects, subscription and identities with yours; check with:",
    `       access-pr validate${shown === "." ? "" : ` --repo ${shown}`}`,
    ...(action
      ? []
      : [
          "  3. Put the access-pr action's repository and commit sha into .github/workflows/access-pr-validate.yml",
          "     (or rerun with --action-ref OWNER/REPO@SHA --force); until then that workflow fails.",
        ]),
    `  ${action ? 3 : 4}. Optional, for editor completion: npm install --save-dev ./access-pr-${packageVersion()}.tgz`,
    "     (the release tarball; the JSON Schemas then sit where the YAML files point).",
    `  ${action ? 4 : 5}. Push to GitHub, install the access-pr app on this repo only, and protect main`,
    "     (see 'Deploying on your organization' in the access-pr README).",
  ];
  io.out(lines.join("\n"));
  return 0;
}
