import { AuthorizationManagementClient } from "@azure/arm-authorization";
import type { TokenCredential } from "@azure/core-auth";
import { DefaultAzureCredential } from "@azure/identity";
import type { Clock } from "../../core/clock.js";
import type { GrantSpec, HeldGrant } from "../../core/grant.js";
import { ProviderError } from "../provider.js";
import type { GrantProblem, Provider } from "../provider.js";
import { grantAssignment, listAssignments, revokeAssignment } from "./assignment-mode.js";
import type { AzureContext, AzureLogger } from "./azure-context.js";
import { azureModeOf } from "./azure-grant-facts.js";
import { azureScopeKind } from "./azure-scope.js";
import { grantPim, listPim, revokePim } from "./pim-mode.js";
import { RoleResolver } from "./role-resolver.js";
import { pimTailProblem, validateAzureGrant } from "./validate-azure-grant.js";

export interface AzureProviderOptions {
  clock: Clock;
  /** Default: DefaultAzureCredential (managed identity, workload identity, env, az login). */
  credential?: TokenCredential;
  /** Default https://management.azure.com; an emulator's URL in the sandbox and tests. */
  endpoint?: string;
  /** PEM of a CA to trust instead of the public ones (an emulator's self-signed certificate). */
  ca?: string;
  /**
   * Only required by the SDK's constructor: every call here passes an absolute scope,
   * so one client serves all subscriptions and management groups.
   */
  subscriptionId?: string;
  /** The SDK's own retry of 429 (with Retry-After), 5xx and network errors. */
  retryOptions?: { maxRetries?: number; retryDelayInMs?: number; maxRetryDelayInMs?: number };
  logger?: AzureLogger;
  /**
   * How the provider waits before retrying a principal Entra ID has not replicated yet.
   * Default: real timers. Tests and the sandbox pass one that moves their ManualClock.
   */
  wait?: (ms: number) => Promise<void>;
}

/**
 * Azure RBAC behind the Provider interface: PIM schedules that Azure expires
 * itself (azureMode "pim", the default) or plain role assignments that
 * access-pr deletes at the window's end (azureMode "assignment").
 *
 * @example
 *   const azure = createAzureProvider({ clock });
 *   await azure.grant(spec); // PIM active assignment ending at spec.window.end
 *   await azure.list("/subscriptions/5f0c…/resourceGroups/payments");
 */
export function createAzureProvider(options: AzureProviderOptions): Provider {
  const client = new AuthorizationManagementClient(options.credential ?? new DefaultAzureCredential(), options.subscriptionId ?? "00000000-0000-0000-0000-000000000000", {
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.ca ? { tlsOptions: { ca: options.ca } } : {}),
    ...(options.retryOptions ? { retryOptions: options.retryOptions } : {}),
  });
  const ctx: AzureContext = { client, roles: new RoleResolver(client), clock: options.clock, wait: options.wait ?? realWait, log: options.logger ?? silentLogger };

  return {
    name: "azure",

    validate: (spec: GrantSpec): GrantProblem[] => validateAzureGrant(spec),

    async grant(spec: GrantSpec): Promise<void> {
      const problems = validateAzureGrant(spec);
      if (problems.length > 0) throw new ProviderError("azure", "grant", problems.map((p) => p.message).join("; "));
      if (spec.window.end.getTime() <= options.clock.now().getTime()) {
        throw new ProviderError("azure", "grant", `the window ended at ${spec.window.end.toISOString()}; nothing was granted`);
      }
      const tail = pimTailProblem(spec, options.clock.now());
      if (tail) throw new ProviderError("azure", "grant", tail);
      const roleDefinitionId = await ctx.roles.id(spec.scope, spec.role);
      if (azureModeOf(spec) === "assignment") await grantAssignment(ctx, spec, roleDefinitionId);
      else await grantPim(ctx, spec, roleDefinitionId);
    },

    async revoke(spec): Promise<void> {
      if (!azureScopeKind(spec.scope)) throw new ProviderError("azure", "revoke", `scope "${spec.scope}" is not an Azure scope; nothing was revoked`);
      if (azureModeOf(spec) === "assignment") await revokeAssignment(ctx, spec);
      else await revokePim(ctx, spec, () => ctx.roles.id(spec.scope, spec.role));
    },

    async list(scope: string): Promise<HeldGrant[]> {
      if (!azureScopeKind(scope)) throw new ProviderError("azure", "list", `scope "${scope}" is not an Azure scope`);
      return [...(await listAssignments(ctx, scope)), ...(await listPim(ctx, scope))];
    },
  };
}

const realWait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const silentLogger: AzureLogger = { debug: () => {}, info: () => {}, warn: () => {} };
