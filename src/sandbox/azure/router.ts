import { badRequest } from "./arm-error.js";
import { pimRoutes } from "./pim-routes.js";
import { policyRoutes } from "./policy-routes.js";
import { rbacRoutes } from "./rbac-routes.js";
import type { Route } from "./route-kit.js";

export const ROUTES: readonly Route[] = [...rbacRoutes, ...pimRoutes, ...policyRoutes];

const P = "/{scope}/providers/Microsoft.Authorization";

/** Splits "/{scope}/providers/Microsoft.Authorization/{kind}[/{name}[/{action}]]" into its parts. */
export function splitAuthorizationPath(path: string): { scopeText: string; kind: string; name?: string; action?: string } | undefined {
  const marker = "/providers/microsoft.authorization/";
  const at = path.toLowerCase().lastIndexOf(marker);
  if (at < 0) return undefined;
  const [kind, name, action, ...extra] = path.slice(at + marker.length).split("/");
  if (!kind || extra.length > 0 || (action !== undefined && !name)) return undefined;
  return { scopeText: path.slice(0, at), kind, name: name || undefined, action: action || undefined };
}

export function findRoute(method: string, kind: string, hasName: boolean, action?: string): Route | undefined {
  return ROUTES.find((r) => {
    const [m, path] = r.template.split(" ") as [string, string];
    const tail = path.slice(P.length + 1).split("/");
    const shape = action === undefined ? (tail.length === 2) === hasName && tail.length <= 2 : tail.length === 3 && tail[2] === action;
    return m === method && tail[0]?.toLowerCase() === kind.toLowerCase() && shape;
  });
}

export function checkApiVersion(route: Route, given: string | null, kind: string): void {
  if (given === route.apiVersion) return;
  throw badRequest(
    "NoRegisteredProviderFound",
    `No registered resource provider found for API version '${given ?? ""}' and type '${kind}'. The supported api-versions are '${route.apiVersion}'.`,
  );
}

