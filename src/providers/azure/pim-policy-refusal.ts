/**
 * PIM refuses a schedule request that breaks the role's settings with one
 * code, RoleAssignmentRequestPolicyValidationFailed, naming the failed rules
 * only in its message: `The following policy rules failed: ["ExpirationRule"]`
 * (Microsoft Learn, "privileged role common errors": ExpirationRule,
 * JustificationRule, TicketingRule, MfaRule, EligibilityRule). Each becomes
 * words naming the role setting to change, with the policy's value read back
 * from roleManagementPolicyAssignments when the app may read it.
 */
import type { RoleManagementPolicyRuleUnion } from "@azure/arm-authorization";
import { formatDuration } from "../../core/duration.js";
import type { GrantSpec } from "../../core/grant.js";
import { ProviderError } from "../provider.js";
import type { AzureContext } from "./azure-context.js";
import { collect } from "./azure-context.js";
import { sdkScope } from "./azure-scope.js";
import { guidOf } from "./role-resolver.js";

const WHERE = "Entra ID > Privileged Identity Management > Azure resources > (the resource) > Settings";

/** The rule names in a policy refusal's message, or [] when it names none. */
export function failedPolicyRules(message: string | undefined): string[] {
  const list = /\[([^\]]*)\]/.exec(message ?? "")?.[1] ?? "";
  return [...list.matchAll(/"([A-Za-z]+)"/g)].map((m) => m[1] ?? "").filter(Boolean);
}

/**
 * @example
 *   throw await explainPolicyRefusal(ctx, spec, roleDefinitionId, error);
 *   // "azure grant: Azure PIM role setting 'Expire active assignments after' for Reader on /subscriptions/… is 4 hours; …"
 */
export async function explainPolicyRefusal(ctx: AzureContext, spec: GrantSpec, roleDefinitionId: string, error: unknown): Promise<ProviderError> {
  const said = (error as { message?: string } | undefined)?.message;
  const rules = failedPolicyRules(said);
  const policy = await readAdminAssignmentRules(ctx, spec.scope, roleDefinitionId);
  const where = `for ${spec.role} on ${spec.scope}`;
  const edit = `${WHERE} > ${spec.role} > Edit > Assignment`;
  const askedMs = spec.window.end.getTime() - Math.max(spec.window.start.getTime(), ctx.clock.now().getTime());
  const words = rules.map((rule) => {
    switch (rule) {
      case "ExpirationRule": {
        const max = policy?.maxActiveMs === undefined ? "shorter than this window" : formatDuration(policy.maxActiveMs);
        return `Azure PIM role setting 'Expire active assignments after' ${where} is ${max}; the request asks ${formatDuration(askedMs)}: shorten the window (duration) or raise that setting in ${edit}`;
      }
      case "JustificationRule":
        return `Azure PIM role setting 'Require justification on active assignment' is on ${where}, and PIM did not accept access-pr's justification: check the request's reason, or turn that setting off in ${edit}`;
      case "TicketingRule":
        return `Azure PIM role setting 'Require ticket information' is on ${where}, and this request ${spec.origin.ticket ? `carries ticket ${spec.origin.ticket}, which PIM did not accept` : "has no ticket"}: add a ticket: line to the request file, or turn that setting off in ${edit}`;
      case "MfaRule":
        return `Azure PIM role setting 'Require Azure Multi-Factor Authentication on active assignment' is on ${where}; access-pr assigns as a service principal, which cannot complete MFA, so PIM refuses every assignment it makes there: turn that setting off in ${edit} (the pull request's approvals are the control), or grant this role outside access-pr`;
      default:
        return `Azure PIM refused the request under its ${rule} ${where}: compare the request with the role's settings in ${WHERE} > ${spec.role}`;
    }
  });
  const text = words.length > 0 ? words.join("; ") : `Azure PIM refused the request ${where} under the role's settings (${said ?? "no detail"}): compare it with ${WHERE} > ${spec.role}`;
  return new ProviderError("azure", "grant", `${text}; nothing was granted`, error);
}

interface AdminAssignmentRules {
  maxActiveMs?: number;
}

/** The role's effective rules for an administrator's active assignment at the scope; undefined when they cannot be read. */
async function readAdminAssignmentRules(ctx: AzureContext, scope: string, roleDefinitionId: string): Promise<AdminAssignmentRules | undefined> {
  try {
    const assignments = await collect(ctx.client.roleManagementPolicyAssignments.listForScope(sdkScope(scope)));
    const mine = assignments.find((a) => guidOf(a.roleDefinitionId ?? "") === guidOf(roleDefinitionId));
    const expiration = mine?.effectiveRules?.find((r) => r.id === "Expiration_Admin_Assignment");
    return { maxActiveMs: expiration && isExpiration(expiration) ? isoDurationMs(expiration.maximumDuration) : undefined };
  } catch (error) {
    // Reading role settings needs Microsoft.Authorization/roleManagementPolicies/read; the refusal stands without the value.
    ctx.log.warn({ scope, err: error }, "could not read the PIM role settings to explain a refusal");
    return undefined;
  }
}

function isExpiration(rule: RoleManagementPolicyRuleUnion): rule is Extract<RoleManagementPolicyRuleUnion, { ruleType: "RoleManagementPolicyExpirationRule" }> {
  return rule.ruleType === "RoleManagementPolicyExpirationRule";
}

/** ISO 8601 durations as PIM writes them (P90D, PT8H, PT1H30M). */
export function isoDurationMs(value: string | undefined): number | undefined {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(value ?? "");
  if (!m || value === "P" || value === "PT") return undefined;
  const [d, h, min, s] = [m[1], m[2], m[3], m[4]].map((x) => Number(x ?? 0)) as [number, number, number, number];
  return (((d * 24 + h) * 60 + min) * 60 + s) * 1000;
}
