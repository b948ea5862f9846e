/** ARM scopes as the emulator understands them. Comparisons are case-insensitive, like ARM's. */
export type ArmScope =
  | { kind: "managementGroup"; managementGroup: string; text: string }
  | { kind: "subscription"; subscription: string; text: string }
  | { kind: "resourceGroup"; subscription: string; resourceGroup: string; text: string }
  | { kind: "resource"; subscription: string; resourceGroup: string; text: string };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: unknown): value is string {
  return typeof value === "string" && GUID.test(value);
}

/** Parses "/subscriptions/S/resourceGroups/RG/providers/NS/type/name" and friends; undefined when malformed. */
export function parseArmScope(text: string): ArmScope | undefined {
  if (!text.startsWith("/") || text.startsWith("//") || text.endsWith("/")) return undefined;
  const parts = text.slice(1).split("/");
  if (parts.some((p) => p === "")) return undefined;
  const [first, second, third, fourth, fifth, ...rest] = parts;
  if (first?.toLowerCase() === "providers") {
    const ok = parts.length === 4 && second?.toLowerCase() === "microsoft.management" && third?.toLowerCase() === "managementgroups";
    return ok && fourth ? { kind: "managementGroup", managementGroup: fourth, text } : undefined;
  }
  if (first?.toLowerCase() !== "subscriptions" || !second) return undefined;
  if (parts.length === 2) return { kind: "subscription", subscription: second, text };
  if (third?.toLowerCase() !== "resourcegroups" || !fourth) return undefined;
  if (parts.length === 4) return { kind: "resourceGroup", subscription: second, resourceGroup: fourth, text };
  // providers/Namespace/type/name, then optionally more type/name pairs for child resources.
  const [namespace, ...typeNamePairs] = rest;
  if (fifth?.toLowerCase() !== "providers" || !namespace || typeNamePairs.length < 2 || typeNamePairs.length % 2 !== 0) return undefined;
  return { kind: "resource", subscription: second, resourceGroup: fourth, text };
}

export function sameScope(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

export function subscriptionOf(scope: ArmScope): string | undefined {
  return scope.kind === "managementGroup" ? undefined : scope.subscription;
}
