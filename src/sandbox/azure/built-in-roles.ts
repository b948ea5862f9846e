/** A few Azure built-in roles with their real, tenant-independent GUIDs. */
export interface BuiltInRole {
  guid: string;
  roleName: string;
  description: string;
  actions: string[];
  dataActions: string[];
}

export const BUILT_IN_ROLES: readonly BuiltInRole[] = [
  { guid: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", roleName: "Owner", description: "Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.", actions: ["*"], dataActions: [] },
  { guid: "b24988ac-6180-42a0-ab88-20f7382dd24c", roleName: "Contributor", description: "Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC.", actions: ["*"], dataActions: [] },
  { guid: "acdd72a7-3385-48ef-bd42-f606fba81ae7", roleName: "Reader", description: "View all resources, but does not allow you to make any changes.", actions: ["*/read"], dataActions: [] },
  { guid: "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9", roleName: "User Access Administrator", description: "Lets you manage user access to Azure resources.", actions: ["*/read", "Microsoft.Authorization/*"], dataActions: [] },
  { guid: "f58310d9-a9f6-439a-9e8d-f62e7b41a168", roleName: "Role Based Access Control Administrator", description: "Manage access to Azure resources by assigning roles using Azure RBAC.", actions: ["Microsoft.Authorization/roleAssignments/write", "Microsoft.Authorization/roleAssignments/delete", "*/read"], dataActions: [] },
  { guid: "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1", roleName: "Storage Blob Data Reader", description: "Read and list Azure Storage containers and blobs.", actions: ["Microsoft.Storage/storageAccounts/blobServices/containers/read"], dataActions: ["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read"] },
  { guid: "ba92f5b4-2d11-453d-a403-e96b0029c9fe", roleName: "Storage Blob Data Contributor", description: "Read, write, and delete Azure Storage containers and blobs.", actions: ["Microsoft.Storage/storageAccounts/blobServices/containers/*"], dataActions: ["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/*"] },
  { guid: "4633458b-17de-408a-b874-0445c86b69e6", roleName: "Key Vault Secrets User", description: "Read secret contents.", actions: [], dataActions: ["Microsoft.KeyVault/vaults/secrets/getSecret/action", "Microsoft.KeyVault/vaults/secrets/readMetadata/action"] },
  { guid: "9980e02c-c2be-4d73-94e8-173b1dc7cf3c", roleName: "Virtual Machine Contributor", description: "Create and manage virtual machines, but not access to them.", actions: ["Microsoft.Compute/virtualMachines/*"], dataActions: [] },
];

export function roleByName(roleName: string): BuiltInRole | undefined {
  return BUILT_IN_ROLES.find((r) => r.roleName.toLowerCase() === roleName.toLowerCase());
}

/** Finds a role by a full role definition id or bare GUID; ARM compares only the trailing GUID. */
export function roleById(roleDefinitionId: string): BuiltInRole | undefined {
  const guid = roleDefinitionId.split("/").pop()?.toLowerCase();
  return BUILT_IN_ROLES.find((r) => r.guid === guid);
}

/** The id ARM shows for a role definition read at `scope`: subscription-qualified where there is one. */
export function roleDefinitionId(role: BuiltInRole, subscriptionId: string | undefined): string {
  const prefix = subscriptionId ? `/subscriptions/${subscriptionId}` : "";
  return `${prefix}/providers/Microsoft.Authorization/roleDefinitions/${role.guid}`;
}
