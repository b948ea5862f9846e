/**
 * Who the app is on GitHub, read once when the server starts and handed to
 * every part that must recognise the app's own pull requests, pushes and
 * comments. Never guessed from a pull request's author, a branch name or a
 * label: anyone can pick those.
 */
import type { Probot } from "probot";

export interface AppIdentity {
  /** The GitHub App's id, as check runs and comments carry it (`app.id`, `performed_via_github_app.id`). */
  appId: number;
  /** The app's slug, e.g. "access-pr". */
  slug: string;
  /** The account the app acts as, e.g. "access-pr[bot]". */
  botLogin: string;
}

export class AppIdentityError extends Error {
  override name = "AppIdentityError";
}

/** The identity in a `GET /app` answer; refuses an answer that does not name the app. */
export function appIdentityFrom(data: { id?: number; slug?: string } | null): AppIdentity {
  if (!data || typeof data.id !== "number" || !data.slug) {
    throw new AppIdentityError("GitHub's answer to GET /app named no app id and slug, so the app cannot recognise its own pull requests and comments");
  }
  return { appId: data.id, slug: data.slug, botLogin: `${data.slug}[bot]` };
}

/**
 * Asks GitHub who this app is (`GET /app`, authenticated as the app with its
 * private key). A failure is final: the server must not start without
 * knowing which pull requests, pushes and comments are its own.
 *
 * @example
 *   const identity = await readAppIdentity(app); // { appId: 4242, slug: "access-pr", botLogin: "access-pr[bot]" }
 */
export async function readAppIdentity(app: Probot): Promise<AppIdentity> {
  let data: { id?: number; slug?: string } | null;
  try {
    const appClient = await app.auth();
    ({ data } = await appClient.rest.apps.getAuthenticated());
  } catch (error) {
    const said = error instanceof Error ? error.message : String(error);
    throw new AppIdentityError(
      `could not read the app's identity from GitHub (GET /app): ${said}. Check APP_ID and the private key (PRIVATE_KEY or PRIVATE_KEY_PATH) of the GitHub App, and GHE_HOST when you run GitHub Enterprise Server.`,
      { cause: error },
    );
  }
  return appIdentityFrom(data);
}
