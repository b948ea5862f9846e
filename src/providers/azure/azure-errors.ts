import { ProviderError } from "../provider.js";

interface RestLike {
  statusCode?: number;
  code?: string;
  message?: string;
}

/** The ARM error code of an SDK failure, e.g. "RoleAssignmentExists". */
export function armCode(error: unknown): string | undefined {
  return (error as RestLike | undefined)?.code;
}

export function armStatus(error: unknown): number | undefined {
  return (error as RestLike | undefined)?.statusCode;
}

/**
 * Wraps an SDK failure in a ProviderError that says what an operator can do about it.
 *
 * @example
 *   throw azureError("grant", "/subscriptions/…/resourceGroups/payments", error);
 */
export function azureError(operation: string, scope: string, error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  const status = armStatus(error);
  const code = armCode(error);
  const said = (error as RestLike | undefined)?.message ?? String(error);
  const make = (message: string, transient = false) => new ProviderError("azure", operation, message, error, transient);
  if (status === undefined) {
    if (/credential|token|authenticat/i.test(said) && !code?.startsWith("E")) {
      return make(`could not get an Azure token for the app's identity: ${said}`);
    }
    return make(`could not reach Azure Resource Manager (${code ?? "network error"}): ${said}; retry later`, true);
  }
  if (status === 429) return make(`Azure is throttling requests on ${scope} (429 ${code ?? "TooManyRequests"}); retry later`, true);
  if (status >= 500) return make(`Azure answered ${status} ${code ?? ""} on ${scope}: ${said}; retry later`.replace("  ", " "), true);
  switch (code) {
    case "AuthorizationFailed":
      return make(
        `the app's identity needs Microsoft.Authorization/roleAssignments/write on ${scope} (User Access Administrator or Role Based Access Control Administrator with a condition); Azure said: ${said}`,
      );
    case "InvalidAuthenticationToken":
    case "ExpiredAuthenticationToken":
      return make(`Azure refused the app's token (${code}): check the app's managed identity or client secret`);
    case "SubscriptionNotFound":
    case "ResourceGroupNotFound":
    case "ManagementGroupNotFound":
    case "ResourceNotFound":
      return make(`${scope} does not exist or the app's identity cannot see it (${code}): check the scope in the request file`);
    case "PrincipalNotFound":
      return make(`the principal does not exist in the app's Entra tenant (${said}): check the object id in identities.yaml`);
    default:
      return make(`Azure answered ${status} ${code ?? ""} on ${scope}: ${said}`.replace("  ", " "));
  }
}
