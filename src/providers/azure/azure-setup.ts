/**
 * Azure from the server's settings: DefaultAzureCredential against ARM, or
 * any token against an emulator on this machine (ACCESS_PR_AZURE_ENDPOINT on
 * loopback, with ACCESS_PR_AZURE_CA_FILE for its certificate).
 *
 * @example
 *   const { provider } = azureSetup.build({ settings, clock, log: app.log.child({ name: "azure" }) });
 */
import { readFileSync } from "node:fs";
import type { TokenCredential } from "@azure/core-auth";
import { DefaultAzureCredential } from "@azure/identity";
import { reachable } from "../../observe/reachable.js";
import { ProviderError } from "../provider.js";
import type { ProviderSetup } from "../provider-setup.js";
import { EMULATOR_TOKEN, isLoopback } from "../provider-setup.js";
import { createAzureProvider } from "./azure-provider.js";

const AZURE_DEFAULT = "https://management.azure.com";

export const azureSetup: ProviderSetup = {
  build({ settings, clock, log }) {
    const url = settings.azureEndpoint ? new URL(settings.azureEndpoint) : undefined;
    const credential: TokenCredential =
      url && isLoopback(url) ? { getToken: async () => ({ token: EMULATOR_TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 }) } : azureCredential();
    const provider = createAzureProvider({
      clock,
      credential,
      ...(settings.azureEndpoint ? { endpoint: settings.azureEndpoint } : {}),
      ...(settings.azureCaFile ? { ca: readFileSync(settings.azureCaFile, "utf8") } : {}),
      logger: log,
    });
    return { provider };
  },

  readiness(settings) {
    const url = new URL(settings.azureEndpoint ?? AZURE_DEFAULT);
    const ca = settings.azureCaFile ? readFileSync(settings.azureCaFile, "utf8") : undefined;
    let credential: DefaultAzureCredential | undefined;
    return {
      name: "azure",
      async check() {
        await reachable(url, { what: "Azure Resource Manager", ...(ca ? { ca } : {}) });
        if (isLoopback(url)) return;
        try {
          credential ??= new DefaultAzureCredential();
          await credential.getToken(`${AZURE_DEFAULT}/.default`);
        } catch (error) {
          const said = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
          throw new Error(`no Azure access token (${said}): give the server a managed identity, workload identity or a service principal (AZURE_TENANT_ID, AZURE_CLIENT_ID, …)`, { cause: error });
        }
      },
    };
  },
};

/** DefaultAzureCredential, with its failure turned into what an operator should set. */
function azureCredential(): TokenCredential {
  const inner = new DefaultAzureCredential();
  return {
    async getToken(scopes, options) {
      try {
        return await inner.getToken(scopes, options);
      } catch (error) {
        const said = error instanceof Error ? error.message.split("\n")[0] : String(error);
        throw new ProviderError(
          "azure",
          "authenticate",
          `no Azure credentials: give the server a managed identity, workload identity, or a service principal through AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH) (DefaultAzureCredential said: ${said})`,
          error,
        );
      }
    },
  };
}
