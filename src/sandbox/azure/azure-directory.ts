import { ArmError, badRequest } from "./arm-error.js";
import { parseArmScope, sameScope } from "./arm-scope.js";
import type { ArmScope } from "./arm-scope.js";
import { EntraPrincipals } from "./entra-principals.js";

export type ArmAction = "read" | "write" | "delete";

interface Subscription {
  id: string;
  managementGroup?: string;
  resourceGroups: Set<string>;
}

interface Denial {
  scope: string;
  actions: ReadonlySet<ArmAction>;
}

/**
 * The emulated tenant's shape: management groups, subscriptions, resource
 * groups, and which scopes the app's own identity may not touch.
 */
export class AzureDirectory {
  private readonly managementGroups = new Map<string, { name: string; parent?: string }>();
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly denials: Denial[] = [];
  /** The Entra ID principals ARM looks up on an assignment, with their replication delay. */
  readonly principals = new EntraPrincipals();

  constructor(readonly appObjectId: string) {}

  createManagementGroup(name: string, parent?: string): string {
    this.managementGroups.set(name.toLowerCase(), { name, parent });
    return `/providers/Microsoft.Management/managementGroups/${name}`;
  }

  createSubscription(id: string, managementGroup?: string): string {
    this.subscriptions.set(id.toLowerCase(), { id, managementGroup, resourceGroups: new Set() });
    return `/subscriptions/${id}`;
  }

  createResourceGroup(subscriptionId: string, name: string): string {
    const sub = this.subscriptions.get(subscriptionId.toLowerCase());
    if (!sub) throw new Error(`createResourceGroup: subscription ${subscriptionId} does not exist; create it first`);
    sub.resourceGroups.add(name.toLowerCase());
    return `/subscriptions/${sub.id}/resourceGroups/${name}`;
  }

  denyFor(scope: string, actions: ArmAction[] = ["read", "write", "delete"]): void {
    this.denials.push({ scope, actions: new Set(actions) });
  }

  /** Parses the scope and checks it exists; throws the ArmError ARM would answer with. */
  resolve(text: string): ArmScope {
    if (text.startsWith("//")) {
      throw badRequest("InvalidRequestUri", `The request URI path '${text}' starts with '//': the scope must be given without its leading '/'.`);
    }
    const scope = parseArmScope(text);
    if (!scope) throw badRequest("InvalidScope", `The scope '${text}' is not a valid management group, subscription, resource group or resource scope.`);
    if (scope.kind === "managementGroup") {
      if (!this.managementGroups.has(scope.managementGroup.toLowerCase())) {
        throw new ArmError(404, "ManagementGroupNotFound", `The management group '${scope.managementGroup}' could not be found.`);
      }
      return scope;
    }
    const sub = this.subscriptions.get(scope.subscription.toLowerCase());
    if (!sub) throw new ArmError(404, "SubscriptionNotFound", `The subscription '${scope.subscription}' could not be found.`);
    if (scope.kind !== "subscription" && !sub.resourceGroups.has(scope.resourceGroup.toLowerCase())) {
      throw new ArmError(404, "ResourceGroupNotFound", `Resource group '${scope.resourceGroup}' could not be found.`);
    }
    return scope;
  }

  /** Throws AuthorizationFailed when the app may not do `action` on `scope` (a denial on a parent scope counts). */
  authorize(scope: ArmScope, operation: string, action: ArmAction): void {
    const chain = this.ancestorsOrSelf(scope);
    const denied = this.denials.some((d) => d.actions.has(action) && chain.some((s) => sameScope(s, d.scope)));
    if (denied) {
      throw new ArmError(
        403,
        "AuthorizationFailed",
        `The client '${this.appObjectId}' with object id '${this.appObjectId}' does not have authorization to perform action '${operation}' over scope '${scope.text}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
      );
    }
  }

  /** The scope itself, then every scope it inherits role assignments from, nearest first. */
  ancestorsOrSelf(scope: ArmScope): string[] {
    const chain = [scope.text];
    if (scope.kind === "managementGroup") return [...chain, ...this.managementGroupChain(this.managementGroups.get(scope.managementGroup.toLowerCase())?.parent)];
    if (scope.kind === "resource") chain.push(`/subscriptions/${scope.subscription}/resourceGroups/${scope.resourceGroup}`);
    if (scope.kind !== "subscription") chain.push(`/subscriptions/${scope.subscription}`);
    return [...chain, ...this.managementGroupChain(this.subscriptions.get(scope.subscription.toLowerCase())?.managementGroup)];
  }

  /** True when `outer` is `inner` or one of the scopes `inner` inherits from. */
  contains(outer: string, inner: string): boolean {
    const parsed = parseArmScope(inner);
    return parsed ? this.ancestorsOrSelf(parsed).some((s) => sameScope(s, outer)) : false;
  }

  private managementGroupChain(start: string | undefined): string[] {
    const chain: string[] = [];
    for (let name = start; name && chain.length < 10; ) {
      const group = this.managementGroups.get(name.toLowerCase());
      chain.push(`/providers/Microsoft.Management/managementGroups/${group?.name ?? name}`);
      name = group?.parent;
    }
    return chain;
  }
}
