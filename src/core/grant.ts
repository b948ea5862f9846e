/**
 * What a provider is asked to do, as data. Produced by policy evaluation,
 * consumed by the providers and the lifecycle. Pure types: no SDK imports.
 */

export type ProviderName = "gcp" | "azure";

/** The time during which a grant is valid: [start, end). UTC instants. */
export interface Window {
  start: Date;
  end: Date;
}

/** Where a grant came from, written into the cloud so an operator can trace it back. */
export interface GrantOrigin {
  /** "owner/repo" of the access repo. */
  repo: string;
  /** Path of the request file in the access repo, e.g. "requests/gcp/prod/alice-inc-4711.yaml". */
  requestPath: string;
  /** Pull request number that merged the request, when known. */
  pr?: number;
  /** GitHub login of the requester. */
  requester: string;
  /** GitHub logins whose approvals counted. */
  approvers: string[];
  reason: string;
  ticket?: string;
}

/**
 * One role for one principal on one scope for one window.
 *
 * `key` is deterministic for a request's grant (same request file, same grant
 * index, same target) so that a retry, a redelivered webhook or a second
 * replica finds the first one's work instead of granting again.
 */
export interface GrantSpec {
  provider: ProviderName;
  /** gcp: "projects/ID" | "folders/N" | "organizations/N"; azure: "/subscriptions/…" ARM scope. */
  scope: string;
  /** gcp: "roles/…" or a custom role name; azure: a role name such as "Reader". */
  role: string;
  /** gcp: IAM member ("user:alice@example.com", "group:…", "serviceAccount:…"); azure: Entra object id. */
  principal: string;
  /** azure only: the kind of Entra principal. */
  principalType?: "User" | "Group" | "ServicePrincipal";
  /** azure only: "pim" lets Azure expire the access; "assignment" is a plain role assignment. */
  azureMode?: "pim" | "assignment";
  /** A rule may name Azure Owner / User Access Administrator explicitly; only then may they be granted. */
  privilegedRoleAllowed?: boolean;
  window: Window;
  key: string;
  origin: GrantOrigin;
}

/** A grant that a provider reports as made by this app and currently present in the cloud. */
export interface HeldGrant {
  provider: ProviderName;
  scope: string;
  role: string;
  principal: string;
  /** The GrantSpec.key it was made for, recovered from the cloud (binding title, assignment description, …). */
  key: string;
  /** When the cloud will stop honouring it by itself, if it can. */
  end?: Date;
  /** Provider-specific handle, e.g. the Azure assignment id. */
  handle?: string;
  /** Accepted by the cloud but not yet in effect (an Azure PIM request still provisioning): ours, so wait, and cancel it to revoke. */
  pending?: boolean;
}
