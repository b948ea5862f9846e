/** Azure ARM scopes as access-pr accepts them in request files. Pure. */
export type AzureScopeKind = "managementGroup" | "subscription" | "resourceGroup" | "resource";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MANAGEMENT_GROUP = /^\/providers\/Microsoft\.Management\/managementGroups\/[A-Za-z0-9._()-]{1,90}$/i;
const SUBSCRIPTION = /^\/subscriptions\/([^/]+)$/i;
const RESOURCE_GROUP = /^\/subscriptions\/([^/]+)\/resourceGroups\/[-\w._()]{1,90}$/i;
// providers/Namespace/type/name, then optionally more type/name pairs for child resources.
const RESOURCE = /^\/subscriptions\/([^/]+)\/resourceGroups\/[-\w._()]{1,90}\/providers\/[A-Za-z0-9.]+(\/[^/]+\/[^/]+)+$/i;

export function isGuid(value: string): boolean {
  return GUID.test(value);
}

/** The kind of an ARM scope with its leading "/", or undefined when it is none of the four. */
export function azureScopeKind(scope: string): AzureScopeKind | undefined {
  if (MANAGEMENT_GROUP.test(scope)) return "managementGroup";
  const sub = SUBSCRIPTION.exec(scope) ?? RESOURCE_GROUP.exec(scope) ?? RESOURCE.exec(scope);
  if (!sub?.[1] || !isGuid(sub[1])) return undefined;
  if (SUBSCRIPTION.test(scope)) return "subscription";
  return RESOURCE_GROUP.test(scope) ? "resourceGroup" : "resource";
}

/**
 * The scope as the SDK's `scope` parameter wants it. The SDK pastes it into
 * "/{scope}/providers/…" without encoding, so a leading "/" would make "//subscriptions/…".
 *
 * @example sdkScope("/subscriptions/5f0c…/resourceGroups/payments") // "subscriptions/5f0c…/resourceGroups/payments"
 */
export function sdkScope(scope: string): string {
  return scope.replace(/^\/+/, "");
}
