/**
 * What a provider knows without calling its cloud: the shape of its scopes,
 * how its policies' scope globs match, the roles it refuses, the windows it
 * accepts and the principals it can grant to. Pure; one per provider folder,
 * found through `providerDefinitions`. The PR flow, the CLI and the provider
 * itself ask the same definition, so a green check means the provider will
 * accept the grant as far as can be known offline.
 */
import type { GrantFields, GrantSpec, HeldGrant, ProviderName } from "../core/grant.js";
import type { Identity, Rule } from "../model/types.js";
import type { OptionsOf, ProviderOptions } from "./provider-options.js";

/** Which part of a grant a problem is about, so the PR flow can point at the line that set it. */
export type GrantField = "scope" | "role" | "principal" | "window";

export interface FieldProblem {
  field: GrantField;
  message: string;
}

/** A grant as far as it is known before merge; the principal is unknown to the offline CLI without --requester. */
export type GrantDraft = Pick<GrantFields, "scope" | "role" | "window" | "privilegedRoleAllowed"> & ProviderOptions & { principal: string | null };

/** Words for people, with the parts a renderer shows as code or as a time in its own format. */
export type EffectText = (string | { code: string } | { time: Date })[];

/** The principal an identities.yaml entry names for a provider, or why it can never receive a grant. */
export interface IdentityPrincipal {
  member: string;
  refusal?: string;
}

/**
 * Generic in its name so that what it builds (options) is its own provider's;
 * what it reads takes any grant, so callers index `providerDefinitions` by a
 * grant's provider without narrowing.
 */
export interface ProviderDefinition<P extends ProviderName = ProviderName> {
  readonly name: P;
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
  /** What an operator does when the app's cloud identity cannot read or edit access on a scope (the scope follows). */
  readonly accessFix: string;
  /** What ending a grant early does at once, and what it cannot cut short, for the plan comment. */
  readonly revokeLimit: string;
  /** The longest window this provider grants at once. */
  readonly maxWindowMs: number;
  /** Why a principal can never receive a grant here (wrong shape, everyone), or undefined. */
  principalProblem(principal: string): string | undefined;
  /** Every problem the cloud (or access-pr's rules for it) would find with this grant, each tied to a field. */
  checkGrant(draft: GrantDraft, now: Date): FieldProblem[];
  /** Scopes whose listing shows every grant a valid glob (see globProblem) may have let the app make. */
  listingScopes(glob: string): string[];
  /** Whether the cloud itself keeps a grant from working before its start, so it may be granted ahead of it. */
  enforcesStart(spec: GrantSpec): boolean;
  /** Whether the cloud ends the grant at its window's end by itself; false where only the app's removal ends it. */
  endsItself(spec: GrantSpec): boolean;
  /** How the cloud enforces the window, as the plan comment shows it. */
  describeEffect(spec: GrantSpec, now: Date): EffectText;
  /** How a grant's mode reads after its duration (" via Azure PIM"); only for a provider with modes. */
  describeMode?(options: ProviderOptions): string;
  /** The principal an identities.yaml entry names here; undefined when it names none. */
  principalOf(identity: Identity): IdentityPrincipal | undefined;
  /** The options a grant under this rule, for this identity, carries. */
  grantOptions(rule: Rule, identity: Identity | null): OptionsOf<P>;
  /** This provider's own options out of a larger object (a planned grant), dropping everything else. */
  optionsOf(source: ProviderOptions): OptionsOf<P>;
  /** The options a grant the cloud reports holding is revoked with. */
  revokeOptions(held: HeldGrant): OptionsOf<P>;
  /** The handle a grant would be listed with, for sweeps that revoke without listing; only where revoking depends on it. */
  assumedHandle?(spec: GrantSpec): string | undefined;
  /** Why a principal written in identities.yaml would not be found again as the cloud returns it (with the spelling to use); only where the cloud rewrites principals. */
  principalSpellingProblem?(principal: string): string | undefined;
  /** One spelling per principal, as the cloud compares them, for grant keys. */
  principalKey(principal: string): string;
}
