/**
 * A local Resource Manager v3 that speaks the REST wire format the
 * `@google-cloud/resource-manager` clients use in `fallback` mode: allow
 * policies with versions, conditions, etags, refusals, quota and faults.
 *
 * @example
 *   const gcp = await startGcpEmulator({ clock });
 *   gcp.createProject("payments-prod");
 *   const client = new ProjectsClient({ fallback: true, apiEndpoint: gcp.host, port: gcp.port, protocol: "http", authClient });
 *   gcp.holds("projects/payments-prod", "user:alice@example.com", "roles/cloudsql.client"); // false
 *   await gcp.close();
 */
import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Clock } from "../../core/clock.js";
import { Faults, playFault } from "../faults.js";
import type { IamBinding, IamPolicyBody } from "./iam-policy-rules.js";
import { IamAccounts } from "./iam-accounts.js";
import { refusePolicy } from "./iam-policy-rules.js";
import { IamPolicyStore } from "./iam-policy-store.js";
import type { ResourceKind, StoredPolicy } from "./iam-policy-store.js";

export interface GcpEmulatorOptions {
  clock: Clock;
  port?: number;
  /** Members with an account behind them (user:, group:, serviceAccount:); any other such member is refused. */
  accounts?: string[];
}

export interface GcpEmulator {
  url: string;
  host: string;
  port: number;
  faults: Faults;
  close(): Promise<void>;
  createProject(id: string): string;
  createFolder(id: string): string;
  createOrganization(id: string): string;
  /** Write a policy without any checks or quota, e.g. to seed bindings another team made. Returns the new etag. */
  setPolicyDirectly(resource: string, bindings: IamBinding[]): string;
  getPolicy(resource: string): StoredPolicy;
  /** Would IAM let `member` use `role` on `resource` at `at` (default: the clock's now)? */
  holds(resource: string, member: string, role: string, at?: Date): boolean;
  /** From now on the caller cannot read or set this resource's policy (403). */
  denyFor(resource: string): void;
  allowFor(resource: string): void;
  setWriteQuota(perMinute: number): void;
  /** Create accounts (as an admin would in Workspace or IAM); members naming no account are refused with 400. */
  addAccounts(...members: string[]): void;
}

const ROUTE = /^\/v3\/(projects|folders|organizations)\/([^/:]+):(getIamPolicy|setIamPolicy)$/;

class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    readonly grpcStatus: string,
    message: string,
  ) {
    super(message);
  }
}

