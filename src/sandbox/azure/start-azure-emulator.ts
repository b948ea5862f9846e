import { randomUUID } from "node:crypto";
import { createServer } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { TokenCredential } from "@azure/core-auth";
import { generate } from "selfsigned";
import type { Clock } from "../../core/clock.js";
import { Faults } from "../faults.js";
import type { Fault } from "../faults.js";
import { ArmError } from "./arm-error.js";
import { AzureDirectory } from "./azure-directory.js";
import { AzureDriver } from "./azure-driver.js";
import { parseFilter } from "./odata-filter.js";
import { PimStore } from "./pim-store.js";
import { RoleAssignmentStore } from "./role-assignment-store.js";
import { RoleSettingsStore } from "./role-settings.js";
import { checkApiVersion, findRoute, splitAuthorizationPath } from "./router.js";
import type { RouteContext } from "./route-kit.js";

export interface AzureEmulatorOptions {
  clock: Clock;
  /** Default 0: any free port. */
  port?: number;
  /** The object id of the app's own identity, shown in AuthorizationFailed messages. */
  appObjectId?: string;
  /** What a throttled answer tells the SDK to wait, in real milliseconds (kept short so tests stay fast). */
  retryAfterMs?: number;
  /** How long PIM takes to provision a schedule request on the shared clock (default 3 minutes; reported 5–15 in practice). */
  provisioningDelayMs?: number;
  /** Items per page of a list; the rest follow through `nextLink`, as ARM pages them (default 100). */
  pageSize?: number;
  /** How long a principal made with createPrincipal stays PrincipalNotFound to ARM, on the shared clock (default 0). */
  principalReplicationDelayMs?: number;
  /** The one bearer token accepted (default: a random one, given out through `credential`). */
  token?: string;
}

/**
 * A running Azure RBAC + PIM emulator over HTTPS, with its driver methods.
 *
 * @example
 *   const azure = await startAzureEmulator({ clock });
 *   const sub = azure.createSubscription("5f0c…");
 *   const client = new AuthorizationManagementClient(azure.credential, "5f0c…", {
 *     endpoint: azure.url, tlsOptions: { ca: azure.ca },
 *   });
 */
export interface AzureEmulator extends AzureDriver {
  url: string;
  port: number;
  /** PEM of the self-signed certificate the emulator serves; trust it with `tlsOptions: { ca }`. */
  ca: string;
  /** A static bearer-token credential the emulator accepts. */
  credential: TokenCredential;
  faults: Faults;
  close(): Promise<void>;
}

export async function startAzureEmulator(options: AzureEmulatorOptions): Promise<AzureEmulator> {
  const token = options.token ?? `emulator-${randomUUID()}`;
  const directory = new AzureDirectory(options.appObjectId ?? "6d1b7f9e-0a4c-4c55-9a57-0e2b7c1f3a10");
  const assignments = new RoleAssignmentStore();
  const settings = new RoleSettingsStore();
  if (options.principalReplicationDelayMs !== undefined) directory.principals.replicationDelayMs = options.principalReplicationDelayMs;
  const pim = new PimStore(assignments, settings, directory.principals);
  if (options.provisioningDelayMs !== undefined) pim.provisioningDelayMs = options.provisioningDelayMs;
  const faults = new Faults();
  const pems = await generate([{ name: "commonName", value: "127.0.0.1" }], {
    keyType: "ec",
    curve: "P-256",
    extensions: [{ name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }, { type: 2, value: "localhost" }] }],
  });

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    void readBody(req).then((raw) => {
      const answer = (status: number, body?: unknown, headers: Record<string, string> = {}): void => {
        res.writeHead(status, body === undefined ? headers : { "content-type": "application/json; charset=utf-8", ...headers });
        res.end(body === undefined ? undefined : JSON.stringify(body));
      };
      // Parse by hand: WHATWG URL would read a leading "//" as a host.
      const [path = "", query = ""] = (req.url ?? "").split("?", 2);
      const params = new URLSearchParams(query);
      const parts = splitAuthorizationPath(decodeURIComponent(path));
      const route = parts && findRoute(req.method ?? "GET", parts.kind, parts.name !== undefined, parts.action);
      if (!parts || !route) {
        answer(404, new ArmError(404, "InvalidResourceType", `The resource type could not be found for '${req.method} ${path}'.`).body());
        return;
      }
      const fault = faults.take(route.template);
      const respond = (): void => {
        if (fault) return applyFault(res, fault, options.retryAfterMs ?? 10);
        try {
          if (req.headers.authorization !== `Bearer ${token}`) {
            throw new ArmError(401, "InvalidAuthenticationToken", "The access token is invalid.");
          }
          checkApiVersion(route, params.get("api-version"), parts.kind);
          const scope = directory.resolve(parts.scopeText);
          directory.authorize(scope, route.operation, route.action);
          const ctx: RouteContext = { directory, assignments, pim, settings, now: options.clock.now() };
          const body = raw.length > 0 ? (JSON.parse(raw) as unknown) : undefined;
          const result = route.handle(ctx, { scope, name: parts.name, filter: parseFilter(params.get("$filter")), body });
          answer(result.status, paged(result.body, params, `https://127.0.0.1:${port}${path}`, options.pageSize ?? 100));
        } catch (error) {
          if (error instanceof ArmError) return answer(error.status, error.body());
          if (error instanceof SyntaxError) return answer(400, new ArmError(400, "InvalidRequestContent", `The request content is not valid JSON: ${error.message}`).body());
          answer(500, new ArmError(500, "InternalServerError", String(error)).body());
        }
      };
      if (fault?.delayMs) setTimeout(respond, fault.delayMs);
      else respond();
    });
  };

  const server = createServer({ key: pems.private, cert: pems.cert }, handler);
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const driver = new AzureDriver(directory, assignments, pim, settings, options.clock);

  return Object.assign(driver, {
    url: `https://127.0.0.1:${port}`,
    port,
    ca: pems.cert,
    credential: { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 60 * 60 * 1000 }) },
    faults,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  });
}

/** A list answer cut to one page, with a `nextLink` carrying a skip token to the next (ARM's paging; the SDK follows it). */
function paged(body: unknown, params: URLSearchParams, base: string, pageSize: number): unknown {
  const value = (body as { value?: unknown } | undefined)?.value;
  if (!Array.isArray(value)) return body;
  const skip = Number(params.get("$skipToken") ?? 0) || 0;
  const page = value.slice(skip, skip + pageSize);
  if (skip + pageSize >= value.length) return { value: page };
  const next = new URLSearchParams(params);
  next.set("$skipToken", String(skip + pageSize));
  return { value: page, nextLink: `${base}?${next.toString()}` };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
  });
}

function applyFault(res: ServerResponse, fault: Fault, retryAfterMs: number): void {
  if (fault.drop) {
    res.socket?.destroy();
    return;
  }
  const status = fault.status ?? 500;
  const code = status === 429 ? "TooManyRequests" : status >= 500 ? "InternalServerError" : "InjectedFault";
  const message = status === 429 ? "Too many requests, please retry later." : `The emulator was told to answer ${status}.`;
  const headers: Record<string, string> = { "content-type": "application/json; charset=utf-8" };
  if (status === 429) headers["retry-after-ms"] = String(retryAfterMs);
  res.writeHead(status, headers);
  res.end(JSON.stringify(fault.body ?? { error: { code, message } }));
}
