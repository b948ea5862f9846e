/** Options shared by the commands that read a live access repo (`audit`, `status`). */
import type { RepoRef } from "../github/client.js";

export const REPO_OPTIONS = {
  repo: { type: "string" },
  "api-url": { type: "string" },
  "app-id": { type: "string" },
  "bot-login": { type: "string" },
  format: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

export const REPO_OPTIONS_HELP = `  --repo OWNER/NAME   the access repo (required)
  --api-url URL       the GitHub API (default https://api.github.com, or GHE_HOST's /api/v3)
  --app-id N          with a plain GITHUB_TOKEN: the access-pr app's id, whose records alone are trusted
  --bot-login LOGIN   with a plain GITHUB_TOKEN: the app's bot account, e.g. access-pr[bot]
  --format FORMAT     text (default; "human" is accepted too), json`;

export const CREDENTIALS_HELP = `credentials: GITHUB_TOKEN (any token that can read the repo; then --app-id and
--bot-login, or ACCESS_PR_APP_ID and ACCESS_PR_BOT_LOGIN, say which app's records to
trust), or APP_ID and PRIVATE_KEY / PRIVATE_KEY_PATH as for the server (the app's
id and bot account then come from GitHub itself).`;

export class UsageError extends Error {
  override name = "UsageError";
}

export function repoOf(value: string | undefined): RepoRef {
  const [owner, repo, extra] = (value ?? "").split("/");
  if (!owner || !repo || extra !== undefined) throw new UsageError("--repo must be OWNER/NAME, e.g. --repo acme/access");
  return { owner, repo };
}

/**
 * A UTC instant from an option: ISO 8601 with Z or an offset ("2026-11-24T08:00:00Z"), or a date alone
 * ("2026-10-01", midnight UTC). A time without a zone is refused: it would mean the reader's local time.
 *
 * @example
 *   instantOf("--at", "2026-11-24T09:00:00Z"); // Date
 */
export function instantOf(flag: string, value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const zoned = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value);
  const date = new Date(dateOnly ? `${value}T00:00:00Z` : value);
  if ((!dateOnly && !zoned) || Number.isNaN(date.getTime())) {
    throw new UsageError(`${flag} ${JSON.stringify(value)} is not a UTC time: write it as 2026-11-24T08:00:00Z (or with an offset, +01:00), or a date alone, 2026-11-24`);
  }
  return date;
}
