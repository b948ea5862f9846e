import type { GrantSpec, HeldGrant, ProviderName, RevokeTarget } from "../core/grant.js";
import type { GrantField } from "./definition.js";

/** A problem found before any cloud call: what the cloud would refuse, in words for a person. */
export interface GrantProblem {
  /** Index of the grant within its request, when the problem is about one grant. */
  grant?: number;
  /** The part of the grant the problem is about, when it is one. */
  field?: GrantField;
  message: string;
}

/**
 * A cloud behind one interface. One folder per provider under src/providers/,
 * registered in registry.ts.
 *
 * @example
 *   const gcp = createGcpProvider({ clock, endpoint });
 *   const problems = gcp.validate(spec);     // before merge
 *   await gcp.grant(spec);                   // on merge, idempotent
 *   await gcp.revoke(spec);                  // at window end, idempotent
 *   const held = await gcp.list("projects/payments-prod");
 */
export interface Provider {
  readonly name: ProviderName;
  /** Pure checks of what the cloud would refuse (basic roles, malformed scope, …). No I/O. */
  validate(spec: GrantSpec): GrantProblem[];
  /** Make the grant exist for spec.window. Granting twice is the same as granting once. */
  grant(spec: GrantSpec): Promise<void>;
  /** Remove exactly this app's grant for spec.key. Revoking what is not there is not an error. */
  revoke(spec: RevokeTarget): Promise<void>;
  /** The grants this app made on a scope that the cloud still holds (for reconciliation and drift). */
  list(scope: string): Promise<HeldGrant[]>;
}

/** An SDK failure, wrapped with which provider and operation failed, for an operator to act on. */
export class ProviderError extends Error {
  constructor(
    readonly provider: ProviderName,
    readonly operation: string,
    message: string,
    override readonly cause?: unknown,
    /** True when retrying later may succeed (outage, throttling), false for refusals. */
    readonly transient = false,
  ) {
    super(`${provider} ${operation}: ${message}`);
    this.name = "ProviderError";
  }
}
