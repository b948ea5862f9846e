/**
 * The /readyz probes for the clouds a server is configured for: each one's
 * Resource Manager answers, and (for the real clouds) a credential can be had.
 *
 * @example
 *   createAccessPrApp({ …, readiness: cloudProbes(readSettings()) });
 */
import { readFileSync } from "node:fs";
import { DefaultAzureCredential } from "@azure/identity";
import { GoogleAuth } from "google-auth-library";
import type { Settings } from "../settings.js";
import type { ReadinessProbe } from "./readiness.js";
import { reachable } from "./reachable.js";

const GCP_DEFAULT = "https://cloudresourcemanager.googleapis.com";
const AZURE_DEFAULT = "https://management.azure.com";

function isLoopback(url: URL): boolean {
  return ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
}

export function cloudProbes(settings: Settings): ReadinessProbe[] {
  const gcpUrl = new URL(settings.gcpEndpoint ?? GCP_DEFAULT);
  const azureUrl = new URL(settings.azureEndpoint ?? AZURE_DEFAULT);
  const ca = settings.azureCaFile ? readFileSync(settings.azureCaFile, "utf8") : undefined;
  let azureCredential: DefaultAzureCredential | undefined;
  return [
    {
      name: "gcp",
      async check() {
        await reachable(gcpUrl, { what: "GCP Resource Manager" });
        if (isLoopback(gcpUrl)) return;
        try {
          await new GoogleAuth({ scopes: ["https://www.googleapis.com/auth/cloud-platform"] }).getAccessToken();
        } catch (error) {
          throw new Error(`no Google Cloud access token (${error instanceof Error ? error.message : String(error)}): set up workload identity federation or GOOGLE_APPLICATION_CREDENTIALS`, { cause: error });
        }
      },
    },
    {
      name: "azure",
      async check() {
        await reachable(azureUrl, { what: "Azure Resource Manager", ...(ca ? { ca } : {}) });
        if (isLoopback(azureUrl)) return;
        try {
          azureCredential ??= new DefaultAzureCredential();
          await azureCredential.getToken(`${AZURE_DEFAULT}/.default`);
        } catch (error) {
          const said = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
          throw new Error(`no Azure access token (${said}): give the server a managed identity, workload identity or a service principal (AZURE_TENANT_ID, AZURE_CLIENT_ID, …)`, { cause: error });
        }
      },
    },
  ];
}
