/**
 * The Entra ID principals ARM looks up when a role is assigned. A principal
 * created moments ago is not yet replicated to where ARM looks, so ARM answers
 * 400 PrincipalNotFound for a while ("Troubleshoot Azure RBAC", Microsoft Learn:
 * a replication delay right after creating a principal). A role assignment
 * that states its principalType skips the lookup altogether, as the error
 * message itself advises (PIM requests carry no principalType). A deleted
 * principal is not found for good. Principals the emulator was never told about are taken to exist,
 * so a tenant can be shaped with only the principals a test cares about.
 */
import { badRequest } from "./arm-error.js";
import type { ArmError } from "./arm-error.js";

export const EMULATED_TENANT_ID = "72f988bf-86f1-41af-91ab-2d7cd011db47";

interface PrincipalRecord {
  createdAt: number;
  deletedAt?: number;
}

export class EntraPrincipals {
  /** How long a new principal stays invisible to ARM, on the shared clock (default 0: at once). */
  replicationDelayMs = 0;
  private readonly records = new Map<string, PrincipalRecord>();

  create(id: string, at: Date): void {
    this.records.set(id.toLowerCase(), { createdAt: at.getTime() });
  }

  delete(id: string, at: Date): void {
    const record = this.records.get(id.toLowerCase());
    this.records.set(id.toLowerCase(), { createdAt: record?.createdAt ?? 0, deletedAt: at.getTime() });
  }

  /**
   * The refusal ARM answers when it cannot find `id` at `now`, or undefined.
   * A role assignment that states its principalType is not looked up at all.
   */
  refusal(id: string, now: Date, options: { principalType?: unknown } = {}): ArmError | undefined {
    const record = this.records.get(id.toLowerCase());
    if (!record || typeof options.principalType === "string") return undefined;
    const gone = record.deletedAt !== undefined && record.deletedAt <= now.getTime();
    const replicating = now.getTime() < record.createdAt + this.replicationDelayMs;
    if (!gone && !replicating) return undefined;
    return badRequest(
      "PrincipalNotFound",
      `Principal ${id.replaceAll("-", "")} does not exist in the directory ${EMULATED_TENANT_ID}. Check that you have the correct principal ID. If you are creating this principal and then immediately assigning a role, this error might be related to a replication delay. In this case, set the role assignment principalType property to a value, such as ServicePrincipal, User, or Group.  See https://aka.ms/docs-principaltype`,
    );
  }
}
