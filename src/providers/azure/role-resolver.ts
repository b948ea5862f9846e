import type { AuthorizationManagementClient } from "@azure/arm-authorization";
import { ProviderError } from "../provider.js";
import { azureError } from "./azure-errors.js";
import { sdkScope } from "./azure-scope.js";

/** Azure role names to role definition ids and back, cached per scope. */
export class RoleResolver {
  private readonly ids = new Map<string, string>();
  private readonly names = new Map<string, string>();

  constructor(private readonly client: AuthorizationManagementClient) {}

  /** The role definition id of `roleName` as seen from `scope`. */
  async id(scope: string, roleName: string): Promise<string> {
    const cacheKey = `${scope.toLowerCase()}|${roleName.toLowerCase()}`;
    const cached = this.ids.get(cacheKey);
    if (cached) return cached;
    const found: string[] = [];
    try {
      const filter = `roleName eq '${roleName.replaceAll("'", "''")}'`;
      for await (const definition of this.client.roleDefinitions.list(sdkScope(scope), { filter })) {
        if (definition.id) found.push(definition.id);
        if (definition.id && definition.roleName) this.names.set(guidOf(definition.id), definition.roleName);
      }
    } catch (error) {
      throw azureError("resolve role", scope, error);
    }
    const [id] = found;
    if (!id) {
      throw new ProviderError("azure", "resolve role", `no role named "${roleName}" is defined at ${scope}: check the spelling against the role's name in the Azure portal (Access control (IAM) > Roles)`);
    }
    this.ids.set(cacheKey, id);
    return id;
  }

  /** The role name of a role definition id; reads all definitions at `scope` once if unknown. */
  async name(scope: string, roleDefinitionId: string): Promise<string> {
    const guid = guidOf(roleDefinitionId);
    if (!this.names.has(guid)) {
      try {
        for await (const definition of this.client.roleDefinitions.list(sdkScope(scope))) {
          if (definition.id && definition.roleName) this.names.set(guidOf(definition.id), definition.roleName);
        }
      } catch (error) {
        throw azureError("list", scope, error);
      }
    }
    return this.names.get(guid) ?? roleDefinitionId;
  }
}

/** ARM compares role definitions by their trailing GUID; the prefix depends on where they were read. */
export function guidOf(roleDefinitionId: string): string {
  return (roleDefinitionId.split("/").pop() ?? roleDefinitionId).toLowerCase();
}
