/**
 * What a provider knows without calling its cloud: the shape of its scopes,
 * how its policies' scope globs match, the roles it refuses, the windows it
 * accepts and the principals it can grant to. Pure; one per provider folder,
 * found through `providerDefinitions`. The PR flow, the CLI and the provider
 * itself ask the same definition, so a green check means the provider will
 * accept the grant as far as can be known offline.
 */
import type { GrantSpec, ProviderName } from "../core/grant.js";

/** Which part of a grant a problem is about, so the PR flow can point at the line that set it. */
export type GrantField = "scope" | "role" | "principal" | "window";

export interface FieldProblem {
  field: GrantField;
  message: string;
}

/** A grant as far as it is known before merge; the principal is unknown to the offline CLI without --requester. */
export type GrantDraft = Pick<GrantSpec, "scope" | "role" | "window" | "principalType" | "azureMode" | "privilegedRoleAllowed"> & { principal: string | null };

export interface ProviderDefinition {
  readonly name: ProviderName;
  /** Why a request's scope is not one this provider grants on, or undefined. Only canonical spellings pass. */
  scopeProblem(scope: string): string | undefined;
  /** Why a policy's scope glob is not usable, or undefined. */
  globProblem(glob: string): string | undefined;
  /** Whether a rule's scope glob admits a (valid) scope, as the cloud compares names. */
  matchScope(glob: string, scope: string): boolean;
  /** One spelling per cloud resource, for duplicate checks and keys. */
  scopeKey(scope: string): string;
  /** Why a role is never granted whatever a rule says, or undefined. */
  roleRefusal(role: string): string | undefined;
  /** Roles granted only under a rule that names them. */
  namedOnly(role: string): boolean;
  /** The longest window this provider grants at once. */
  readonly maxWindowMs: number;
  /** Why a principal can never receive a grant here (wrong shape, everyone), or undefined. */
  principalProblem(principal: string): string | undefined;
  /** Every problem the cloud (or access-pr's rules for it) would find with this grant, each tied to a field. */
  checkGrant(draft: GrantDraft, now: Date): FieldProblem[];
  /** Scopes whose listing shows every grant a valid glob (see globProblem) may have let the app make. */
  listingScopes(glob: string): string[];
}
