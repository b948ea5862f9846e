/**
 * GCP from the server's settings: Application Default Credentials against the
 * real IAM API, or any token against an emulator on this machine
 * (ACCESS_PR_GCP_ENDPOINT on loopback).
 *
 * @example
 *   const { provider, close } = gcpSetup.build({ settings, clock, log: app.log.child({ name: "gcp" }) });
 */
import { GoogleAuth, OAuth2Client } from "google-auth-library";
import { reachable } from "../../observe/reachable.js";
import { ProviderError } from "../provider.js";
import type { ProviderSetup } from "../provider-setup.js";
import { EMULATOR_TOKEN, isLoopback } from "../provider-setup.js";
import { createGcpProvider } from "./gcp-provider.js";
import type { GcpProvider } from "./gcp-provider.js";

const GCP_DEFAULT = "https://cloudresourcemanager.googleapis.com";
const CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform";

export const gcpSetup: ProviderSetup = {
  build({ settings, clock, log }) {
    const url = settings.gcpEndpoint ? new URL(settings.gcpEndpoint) : undefined;
    if (!url) {
      const provider = requireGoogleCredentials(createGcpProvider({ clock, logger: log }));
      return { provider, close: () => provider.close() };
    }
    const protocol = url.protocol === "http:" ? "http" : "https";
    const port = url.port ? Number(url.port) : protocol === "http" ? 80 : 443;
    let authClient: OAuth2Client | undefined;
    if (isLoopback(url)) {
      authClient = new OAuth2Client();
      authClient.setCredentials({ access_token: EMULATOR_TOKEN, expiry_date: Date.now() + 365 * 86_400_000 });
    }
    const created = createGcpProvider({ clock, endpoint: { host: url.hostname.replace(/^\[|\]$/g, ""), port, protocol }, authClient, logger: log });
    const provider = authClient ? created : requireGoogleCredentials(created);
    return { provider, close: () => provider.close() };
  },

  readiness(settings) {
    const url = new URL(settings.gcpEndpoint ?? GCP_DEFAULT);
    return {
      name: "gcp",
      async check() {
        await reachable(url, { what: "GCP Resource Manager" });
        if (isLoopback(url)) return;
        try {
          await new GoogleAuth({ scopes: [CLOUD_PLATFORM] }).getAccessToken();
        } catch (error) {
          throw new Error(`no Google Cloud access token (${error instanceof Error ? error.message : String(error)}): set up workload identity federation or GOOGLE_APPLICATION_CREDENTIALS`, { cause: error });
        }
      },
    };
  },
};

/**
 * Resolves Application Default Credentials once before the first cloud call,
 * so a missing credential reads as what to set instead of a network error.
 */
function requireGoogleCredentials(provider: GcpProvider): GcpProvider {
  let found: Promise<unknown> | undefined;
  const ensure = async (operation: string): Promise<void> => {
    found ??= new GoogleAuth({ scopes: [CLOUD_PLATFORM] }).getClient();
    try {
      await found;
    } catch (error) {
      found = undefined;
      const said = error instanceof Error ? error.message : String(error);
      throw new ProviderError(
        "gcp",
        operation,
        `no Google Cloud credentials: give the server a service account through workload identity federation or GOOGLE_APPLICATION_CREDENTIALS, or run it on GCP with an attached service account (google-auth-library said: ${said})`,
        error,
      );
    }
  };
  return {
    name: provider.name,
    validate: (spec) => provider.validate(spec),
    async grant(spec) {
      await ensure("grant");
      return provider.grant(spec);
    },
    async revoke(spec) {
      await ensure("revoke");
      return provider.revoke(spec);
    },
    async list(scope) {
      await ensure("list");
      return provider.list(scope);
    },
    close: () => provider.close(),
  };
}
