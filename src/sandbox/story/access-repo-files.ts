/**
 * The sandbox's access repo: exactly what `access-pr init --org acme` writes,
 * adapted the way an admin would adapt it on day one (their project, their
 * subscription, their teams, their people). Each adaptation is a checked
 * replacement, so a change to the init template breaks the sandbox loudly
 * instead of quietly playing a different story.
 *
 * @example
 *   await github.createRepo("acme/access", { files: sandboxAccessRepoFiles("0.1.0") });
 */
import { scaffoldFiles } from "../../init/scaffold-files.js";
import { AZURE_SUBSCRIPTION, CAST, GCP_PROJECT, ORG } from "./cast.js";

interface Adaptation {
  path: string;
  from: string;
  to: string;
  why: string;
}

/** What the sandbox changes in the scaffold, in words the setup section prints. */
export const ADAPTATIONS: readonly Adaptation[] = [
  { path: "access-policies/example.yaml", from: "example-payments-prod", to: GCP_PROJECT, why: `GCP project ${GCP_PROJECT}` },
  { path: "access-policies/example.yaml", from: "00000000-0000-0000-0000-000000000000", to: AZURE_SUBSCRIPTION, why: `Azure subscription ${AZURE_SUBSCRIPTION}` },
  { path: "access-policies/example.yaml", from: `${ORG}/engineering`, to: `${ORG}/payments-eng`, why: `requesters: team ${ORG}/payments-eng` },
  { path: "access-policies/example.yaml", from: 'paths: ["requests/prod/gcp/**"]', to: 'paths: ["requests/prod/**"]', why: "one request file may ask for GCP and Azure together" },
  { path: "access-policies/example.yaml", from: 'paths: ["requests/prod/azure/**"]', to: 'paths: ["requests/prod/**"]', why: "" },
  { path: ".github/CODEOWNERS", from: `@${ORG}/platform`, to: `@${ORG}/sre`, why: `SRE own requests/nonprod/ too (no platform team in ${ORG})` },
];

function identities(): string {
  const entries = CAST.map((m) => `  ${m.login}:\n    gcp: ${m.gcp}\n    azure:\n      object_id: ${m.azureObjectId}\n      type: User\n`);
  return `# yaml-language-server: $schema=../node_modules/access-pr/dist/schemas/identities.schema.json
#
# GitHub login -> cloud principals (the sandbox's people). Service principals
# requested on behalf of would go under service_identities:, apart from logins.

version: 1
identities:
${entries.join("")}`;
}

function replaceOnce(content: string, adaptation: Adaptation): string {
  if (!content.includes(adaptation.from)) {
    throw new Error(`the init template's ${adaptation.path} no longer contains ${JSON.stringify(adaptation.from)}: update ADAPTATIONS in src/sandbox/story/access-repo-files.ts`);
  }
  return content.split(adaptation.from).join(adaptation.to);
}

/** Path → content of the access repo's first commit. */
export function sandboxAccessRepoFiles(version: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const file of scaffoldFiles({ org: ORG, version })) files[file.path] = file.content;
  for (const adaptation of ADAPTATIONS) files[adaptation.path] = replaceOnce(files[adaptation.path] ?? "", adaptation);
  files["access-policies/identities.yaml"] = identities();
  return files;
}
