/**
 * The deterministic id of a grant, written into the cloud (binding title,
 * assignment description) so retries, redeliveries and replicas find earlier
 * work. The window is left out on purpose: extending a request keeps its key.
 */
import { createHash } from "node:crypto";
import { providerDefinitions } from "../providers/definitions.js";
import type { ProviderName } from "./grant.js";

export interface GrantKeyParts {
  provider: ProviderName;
  scope: string;
  role: string;
  principal: string;
}

/**
 * First 20 hex characters of sha256 over the parts, newline-separated.
 *
 * @example
 *   grantKey("acme/access", "requests/gcp/prod/alice.yaml",
 *     { provider: "gcp", scope: "projects/payments-prod", role: "roles/cloudsql.client", principal: "user:alice@acme.example" });
 *   // "3f0c…" (20 hex characters, always the same for the same inputs)
 */
export function grantKey(repo: string, requestPath: string, grant: GrantKeyParts): string {
  // Where the cloud compares ids case-insensitively (ARM), one assignment must not get two keys.
  const definition = providerDefinitions[grant.provider];
  const scope = definition.scopeKey(grant.scope);
  const principal = definition.principalKey(grant.principal);
  const text = [repo.toLowerCase(), requestPath, grant.provider, scope, grant.role, principal].join("\n");
  return createHash("sha256").update(text).digest("hex").slice(0, 20);
}
