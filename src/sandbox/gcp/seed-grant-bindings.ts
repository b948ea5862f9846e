/**
 * Seeds the GCP emulator with the bindings the app's GCP provider would have
 * written for these grants (same member spelling, same expiring condition), so
 * a bench can start from requests already granted without granting each one.
 */
import type { GrantSpec } from "../../core/grant.js";
import { bindingCondition } from "../../providers/gcp/gcp-binding.js";
import { canonicalGcpMember } from "../../providers/gcp/gcp-member.js";
import type { GcpEmulator } from "./gcp-emulator.js";

/**
 * @example
 *   seedGrantBindings(gcp, "projects/payments-prod", specs, clock.now());
 */
export function seedGrantBindings(gcp: GcpEmulator, scope: string, specs: GrantSpec[], now: Date): void {
  const bindings = specs.map((spec) => ({ role: spec.role, members: [canonicalGcpMember(spec.principal)], condition: bindingCondition(spec, now) }));
  gcp.setPolicyDirectly(scope, [...gcp.getPolicy(scope).bindings, ...bindings]);
}
