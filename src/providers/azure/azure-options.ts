/** How an Azure grant is made: a PIM schedule Azure ends itself (the default) or a plain role assignment access-pr deletes. */
export type AzureMode = "pim" | "assignment";
/** The kind of Entra principal, which ARM wants named when it assigns a role. */
export type AzurePrincipalType = "User" | "Group" | "ServicePrincipal";

/** What an Azure grant carries beyond the common fields. */
export interface AzureGrantOptions {
  provider: "azure";
  principalType?: AzurePrincipalType;
  /** "pim" lets Azure expire the access; "assignment" is a plain role assignment. Absent means "pim". */
  azureMode?: AzureMode;
}
