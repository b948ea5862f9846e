import { Probot, ProbotOctokit } from "probot";
import type { GitHubClient } from "../../src/github/client.js";
import type { GitHubEmulator } from "../../src/sandbox/github/index.js";

/** The app's installation-authenticated Octokit against the emulator, as Probot makes it (retries off). */
export async function installationClient(gh: GitHubEmulator): Promise<GitHubClient> {
  const { appId, privateKey, webhookSecret, installationId } = gh.app;
  const probot = new Probot({
    appId,
    privateKey,
    secret: webhookSecret,
    baseUrl: gh.url,
    logLevel: "fatal",
    Octokit: ProbotOctokit.defaults((o: Record<string, unknown>) => ({ ...o, retry: { enabled: false }, throttle: { enabled: false } })),
  });
  return (await probot.auth(installationId)) as GitHubClient;
}
