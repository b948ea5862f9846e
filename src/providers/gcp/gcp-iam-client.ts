/**
 * The one place that talks to Cloud Resource Manager: read and write the
 * allow policy of a project, folder or organization, always as version 3.
 *
 * REST (`fallback: true`) is used everywhere, in production as against the
 * emulator, so the path tests exercise is the path that runs.
 */
import { FoldersClient, OrganizationsClient, ProjectsClient } from "@google-cloud/resource-manager";
import type { protos } from "@google-cloud/resource-manager";

export type IamPolicy = protos.google.iam.v1.IPolicy;

/** Where Resource Manager lives when it is not googleapis.com (the sandbox emulator). */
export interface GcpEndpoint {
  host: string;
  port: number;
  protocol?: "http" | "https";
}

export interface IamClientOptions {
  endpoint?: GcpEndpoint;
  /** A google-auth-library client; when omitted the SDK finds Application Default Credentials (incl. workload identity federation). */
  authClient?: unknown;
}

interface PolicyClient {
  getIamPolicy(request: protos.google.iam.v1.IGetIamPolicyRequest): Promise<[IamPolicy, ...unknown[]]>;
  setIamPolicy(request: protos.google.iam.v1.ISetIamPolicyRequest): Promise<[IamPolicy, ...unknown[]]>;
  close(): Promise<void>;
}

export class IamClient {
  private readonly clients = new Map<string, PolicyClient>();

  constructor(private readonly options: IamClientOptions) {}

  async get(scope: string): Promise<IamPolicy> {
    const [policy] = await this.client(scope).getIamPolicy({ resource: scope, options: { requestedPolicyVersion: 3 } });
    return policy;
  }

  /** Writes version 3 with the etag of the policy that was read, so a concurrent writer makes this fail with 409. */
  async set(scope: string, read: IamPolicy, bindings: protos.google.iam.v1.IBinding[]): Promise<IamPolicy> {
    const policy: IamPolicy = { version: 3, etag: read.etag, bindings: bindings.map(wireBinding), auditConfigs: read.auditConfigs ?? [] };
    const [written] = await this.client(scope).setIamPolicy({ resource: scope, policy });
    return written;
  }

  async close(): Promise<void> {
    await Promise.all([...this.clients.values()].map((client) => client.close()));
    this.clients.clear();
  }

  private client(scope: string): PolicyClient {
    const kind = scope.split("/")[0] ?? "";
    const existing = this.clients.get(kind);
    if (existing) return existing;
    const { endpoint, authClient } = this.options;
    const settings = {
      fallback: true,
      ...(endpoint ? { apiEndpoint: endpoint.host, port: endpoint.port, protocol: endpoint.protocol ?? "https" } : {}),
      ...(authClient ? { authClient } : {}),
    } as ConstructorParameters<typeof ProjectsClient>[0];
    const made = (kind === "folders" ? new FoldersClient(settings) : kind === "organizations" ? new OrganizationsClient(settings) : new ProjectsClient(settings)) as unknown as PolicyClient;
    this.clients.set(kind, made);
    return made;
  }
}

/** The client decodes a missing condition as null; send it back as absent, not as an empty condition. */
function wireBinding(binding: protos.google.iam.v1.IBinding): protos.google.iam.v1.IBinding {
  const { condition, ...rest } = binding;
  return condition ? { ...rest, condition } : rest;
}
