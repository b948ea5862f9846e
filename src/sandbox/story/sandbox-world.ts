/**
 * Everything the sandbox runs, started on 127.0.0.1 and sharing one
 * ManualClock: the embedded GitHub (with org, teams, people and the access
 * repo), the GCP and Azure emulators, and the real access-pr app under
 * Probot, receiving the emulator's signed webhooks.
 *
 * @example
 *   const world = await startSandboxWorld({ dir: ".sandbox", version: "0.1.0" });
 *   await world.github.as("alice").openPullRequest(ACCESS_REPO, { ... });
 *   await world.github.settled();
 *   await world.close();
 */
import { join } from "node:path";
import { ManualClock } from "../../core/clock.js";
import { startEmbeddedApp } from "../embedded-app.js";
import type { EmbeddedAppWithClouds } from "../embedded-app.js";
import { sandboxAccessRepoFiles } from "./access-repo-files.js";
import { AppLog } from "./app-log.js";
import { ACCESS_REPO, AZURE_RESOURCE_GROUP, AZURE_SUBSCRIPTION, CAST, GCP_PROJECT, ORG, TEAMS } from "./cast.js";

export const STORY_START = "2026-11-24T08:00:00Z";

export interface SandboxWorldOptions {
  /** Where the embedded GitHub keeps its bare repositories (kept after exit). */
  dir: string;
  /** access-pr's version, written into the scaffold's CI workflow. */
  version: string;
}

/** The embedded app's handles the story uses, and the story's own people. */
export interface SandboxWorld extends Pick<EmbeddedAppWithClouds, "clock" | "github" | "gcp" | "azure" | "webhookUrl" | "appGitHubCalls" | "idle" | "settle" | "close"> {
  /** Each person's GitHub token, for poking at the emulator with curl or Octokit. */
  tokens: Readonly<Record<string, string>>;
  appLog: AppLog;
  /** The access repo's bare git repository on disk. */
  accessRepoPath: string;
}

export async function startSandboxWorld(options: SandboxWorldOptions): Promise<SandboxWorld> {
  const appLog = new AppLog();
  // With a ManualClock the app's lifecycle timers fire when the story moves the clock.
  const app = await startEmbeddedApp({
    clock: new ManualClock(STORY_START),
    clouds: true,
    github: { dir: join(options.dir, "github"), keep: true, org: ORG },
    // The story's access repo and nothing else grants, as ACCESS_PR_REPOS says in production.
    settings: { accessRepos: [ACCESS_REPO] },
    log: appLog.logger,
  });
  try {
    const { github, gcp, azure } = app;
    gcp.createProject(GCP_PROJECT);
    // Each person of the cast has a Google account; IAM refuses members with none.
    gcp.addAccounts(...CAST.map((p) => p.gcp));
    azure.createSubscription(AZURE_SUBSCRIPTION);
    azure.createResourceGroup(AZURE_SUBSCRIPTION, AZURE_RESOURCE_GROUP);
    const tokens: Record<string, string> = {};
    for (const person of CAST) tokens[person.login] = github.createUser(person.login, { name: capitalised(person.login) }).token;
    for (const team of TEAMS) github.createTeam(ORG, team, { active: CAST.filter((p) => p.team === team).map((p) => p.login) });
    await github.createRepo(ACCESS_REPO, {
      files: sandboxAccessRepoFiles(options.version),
      author: "carol",
      collaborators: Object.fromEntries(CAST.map((p) => [p.login, "write" as const])),
      // Code-owner teams need write access for GitHub to ask them for reviews itself (About code owners).
      teams: Object.fromEntries(TEAMS.map((team) => [`${ORG}/${team}`, "write" as const])),
      // The app is a bypass actor so it can merge its own revert PRs (FACTS: ruleset bypass).
      protection: { requiredApprovals: 1, bypass: [github.app.slug] },
    });
    const { clock, webhookUrl, appGitHubCalls, idle, settle, close } = app;
    return { clock, github, gcp, azure, tokens, webhookUrl, appGitHubCalls, appLog, accessRepoPath: github.repoPath(ACCESS_REPO), idle, settle, close };
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
}

function capitalised(login: string): string {
  return `${login.slice(0, 1).toUpperCase()}${login.slice(1)}`;
}
