/**
 * Turns what the Resource Manager client throws (GaxiosError in REST mode,
 * gRPC-status errors otherwise, socket errors) into a ProviderError an
 * operator can act on.
 */
import { ProviderError } from "../provider.js";

/** gRPC status codes the client may use instead of HTTP statuses. */
const GRPC_TO_HTTP: Record<number, number> = { 3: 400, 4: 504, 5: 404, 7: 403, 8: 429, 9: 400, 10: 409, 13: 500, 14: 503, 16: 401 };

/** The HTTP status of a client error, or undefined for network failures. */
export function httpStatus(error: unknown): number | undefined {
  const e = error as { code?: unknown; status?: unknown; response?: { status?: unknown } } | null;
  const status = e?.response?.status ?? e?.status;
  if (typeof status === "number" && status >= 100) return status;
  if (typeof e?.code === "number") return e.code >= 100 ? e.code : GRPC_TO_HTTP[e.code];
  return undefined;
}

/** A stale etag: someone wrote the policy between our read and our write. */
export function isEtagConflict(error: unknown): boolean {
  const status = httpStatus(error);
  return status === 409 || status === 412;
}

/** The message GCP put in the error body, without the JSON around it. */
export function cloudMessage(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  try {
    const parsed = JSON.parse(raw) as { error?: { message?: string } };
    if (parsed.error?.message) return parsed.error.message;
  } catch {
    // not JSON: the raw message is the best we have
  }
  return raw;
}

export function wrapGcpError(error: unknown, operation: string, scope: string): ProviderError {
  const status = httpStatus(error);
  const said = cloudMessage(error);
  const fail = (message: string, transient = false) => new ProviderError("gcp", operation, message, error, transient);
  if (status === undefined) return fail(`could not reach Cloud Resource Manager for ${scope} (${said}); retry later`, true);
  if (status === 401) {
    return fail(`GCP refused the app's credentials (${said}); check Application Default Credentials or the workload identity federation setup`);
  }
  if (status === 403) return fail(`permission denied on ${scope}: ${neededRole(scope)}. GCP said: ${said}`);
  if (status === 404) return fail(`${scope} was not found: check the scope (projects/ID takes the project id; folders/N and organizations/N take numbers). GCP said: ${said}`);
  if (status === 409 || status === 412) return fail(`the policy on ${scope} kept changing while access-pr edited it; retry later. GCP said: ${said}`, true);
  if (status === 429) return fail(`GCP's IAM write quota on ${scope} is exhausted (600 policy writes per minute); retry later. GCP said: ${said}`, true);
  if (status >= 500) return fail(`Cloud Resource Manager failed (HTTP ${status}) on ${scope}; retry later. GCP said: ${said}`, true);
  const unknown = status === 400 ? /\b(User|Group|Service account) (\S+) does not exist/.exec(said) : null;
  if (unknown) return fail(`GCP has no ${unknown[1]?.toLowerCase() ?? "account"} ${unknown[2] ?? ""} (GCP said: ${said}): check the member in identities.yaml; nothing was granted on ${scope}`);
  return fail(`GCP refused the change on ${scope} (HTTP ${status}): ${said}`);
}

function neededRole(scope: string): string {
  if (scope.startsWith("folders/")) {
    return "the app's service account needs roles/resourcemanager.folderIamAdmin (or a custom role with resourcemanager.folders.getIamPolicy and resourcemanager.folders.setIamPolicy)";
  }
  if (scope.startsWith("organizations/")) {
    return "the app's service account needs roles/resourcemanager.organizationAdmin (or a custom role with resourcemanager.organizations.getIamPolicy and resourcemanager.organizations.setIamPolicy)";
  }
  return "the app's service account needs roles/resourcemanager.projectIamAdmin (or a custom role with resourcemanager.projects.getIamPolicy and resourcemanager.projects.setIamPolicy)";
}