export async function startGcpEmulator(options: GcpEmulatorOptions): Promise<GcpEmulator> {
  const accounts = new IamAccounts();
  accounts.add(...(options.accounts ?? []));
  const store = new IamPolicyStore(options.clock, accounts);
  const faults = new Faults();
  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) answer(res, 500, errorBody(500, "INTERNAL", String(error)));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = decodeURIComponent((req.url ?? "/").split("?")[0] ?? "/");
    const match = ROUTE.exec(path);
    const body = await readJson(req);
    if (req.method !== "POST" || !match) {
      answer(res, 404, errorBody(404, "NOT_FOUND", `No route for ${req.method} ${path}`));
      return;
    }
    const [, kind, id, method] = match as unknown as [string, ResourceKind, string, "getIamPolicy" | "setIamPolicy"];
    const fault = faults.take(`POST /v3/${kind}/{id}:${method}`);
    if (await playFault(fault, req, (status, reply) => answer(res, status, reply), (status) => errorBody(status, statusName(status), "Injected fault"))) return;
    try {
      const name = `${kind}/${id}`;
      const policy = method === "getIamPolicy" ? getPolicy(name, req, body) : setPolicy(name, req, body);
      answer(res, 200, wirePolicy(policy));
    } catch (error) {
      if (!(error instanceof HttpRefusal)) throw error;
      answer(res, error.status, errorBody(error.status, error.grpcStatus, error.message));
    }
  }

  function admit(name: string, req: IncomingMessage, denied: string): void {
    if (!req.headers.authorization) throw new HttpRefusal(401, "UNAUTHENTICATED", "Request is missing required authentication credential.");
    if (!store.has(name)) throw new HttpRefusal(404, "NOT_FOUND", `Resource '${name}' was not found.`);
    if (store.isDenied(name)) throw new HttpRefusal(403, "PERMISSION_DENIED", denied);
  }

  function getPolicy(name: string, req: IncomingMessage, body: Record<string, unknown>): StoredPolicy {
    admit(name, req, `The caller does not have permission (resourcemanager.${kind(name)}.getIamPolicy on ${name}).`);
    const options = (body.options ?? {}) as { requestedPolicyVersion?: number };
    const requested = options.requestedPolicyVersion ?? 0;
    if (![0, 1, 3].includes(requested)) {
      throw new HttpRefusal(400, "INVALID_ARGUMENT", `Invalid requested policy version ${requested}: valid values are 0, 1 and 3.`);
    }
    return store.read(name, requested);
  }

  function setPolicy(name: string, req: IncomingMessage, body: Record<string, unknown>): StoredPolicy {
    admit(name, req, `Policy update access denied (resourcemanager.${kind(name)}.setIamPolicy on ${name}).`);
    if (!store.chargeWrite(name)) {
      throw new HttpRefusal(
        429,
        "RESOURCE_EXHAUSTED",
        `Quota exceeded for quota metric 'Write requests' and limit 'Write requests per minute' of service 'cloudresourcemanager.googleapis.com' on ${name}.`,
      );
    }
    const policy = (body.policy ?? {}) as IamPolicyBody;
    const current = store.read(name, 3);
    if (policy.etag && policy.etag !== current.etag) {
      throw new HttpRefusal(
        409,
        "ABORTED",
        "There were concurrent policy changes. Please retry the whole read-modify-write with exponential backoff.",
      );
    }
    // IAM only lets a version-1 write replace a conditional policy when no etag is sent: then the conditions are lost.
    if (policy.etag && (policy.version ?? 0) < 3 && current.version === 3) {
      throw new HttpRefusal(
        400,
        "INVALID_ARGUMENT",
        "The policy has conditional role bindings: read it with requestedPolicyVersion 3 and write it back with version 3.",
      );
    }
    const refusal = refusePolicy(policy);
    if (refusal) throw new HttpRefusal(400, "INVALID_ARGUMENT", refusal);
    const unknown = (policy.bindings ?? []).flatMap((b) => b.members ?? []).find((m) => !accounts.knows(m));
    if (unknown) throw new HttpRefusal(400, "INVALID_ARGUMENT", `${accountKind(unknown)} ${unknown.slice(unknown.indexOf(":") + 1)} does not exist.`);
    return store.write(name, policy);
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const host = "127.0.0.1";
  return {
    url: `http://${host}:${port}`,
    host,
    port,
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    createProject: (id) => store.create(`projects/${id}`),
    createFolder: (id) => store.create(`folders/${id}`),
    createOrganization: (id) => store.create(`organizations/${id}`),
    setPolicyDirectly: (resource, bindings) => {
      // Whoever seeded these members had accounts behind them when they did.
      accounts.add(...bindings.flatMap((b) => b.members));
      return store.write(resource, { version: 3, bindings }).etag;
    },
    getPolicy: (resource) => store.read(resource, 3),
    holds: (resource, member, role, at) => store.holds(resource, accounts.canonical(member), role, at ?? options.clock.now()),
    denyFor: (resource) => store.setDenied(resource, true),
    allowFor: (resource) => store.setDenied(resource, false),
    setWriteQuota: (perMinute) => {
      store.writeQuotaPerMinute = perMinute;
    },
    addAccounts: (...members) => accounts.add(...members),
  };
}

function accountKind(member: string): string {
  if (member.startsWith("serviceAccount:")) return "Service account";
  return member.startsWith("group:") ? "Group" : "User";
}

function kind(name: string): string {
  return name.split("/")[0] ?? "projects";
}

function wirePolicy(policy: StoredPolicy): Record<string, unknown> {
  return { version: policy.version, etag: policy.etag, ...(policy.bindings.length > 0 ? { bindings: policy.bindings } : {}) };
}

function errorBody(code: number, status: string, message: string): unknown {
  return { error: { code, message, status } };
}

function statusName(status: number): string {
  const names: Record<number, string> = { 400: "INVALID_ARGUMENT", 403: "PERMISSION_DENIED", 404: "NOT_FOUND", 409: "ABORTED", 429: "RESOURCE_EXHAUSTED", 503: "UNAVAILABLE", 504: "DEADLINE_EXCEEDED" };
  return names[status] ?? "INTERNAL";
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=UTF-8", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if (!text) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
