// Shared by the invariant tests: the harness with the example access repo, and one request per person.
import type { GitHubClient } from "../../src/github/client.js";
import type { AppHarness } from "../helpers/app-harness.js";
import { ACCESS_REPO, seedAccessRepo, startAppHarness } from "../helpers/app-harness.js";

export const [OWNER, REPO] = ACCESS_REPO.split("/") as [string, string];
export const VALIDATION = "access-pr / validation";
export const APPROVAL = "access-pr / approval";
/** The embedded GitHub's app account, which the app reads from GET /app at start. */
export const BOT = "access-pr[bot]";

export { prodRequest } from "../helpers/requests.js";

export async function startSeeded(): Promise<AppHarness> {
  const h = await startAppHarness();
  await seedAccessRepo(h.github);
  return h;
}

export async function openAndSettle(h: AppHarness, by: string, files: Record<string, string | null>, title = "Access request", base?: string) {
  const pr = await h.github.as(by).openPullRequest(ACCESS_REPO, { title, files, ...(base ? { base } : {}) });
  await h.github.settled();
  return pr;
}

/** The app's own installation client, for calling the evaluation directly as the lifecycle does. */
export async function appClient(h: AppHarness): Promise<GitHubClient> {
  return (await h.probot.auth(h.github.app.installationId)) as GitHubClient;
}

/** Logged errors: a crash in a handler shows up here. */
export function errorsLogged(h: AppHarness): string[] {
  return h.logs.filter((line) => line.level >= 50).map((line) => line.msg);
}
