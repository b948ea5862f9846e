/**
 * What Resource Manager refuses in a setIamPolicy, with messages shaped like
 * the real ones. Returns the first refusal, or undefined when the policy is
 * acceptable.
 *
 * @example
 *   refusePolicy({ version: 3, bindings: [{ role: "roles/owner", members: ["user:a@x.io"], condition: { expression: "true", title: "t" } }] });
 *   // => "Conditions are not supported for basic roles: roles/owner. …"
 */
import { celSyntaxProblem } from "./cel-syntax.js";
import { countLogicalOperators } from "./iam-condition.js";

export interface IamCondition {
  expression: string;
  title?: string;
  description?: string;
}

export interface IamBinding {
  role: string;
  members: string[];
  condition?: IamCondition;
}

export interface IamPolicyBody {
  version?: number;
  bindings?: IamBinding[];
  etag?: string;
}

export const BASIC_ROLES = new Set(["roles/owner", "roles/editor", "roles/viewer"]);
const PUBLIC_MEMBERS = new Set(["allUsers", "allAuthenticatedUsers"]);
const MEMBER_PREFIXES = ["user:", "group:", "serviceAccount:", "domain:", "deleted:", "principal://", "principalSet://"];
export const MAX_PRINCIPALS = 1500;
export const MAX_CONDITIONAL_BINDINGS_PER_ROLE_MEMBER = 20;
export const MAX_LOGICAL_OPERATORS = 12;
const MAX_TITLE = 100;
const MAX_DESCRIPTION = 256;

export function refusePolicy(policy: IamPolicyBody): string | undefined {
  const version = policy.version ?? 0;
  if (![0, 1, 3].includes(version)) return `Invalid policy version ${version}: valid values are 0, 1 and 3.`;
  const bindings = policy.bindings ?? [];
  let principals = 0;
  const conditionalPerRoleMember = new Map<string, number>();
  for (const binding of bindings) {
    if (typeof binding.role !== "string" || !/^(roles|projects\/[^/]+\/roles|organizations\/[^/]+\/roles)\/[A-Za-z0-9_.]+$/.test(binding.role)) {
      return `Role ${String(binding.role)} is not a valid role name.`;
    }
    // google/iam/v1/policy.proto, Policy.bindings: "bindings with no members will result in an error".
    if ((binding.members ?? []).length === 0) return `Binding for role ${binding.role} has no members: a binding must name at least one principal.`;
    for (const member of binding.members ?? []) {
      if (!PUBLIC_MEMBERS.has(member) && !MEMBER_PREFIXES.some((p) => member.startsWith(p) && member.length > p.length)) {
        return `Invalid member "${member}": a principal must start with user:, group:, serviceAccount:, domain:, principal:// or principalSet://, or be allUsers or allAuthenticatedUsers.`;
      }
      principals += 1;
    }
    const condition = binding.condition;
    if (!condition) continue;
    if (version < 3) return "Policy version 1 cannot hold conditional role bindings: set version 3 to add, change or keep conditions.";
    const problem = refuseCondition(binding.role, binding.members ?? [], condition);
    if (problem) return problem;
    for (const member of binding.members ?? []) {
      const key = `${binding.role}\u0000${member}`;
      const count = (conditionalPerRoleMember.get(key) ?? 0) + 1;
      conditionalPerRoleMember.set(key, count);
      if (count > MAX_CONDITIONAL_BINDINGS_PER_ROLE_MEMBER) {
        return `The policy has more than ${MAX_CONDITIONAL_BINDINGS_PER_ROLE_MEMBER} conditional role bindings for role ${binding.role} and principal ${member}; remove some before adding more.`;
      }
    }
  }
  if (principals > MAX_PRINCIPALS) {
    return `The number of principals in the policy (${principals}) exceeds the limit of ${MAX_PRINCIPALS}; use groups to grant roles to many principals.`;
  }
  return undefined;
}

function refuseCondition(role: string, members: string[], condition: IamCondition): string | undefined {
  if (BASIC_ROLES.has(role)) {
    return `Conditions are not supported for basic roles: ${role}. Grant a predefined or custom role instead.`;
  }
  const publicMember = members.find((m) => PUBLIC_MEMBERS.has(m));
  if (publicMember) return `Conditions are not supported for the principal ${publicMember} (role ${role}).`;
  if (typeof condition.expression !== "string" || condition.expression.trim() === "") {
    return `Condition on role ${role} has an empty expression.`;
  }
  if (!condition.title) return `Condition on role ${role} needs a title.`;
  if (condition.title.length > MAX_TITLE) return `Condition title is longer than ${MAX_TITLE} characters (role ${role}).`;
  if ((condition.description ?? "").length > MAX_DESCRIPTION) {
    return `Condition description is longer than ${MAX_DESCRIPTION} characters (role ${role}).`;
  }
  const syntax = celSyntaxProblem(condition.expression);
  if (syntax) return `Condition expression on role ${role} is not valid CEL (${syntax}): ${condition.expression}`;
  const operators = countLogicalOperators(condition.expression);
  if (operators > MAX_LOGICAL_OPERATORS) {
    return `Condition expression on role ${role} has ${operators} logical operators; the limit is ${MAX_LOGICAL_OPERATORS}.`;
  }
  return undefined;
}
