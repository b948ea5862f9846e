/** The app's own GitHub identity, derived from the installation (never from a branch name or a label). */
import type { Probot } from "probot";

export interface AppIdentity {
  /** The installation's bot login, e.g. "access-pr[bot]"; undefined when GitHub could not say. */
  botLogin(installationId: number): Promise<string | undefined>;
}

/**
 * Asks GitHub once per installation which app it belongs to (`GET /app/installations/{id}`,
 * authenticated as the app) and caches the answer for the life of the process.
 *
 * @example
 *   const identity = appIdentity(app);
 *   await identity.botLogin(context.payload.installation.id); // "access-pr[bot]"
 */
export function appIdentity(app: Probot): AppIdentity {
  const known = new Map<number, Promise<string | undefined>>();
  return {
    botLogin(installationId) {
      const cached = known.get(installationId);
      if (cached) return cached;
      const login = (async () => {
        try {
          const appClient = await app.auth();
          const { data } = await appClient.rest.apps.getInstallation({ installation_id: installationId });
          return `${data.app_slug}[bot]`;
        } catch (error) {
          // Not knowing is no answer to keep: the next event asks again, and meanwhile gets the normal flow.
          known.delete(installationId);
          app.log.warn({ err: error, installationId }, "could not read the app's installation; its reverts get the normal checks");
          return undefined;
        }
      })();
      known.set(installationId, login);
      return login;
    },
  };
}
