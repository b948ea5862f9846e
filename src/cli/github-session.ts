/**
 * How `audit` and `status` reach GitHub: as the app (APP_ID and its private
 * key: the app's id and bot login come from GitHub's `GET /app`), or with a
 * plain token (GITHUB_TOKEN), where nothing tells which app's records to
 * trust, so the app id and bot login must be given (--app-id/--bot-login or
 * ACCESS_PR_APP_ID/ACCESS_PR_BOT_LOGIN) and the report says so. Every API
 * call is counted, for the rate budget.
 */
import { readFileSync } from "node:fs";
import { Probot, ProbotOctokit } from "probot";
import { readAppIdentity } from "../github/app-identity.js";
import type { GitHubClient, RepoRef } from "../github/client.js";
import type { AuditApp } from "../audit/gather-audit.js";

export interface SessionOptions {
  repo: RepoRef;
  apiUrl?: string;
  appId?: string;
  botLogin?: string;
}

/** The session options out of a command's parsed `--api-url`, `--app-id` and `--bot-login` flags. */
export function sessionOptionsOf(repo: RepoRef, values: { "api-url"?: string | undefined; "app-id"?: string | undefined; "bot-login"?: string | undefined }): SessionOptions {
  return { repo, ...(values["api-url"] ? { apiUrl: values["api-url"] } : {}), ...(values["app-id"] ? { appId: values["app-id"] } : {}), ...(values["bot-login"] ? { botLogin: values["bot-login"] } : {}) };
}

export interface GitHubSession {
  gh: GitHubClient;
  app: AuditApp;
  /** API calls made so far. */
  calls(): number;
}

/** A problem the person running the command can fix; exit code 2. */
export class SessionError extends Error {
  override name = "SessionError";
}

export function apiUrlOf(env: NodeJS.ProcessEnv, flag: string | undefined): string {
  if (flag) return flag.replace(/\/+$/, "");
  if (!env.GHE_HOST) return "https://api.github.com";
  return `${env.GHE_PROTOCOL || "https"}://${env.GHE_HOST}/api/v3`;
}

/**
 * @example
 *   const session = await openSession({ repo: { owner: "acme", repo: "access" } }, process.env);
 *   await gatherAudit(session.gh, repo, session.app, new Date()); session.calls(); // 12
 */
export async function openSession(options: SessionOptions, env: NodeJS.ProcessEnv): Promise<GitHubSession> {
  const baseUrl = apiUrlOf(env, options.apiUrl);
  const Octokit = ProbotOctokit.defaults((o: object) => ({ ...o, retry: { enabled: false }, throttle: { enabled: false } }));
  const privateKey = env.PRIVATE_KEY || (env.PRIVATE_KEY_PATH ? readKey(env.PRIVATE_KEY_PATH) : undefined);
  let gh: GitHubClient;
  let app: AuditApp;
  if (env.GITHUB_TOKEN) {
    const appId = Number(options.appId ?? env.ACCESS_PR_APP_ID);
    const botLogin = options.botLogin ?? env.ACCESS_PR_BOT_LOGIN;
    if (!Number.isInteger(appId) || appId <= 0 || !botLogin) {
      throw new SessionError(
        "with a plain GITHUB_TOKEN nothing says which app's records to trust: give the access-pr app's id and bot account, e.g. --app-id 123456 --bot-login access-pr[bot] (or ACCESS_PR_APP_ID and ACCESS_PR_BOT_LOGIN); the app's settings page on GitHub shows its id",
      );
    }
    const probot = new Probot({ githubToken: env.GITHUB_TOKEN, baseUrl, Octokit, logLevel: "fatal" });
    gh = (await probot.auth()) as GitHubClient;
    app = { appId, botLogin, source: `app id and bot login as given (${options.appId ? "--app-id" : "ACCESS_PR_APP_ID"}), read with a plain token` };
  } else if (env.APP_ID && privateKey) {
    const probot = new Probot({ appId: env.APP_ID, privateKey, baseUrl, Octokit, logLevel: "fatal" });
    const identity = await readAppIdentity(probot);
    const appClient = await probot.auth();
    let installationId: number;
    try {
      ({ data: { id: installationId } } = await appClient.rest.apps.getRepoInstallation({ ...options.repo }));
    } catch (error) {
      throw new SessionError(`the app ${identity.slug} is not installed on ${options.repo.owner}/${options.repo.repo} (${error instanceof Error ? error.message : String(error)}); check --repo`);
    }
    gh = (await probot.auth(installationId)) as GitHubClient;
    app = { appId: identity.appId, botLogin: identity.botLogin, source: "identified by GitHub (GET /app) with the app's key" };
  } else {
    throw new SessionError("no credentials: set GITHUB_TOKEN (a token that can read the access repo), or APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH) as for the server");
  }
  let count = 0;
  gh.hook.before("request", () => {
    count++;
  });
  return { gh, app, calls: () => count };
}

function readKey(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new SessionError(`PRIVATE_KEY_PATH=${JSON.stringify(path)} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}
