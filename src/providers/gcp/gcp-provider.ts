/**
 * GCP behind the Provider interface: expiring role bindings on projects,
 * folders and organizations through IAM conditions.
 *
 * @example
 *   const gcp = createGcpProvider({ clock });                                   // ADC / workload identity
 *   const local = createGcpProvider({ clock, endpoint: { host: "127.0.0.1", port, protocol: "http" }, authClient });
 *   await gcp.grant(spec);
 */
import type { Clock } from "../../core/clock.js";
import type { GrantSpec, HeldGrant } from "../../core/grant.js";
import type { GrantProblem, Provider } from "../provider.js";
import { ProviderError } from "../provider.js";
import { readOurCondition } from "./gcp-binding.js";
import { isEtagConflict, wrapGcpError } from "./gcp-errors.js";
import type { GcpEndpoint, IamPolicy } from "./gcp-iam-client.js";
import { IamClient } from "./gcp-iam-client.js";
import type { Edit, PolicyBinding } from "./gcp-policy-edit.js";
import { addGrant, removeGrant } from "./gcp-policy-edit.js";
import { validateGcpGrant } from "./validate-gcp-grant.js";

/** The subset of a pino logger the provider uses. */
export interface GcpLogger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface GcpProviderOptions {
  clock: Clock;
  endpoint?: GcpEndpoint;
  authClient?: unknown;
  logger?: GcpLogger;
  /** Etag conflicts are retried this many times in all (default 8), with jittered exponential backoff from baseDelayMs (default 50). */
  retry?: { tries?: number; baseDelayMs?: number; maxDelayMs?: number };
}

export interface GcpProvider extends Provider {
  /** Close the SDK clients (sockets) when shutting down. */
  close(): Promise<void>;
}

type Binding = PolicyBinding & Record<string, unknown>;

export function createGcpProvider(options: GcpProviderOptions): GcpProvider {
  const { clock } = options;
  const iam = new IamClient({ endpoint: options.endpoint, authClient: options.authClient });
  const log = options.logger ?? silentLogger;
  const tries = options.retry?.tries ?? 8;
  const baseDelayMs = options.retry?.baseDelayMs ?? 50;
  const maxDelayMs = options.retry?.maxDelayMs ?? 2_000;

  /** Read, edit, write with the etag; start over on a conflict only. */
  async function readModifyWrite(operation: string, scope: string, edit: (bindings: Binding[], now: Date) => Edit<Binding>): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const policy = await iam.get(scope);
        const result = edit((policy.bindings ?? []) as Binding[], clock.now());
        if (!result.changed) {
          log.debug({ scope, operation }, "gcp policy already as wanted");
          return;
        }
        await iam.set(scope, policy, result.bindings);
        log.info({ scope, operation, attempt }, "gcp policy written");
        return;
      } catch (error) {
        if (!isEtagConflict(error) || attempt >= tries) {
          const wrapped = wrapGcpError(error, operation, scope);
          if (isEtagConflict(error)) log.warn({ scope, operation, attempts: attempt }, "gcp policy conflicts exhausted the retries");
          throw wrapped;
        }
        const delay = Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
        log.warn({ scope, operation, attempt, delayMs: Math.round(delay) }, "gcp policy write conflict, retrying");
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  function refuseInvalid(spec: GrantSpec): void {
    const problems = validate(spec);
    if (problems.length > 0) throw new ProviderError("gcp", "grant", `refused before calling GCP: ${problems.map((p) => p.message).join("; ")}`);
  }

  function validate(spec: GrantSpec): GrantProblem[] {
    return validateGcpGrant(spec, clock.now());
  }

  return {
    name: "gcp",
    validate,
    async grant(spec) {
      refuseInvalid(spec);
      await readModifyWrite("grant", spec.scope, (bindings, now) => addGrant(bindings, spec, now));
    },
    async revoke(spec) {
      await readModifyWrite("revoke", spec.scope, (bindings) => removeGrant(bindings, spec));
    },
    async list(scope) {
      let policy: IamPolicy;
      try {
        policy = await iam.get(scope);
      } catch (error) {
        throw wrapGcpError(error, "list", scope);
      }
      return heldGrants(scope, (policy.bindings ?? []) as Binding[]);
    },
    close: () => iam.close(),
  };
}

/** Every member of every binding access-pr made, including ones past their end (IAM keeps them until removed). */
function heldGrants(scope: string, bindings: Binding[]): HeldGrant[] {
  const held: HeldGrant[] = [];
  for (const binding of bindings) {
    const ours = readOurCondition(binding.condition);
    if (!ours || !binding.role) continue;
    for (const principal of binding.members ?? []) {
      held.push({ provider: "gcp", scope, role: binding.role, principal, key: ours.key, ...(ours.repo ? { repo: ours.repo } : {}), ...(ours.end ? { end: ours.end } : {}) });
    }
  }
  return held;
}

const silentLogger: GcpLogger = { debug: () => {}, info: () => {}, warn: () => {} };
