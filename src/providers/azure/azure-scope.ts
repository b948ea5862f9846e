/**
 * Azure ARM scopes as access-pr accepts them: one canonical spelling per
 * resource, so that what a rule admits, what approvers read and what ARM acts
 * on are the same resource. The SDK pastes a scope into the request URL
 * unencoded, and URL parsing resolves "." and ".." segments and treats "\" as
 * "/", "%2e" as ".", "?" and "#" as the end of the path: a scope carrying any
 * of them could act on a wider scope than the one shown. Pure.
 */
export type AzureScopeKind = "managementGroup" | "subscription" | "resourceGroup" | "resource";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NAME = "[A-Za-z0-9_.()-]";
const MANAGEMENT_GROUP = new RegExp(`^/providers/Microsoft\\.Management/managementGroups/${NAME}{1,90}$`, "i");
const SUBSCRIPTION = /^\/subscriptions\/([^/]+)$/i;
// Resource group names may not end in a period (Azure naming rules).
const RESOURCE_GROUP = new RegExp(`^/subscriptions/([^/]+)/resourceGroups/${NAME}{0,89}[A-Za-z0-9_()-]$`, "i");
// providers/Namespace/type/name, then optionally more type/name pairs for child resources.
const RESOURCE = new RegExp(`^/subscriptions/([^/]+)/resourceGroups/${NAME}{0,89}[A-Za-z0-9_()-]/providers/[A-Za-z0-9.]+(/${NAME}+/${NAME}+)+$`, "i");

export const SCOPE_EXAMPLE = "/subscriptions/<subscription id>, /subscriptions/<id>/resourceGroups/<name>, a resource id under a resource group, or /providers/Microsoft.Management/managementGroups/<name>";

export function isGuid(value: string): boolean {
  return GUID.test(value);
}

/** The kind of a canonical ARM scope with its leading "/", or undefined when it is none of the four. */
export function azureScopeKind(scope: string): AzureScopeKind | undefined {
  if (spellingProblem(scope, false)) return undefined;
  if (MANAGEMENT_GROUP.test(scope)) return "managementGroup";
  const sub = SUBSCRIPTION.exec(scope) ?? RESOURCE_GROUP.exec(scope) ?? RESOURCE.exec(scope);
  if (!sub?.[1] || !isGuid(sub[1])) return undefined;
  if (SUBSCRIPTION.test(scope)) return "subscription";
  return RESOURCE_GROUP.test(scope) ? "resourceGroup" : "resource";
}

/**
 * What makes a scope (or, with `glob`, a policy's scope glob) a spelling ARM
 * would read differently, or undefined. Checked before the shape, so the
 * message names the actual trap.
 */
export function spellingProblem(text: string, glob: boolean): string | undefined {
  const what = glob ? "scope glob" : "scope";
  const quoted = JSON.stringify(text);
  if (/\s/u.test(text) || [...text].some((c) => isControl(c))) return `${what} ${quoted} contains whitespace or a control character; remove it`;
  if (text.includes("%")) return `${what} ${quoted} contains "%": write resource names plainly, without percent-encoding`;
  if (text.includes("\\")) return `${what} ${quoted} contains a backslash: Azure scopes are separated by "/"`;
  if (!glob && /[?#]/.test(text)) return `${what} ${quoted} contains "${/[?#]/.exec(text)?.[0]}", which would cut the scope short in the request URL; remove it`;
  if (text.includes("#")) return `${what} ${quoted} contains "#"; remove it`;
  if (text.startsWith("//")) return `${what} ${quoted} starts with "//": write it with a single leading "/"`;
  if (!text.startsWith("/")) return `${what} ${quoted} must start with "/", e.g. /subscriptions/<subscription id>`;
  if (text.length > 1 && text.endsWith("/")) return `${what} ${quoted} ends with "/": remove the trailing slash`;
  const segments = text === "/" ? [] : text.slice(1).split("/");
  if (segments.some((s) => s === "")) return `${what} ${quoted} has an empty segment ("//"); write each segment once`;
  if (segments.some((s) => /^\.+$/.test(s))) {
    return `${what} ${quoted} has a "." or ".." segment, which Azure resolves to another scope than the one written; write the scope you mean in full`;
  }
  return undefined;
}

function isControl(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
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
