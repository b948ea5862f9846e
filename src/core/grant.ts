/**
 * What a provider is asked to do, as data. Produced by policy evaluation,
 * consumed by the providers and the lifecycle. Pure types: no SDK imports.
 * What only one provider needs rides in its options (src/providers/provider-options.ts).
 */
import type { ProviderOptions } from "../providers/provider-options.js";

export type { ProviderOptions } from "../providers/provider-options.js";

/** The providers access-pr knows: one per options type, one folder each under src/providers/. */
export type ProviderName = ProviderOptions["provider"];

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
export interface GrantFields {
  /** gcp: "projects/ID" | "folders/N" | "organizations/N"; azure: "/subscriptions/…" ARM scope. */
  scope: string;
  /** gcp: "roles/…" or a custom role name; azure: a role name such as "Reader". */
  role: string;
  /** gcp: IAM member ("user:alice@example.com", "group:…", "serviceAccount:…"); azure: Entra object id. */
  principal: string;
  /** A rule may name a role the provider grants only when named (Azure Owner, …); only then may it be granted. */
  privilegedRoleAllowed?: boolean;
  window: Window;
  key: string;
  origin: GrantOrigin;
}

/** A grant with its provider's options, e.g. `{ provider: "azure", azureMode: "assignment", … }`. */
export type GrantSpec = GrantFields & ProviderOptions;

/**
 * What a provider needs to revoke a grant: no window, the origin only for its records. `endedAt`, when
 * known, is the end the grant was made for; providers ignore it (it measures how late a revocation is).
 */
export type RevokeTarget = Pick<GrantFields, "scope" | "role" | "principal" | "key" | "origin"> & ProviderOptions & { endedAt?: Date };

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
  /** The access repo ("owner/repo") the cloud marker names, when it names one: another repo's grants are neither ours nor drift. */
  repo?: string;
  /** Accepted by the cloud but not yet in effect (an Azure PIM request still provisioning): ours, so wait, and cancel it to revoke. */
  pending?: boolean;
}
