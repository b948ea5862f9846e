// Real Resource Manager clients pointed at a local emulator, as FACTS.md prescribes.
import { FoldersClient, OrganizationsClient, ProjectsClient } from "@google-cloud/resource-manager";
import { OAuth2Client } from "google-auth-library";
import type { GcpEmulator } from "../../../src/sandbox/gcp/gcp-emulator.js";

export function staticAuthClient(): OAuth2Client {
  const auth = new OAuth2Client();
  auth.setCredentials({ access_token: "test-token", expiry_date: Date.now() + 3_600_000 });
  return auth;
}

export function emulatorClients(gcp: GcpEmulator) {
  // google-gax bundles its own google-auth-library types; the object is the same at runtime.
  const settings = { fallback: true, apiEndpoint: gcp.host, port: gcp.port, protocol: "http", authClient: staticAuthClient() } as unknown as ConstructorParameters<typeof ProjectsClient>[0];
  return {
    projects: new ProjectsClient(settings),
    folders: new FoldersClient(settings),
    organizations: new OrganizationsClient(settings),
  };
}

/** The error a client call rejects with, for asserting status and words. */
export async function failure(call: Promise<unknown>): Promise<{ code: unknown; message: string }> {
  try {
    await call;
  } catch (error) {
    const e = error as { code?: unknown; message?: string };
    return { code: e.code, message: e.message ?? "" };
  }
  throw new Error("expected the call to fail");
}
