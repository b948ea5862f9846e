/**
 * The files `access-pr init` writes into a new access repo. Templates are
 * TypeScript strings (tsc does not copy .yaml or .md files into dist/), so
 * the published package carries them without a build step of its own.
 *
 * @example
 *   for (const file of scaffoldFiles({ org: "acme", version: "0.1.0" })) write(file.path, file.content);
 */
import { codeowners, pullRequestTemplate, validateWorkflow } from "./github-templates.js";
import { examplePolicy, identitiesFile } from "./policy-templates.js";
import { gitignore, requestsReadme } from "./requests-readme.js";
import type { ScaffoldContext, ScaffoldFile } from "./scaffold-context.js";

export function scaffoldFiles(context: ScaffoldContext): ScaffoldFile[] {
  return [
    { path: ".github/CODEOWNERS", content: codeowners(context) },
    { path: ".github/pull_request_template.md", content: pullRequestTemplate(context) },
    { path: ".github/workflows/access-pr-validate.yml", content: validateWorkflow(context) },
    { path: "access-policies/example.yaml", content: examplePolicy(context) },
    { path: "access-policies/identities.yaml", content: identitiesFile(context) },
    { path: "requests/README.md", content: requestsReadme(context) },
    { path: ".gitignore", content: gitignore(context) },
  ];
}
