/**
 * The read-modify-write edits on an allow policy's bindings, as pure
 * functions. They touch only bindings whose condition title marks them as
 * access-pr's; everything else passes through untouched, object for object.
 *
 * @example
 *   const { bindings, changed } = addGrant(policy.bindings, spec, clock.now());
 *   if (changed) await setIamPolicy({ ...policy, bindings, version: 3 });
 */
import type { GrantSpec } from "../../core/grant.js";
import { bindingCondition, readOurCondition, sameWindow } from "./gcp-binding.js";
import { canonicalGcpMember, sameGcpMember } from "./gcp-member.js";

export interface PolicyBinding {
  role?: string | null;
  members?: string[] | null;
  condition?: { expression?: string | null; title?: string | null; description?: string | null; location?: string | null } | null;
}

export interface Edit<T extends PolicyBinding> {
  bindings: T[];
  changed: boolean;
}

/** Grant `spec` (adding, or replacing our binding for the key when the window differs) and sweep our expired bindings. */
export function addGrant<T extends PolicyBinding>(bindings: T[], spec: GrantSpec, now: Date): Edit<T> {
  const wanted = bindingCondition(spec, now);
  const wantedWindow = readOurCondition(wanted);
  const already = bindings.some((b) => {
    const ours = readOurCondition(b.condition);
    return ours?.key === spec.key && b.role === spec.role && (b.members ?? []).some((m) => sameGcpMember(m, spec.principal)) && wantedWindow && sameWindow(ours, wantedWindow, now);
  });
  const swept = sweepExpired(bindings, now);
  if (already) return swept;
  const without = removeMember(swept.bindings, spec);
  const added = { role: spec.role, members: [canonicalGcpMember(spec.principal)], condition: wanted } as unknown as T;
  return { bindings: [...without.bindings, added], changed: true };
}

/** Remove exactly our member (in any spelling IAM treats as the same account) from our binding(s) for the key; drop a binding left empty. */
export function removeGrant<T extends PolicyBinding>(bindings: T[], spec: Pick<GrantSpec, "role" | "principal" | "key">): Edit<T> {
  return removeMember(bindings, spec);
}

function removeMember<T extends PolicyBinding>(bindings: T[], spec: Pick<GrantSpec, "role" | "principal" | "key">): Edit<T> {
  let changed = false;
  const result: T[] = [];
  for (const binding of bindings) {
    const members = binding.members ?? [];
    const ours = readOurCondition(binding.condition);
    if (ours?.key !== spec.key || binding.role !== spec.role || !members.some((m) => sameGcpMember(m, spec.principal))) {
      result.push(binding);
      continue;
    }
    changed = true;
    const rest = members.filter((m) => !sameGcpMember(m, spec.principal));
    if (rest.length > 0) result.push({ ...binding, members: rest });
  }
  return { bindings: result, changed };
}

/** Our bindings whose end has passed grant nothing any more; removing them keeps the policy under IAM's limits. */
function sweepExpired<T extends PolicyBinding>(bindings: T[], now: Date): Edit<T> {
  const kept = bindings.filter((b) => {
    const end = readOurCondition(b.condition)?.end;
    return end === undefined || end.getTime() > now.getTime();
  });
  return { bindings: kept, changed: kept.length !== bindings.length };
}
