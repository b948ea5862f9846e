/**
 * `access-pr sandbox`: start everything on this machine, play the story,
 * print the timeline, the audit trail and the API cost; with
 * `keepRunning`, leave the emulators and the app up until `stop` resolves.
 *
 * @example
 *   const code = await runSandbox({ cwd: process.cwd(), write: console.log, color: false, version: "0.1.0" });
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { AppAnswers } from "./app-answers.js";
import { ADAPTATIONS } from "./access-repo-files.js";
import { ACCESS_REPO, AZURE_SCOPE, CAST, GCP_PROJECT, ORG, TEAMS } from "./cast.js";
import { printEpilogue } from "./epilogue.js";
import { refusedThenGranted, revokedEarly, windowEnds } from "./scenes.js";
import { startSandboxWorld } from "./sandbox-world.js";
import type { SandboxWorld } from "./sandbox-world.js";
import { StoryKit } from "./story-kit.js";
import { Timeline } from "./timeline.js";

export interface SandboxOptions {
  cwd: string;
  write: (text: string) => void;
  color: boolean;
  version: string;
  /** When given, the emulators and the app stay up until it resolves (Ctrl-C). */
  keepRunning?: () => Promise<void>;
}

/** The sandbox's own directory in the working directory (git-ignored). */
export function sandboxDir(cwd: string): string {
  return join(cwd, ".sandbox");
}

function printSetup(t: Timeline, world: SandboxWorld): void {
  t.section("Setting up (everything on 127.0.0.1, one clock that the story moves by hand)");
  const teams = TEAMS.map((team) => `${team} (${CAST.filter((p) => p.team === team).map((p) => p.login).join(", ")})`).join(", ");
  t.note(`GitHub   ${world.github.url}  org ${ORG}, teams ${teams}`);
  t.note(`GCP      ${world.gcp.url}  project ${GCP_PROJECT} (Resource Manager v3 IAM)`);
  t.note(`Azure    ${world.azure.url}  ${AZURE_SCOPE} (RBAC + PIM)`);
  t.note(`App      access-pr under Probot, webhooks at ${world.webhookUrl}`);
  t.note(`Repo     ${ACCESS_REPO}: the files of \`access-pr init --org ${ORG}\`, adapted:`);
  for (const a of ADAPTATIONS.filter((x) => x.why !== "")) t.note(`           - ${a.why}`);
  t.note("           - identities.yaml lists alice, bob, carol, dave and erin");
  t.note(`         main needs 1 approving review; the app may bypass that to merge its own reverts`);
}

async function printKeepRunning(t: Timeline, world: SandboxWorld, dir: string): Promise<void> {
  const caFile = join(dir, "azure-ca.pem");
  await writeFile(caFile, world.azure.ca);
  const azureToken = (await world.azure.credential.getToken("https://management.azure.com/.default"))?.token ?? "";
  const [owner, repo] = ACCESS_REPO.split("/");
  t.section("Still running: poke at it (Ctrl-C stops everything)");
  t.note(`The sandbox clock stays at ${world.clock.now().toISOString()}.`);
  t.note(`GitHub  ${world.github.url}   (REST as on api.github.com; the app answers webhooks)`);
  for (const person of CAST) t.note(`  ${person.login.padEnd(6)} token ${world.tokens[person.login] ?? ""}`);
  t.note(`  curl -s -H "authorization: token ${world.tokens.alice ?? ""}" "${world.github.url}/repos/${owner}/${repo}/pulls?state=all"`);
  t.note(`GCP     ${world.gcp.url}`);
  t.note(`  curl -s -X POST -H "authorization: Bearer sandbox" ${world.gcp.url}/v3/projects/${GCP_PROJECT}:getIamPolicy -d '{"options":{"requestedPolicyVersion":3}}'`);
  t.note(`Azure   ${world.azure.url}   (self-signed; CA in ${caFile})`);
  t.note(`  curl -s --cacert ${caFile} -H "authorization: Bearer ${azureToken}" "${world.azure.url}${AZURE_SCOPE}/providers/Microsoft.Authorization/roleAssignmentSchedules?api-version=2020-10-01"`);
  t.note(`App     ${world.webhookUrl}`);
}

export async function runSandbox(options: SandboxOptions): Promise<number> {
  const startedAt = Date.now();
  const dir = sandboxDir(options.cwd);
  // Only what the previous run left; the directory is the sandbox's own.
  await rm(join(dir, "github"), { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const world = await startSandboxWorld({ dir, version: options.version });
  try {
    const t = new Timeline({ write: options.write, clock: world.clock, color: options.color });
    t.title("access-pr sandbox: just-in-time cloud access through pull requests, on this machine");
    printSetup(t, world);
    const kit = new StoryKit(world, t, new AppAnswers(world.github.octokitFor("carol"), ACCESS_REPO, `${world.github.app.slug}[bot]`));
    t.section(`The story (sandbox time, ${world.clock.now().toISOString().slice(0, 10)}, UTC)`);
    t.person("carol", `installs the access-pr app on ${ORG}`);
    await kit.act(async () => world.github.announceInstallation("carol"), { expectAnswer: false });
    const granted = await refusedThenGranted(kit);
    await windowEnds(kit, granted);
    await revokedEarly(kit);
    const allMet = await printEpilogue(kit, { cwd: options.cwd, startedAt });
    if (options.keepRunning) {
      await printKeepRunning(t, world, dir);
      await options.keepRunning();
    }
    return allMet ? 0 : 1;
  } finally {
    await world.close();
  }
}
