/**
 * The emulator's state: resources (projects, folders, organizations), their
 * allow policies, etags, who may manage them and how many writes they took.
 * HTTP-free so the driver and the server share one truth.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Clock } from "../../core/clock.js";
import type { IamAccounts } from "./iam-accounts.js";
import { conditionHolds } from "./iam-condition.js";
import type { IamBinding, IamPolicyBody } from "./iam-policy-rules.js";

export type ResourceKind = "projects" | "folders" | "organizations";

export interface StoredPolicy {
  version: number;
  etag: string;
  bindings: IamBinding[];
}

interface Resource {
  bindings: IamBinding[];
  etag: string;
  denied: boolean;
  writes: number[];
}

export class IamPolicyStore {
  private readonly resources = new Map<string, Resource>();
  writeQuotaPerMinute = 600;

  constructor(
    private readonly clock: Clock,
    private readonly accounts: IamAccounts,
  ) {}

  create(name: string): string {
    if (!this.resources.has(name)) this.resources.set(name, { bindings: [], etag: newEtag(), denied: false, writes: [] });
    return name;
  }

  has(name: string): boolean {
    return this.resources.has(name);
  }

  setDenied(name: string, denied: boolean): void {
    this.require(name).denied = denied;
  }

  isDenied(name: string): boolean {
    return this.require(name).denied;
  }

  /** The policy as IAM would present it for `requestedVersion`: version 1 hides conditions behind `_withcond_` role names. */
  read(name: string, requestedVersion = 3): StoredPolicy {
    const resource = this.require(name);
    const conditional = resource.bindings.some((b) => b.condition);
    if (conditional && requestedVersion >= 3) return { version: 3, etag: resource.etag, bindings: clone(resource.bindings) };
    const bindings = resource.bindings.map((b) =>
      b.condition ? { role: `${b.role}_withcond_${conditionHash(b)}`, members: [...b.members] } : { role: b.role, members: [...b.members] },
    );
    return { version: 1, etag: resource.etag, bindings };
  }

  /** Replace the policy (after the caller checked etag and rules); conditions are dropped when version < 3. */
  write(name: string, policy: IamPolicyBody): StoredPolicy {
    const resource = this.require(name);
    const keepConditions = (policy.version ?? 0) >= 3;
    resource.bindings = normalise(policy.bindings ?? [], keepConditions, (m) => this.accounts.canonical(m));
    resource.etag = newEtag();
    return this.read(name, 3);
  }

  /** Count a write against the per-resource quota; false when the minute's quota is spent. */
  chargeWrite(name: string): boolean {
    const resource = this.require(name);
    const now = this.clock.now().getTime();
    resource.writes = resource.writes.filter((t) => t > now - 60_000);
    if (resource.writes.length >= this.writeQuotaPerMinute) return false;
    resource.writes.push(now);
    return true;
  }

  holds(name: string, member: string, role: string, at: Date): boolean {
    return this.require(name).bindings.some(
      (b) => b.role === role && b.members.includes(member) && (!b.condition || conditionHolds(b.condition.expression, at)),
    );
  }

  private require(name: string): Resource {
    const resource = this.resources.get(name);
    if (!resource) throw new Error(`unknown resource ${name}: create it with the driver first`);
    return resource;
  }
}

/** IAM merges bindings with the same role and condition, stores each member's canonical spelling once, and drops empty bindings. */
function normalise(bindings: IamBinding[], keepConditions: boolean, canonical: (member: string) => string): IamBinding[] {
  const merged = new Map<string, IamBinding>();
  for (const binding of bindings) {
    const condition = keepConditions && binding.condition ? withoutEmptyFields(binding.condition) : undefined;
    const key = JSON.stringify([binding.role, condition?.expression, condition?.title, condition?.description]);
    const target = merged.get(key) ?? { role: binding.role, members: [], ...(condition ? { condition } : {}) };
    for (const written of binding.members ?? []) {
      const member = canonical(written);
      if (!target.members.includes(member)) target.members.push(member);
    }
    merged.set(key, target);
  }
  return [...merged.values()].filter((b) => b.members.length > 0);
}

/** Proto3 JSON cannot tell "" from absent, so neither can IAM: an empty description or location is no description. */
function withoutEmptyFields<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== "" && v !== null && v !== undefined)) as T;
}

function conditionHash(binding: IamBinding): string {
  return createHash("sha256").update(JSON.stringify(binding.condition)).digest("hex").slice(0, 20);
}

function newEtag(): string {
  return randomBytes(8).toString("base64");
}

function clone<T>(value: T): T {
  return structuredClone(value);
}
