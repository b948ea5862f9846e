import type { GrantSpec, HeldGrant } from "../../src/core/grant.js";
import type { DecisionRecord } from "../../src/lifecycle/decision-record.js";
import type { BackedRequest, UnbackedRequest } from "../../src/lifecycle/types.js";

export const T = (iso: string): Date => new Date(`2026-11-24T${iso}:00Z`);

export function spec(path: string, overrides: Partial<GrantSpec> = {}): GrantSpec {
  return {
    provider: "gcp",
    scope: "projects/payments-prod",
    role: "roles/cloudsql.client",
    principal: "user:alice@acme.example",
    window: { start: T("08:00"), end: T("10:00") },
    key: `key:${path}:${overrides.provider ?? "gcp"}`,
    origin: { repo: "acme/access", requestPath: path, pr: 1, requester: "alice", approvers: ["bob"], reason: "INC-4711" },
    ...overrides,
  };
}

export function backed(path: string, window = { start: T("08:00"), end: T("10:00") }, specs?: GrantSpec[]): BackedRequest {
  const all = specs ?? [spec(path, { window })];
  return { status: "backed", path, blobSha: `blob-${path}`, pr: 1, versionPr: 1, mergeCommitSha: null, requester: "alice", window, specs: all, decision: decision(path, window, all) };
}

export function decision(path: string, window: { start: Date; end: Date }, specs: GrantSpec[], principalName = "alice"): DecisionRecord {
  return {
    path,
    blobSha: `blob-${path}`,
    outcome: "granted",
    pr: 1,
    versionPr: 1,
    requester: "alice",
    approvers: ["bob"],
    policySha: "0".repeat(40),
    firstStart: window.start,
    window,
    grants: specs.map((s) => ({ spec: s, rule: "payments-prod-db", maxDurationMs: 4 * 3_600_000, principalName })),
  };
}

export function unbacked(path: string, reason: string, pr?: number): UnbackedRequest {
  return { status: "unbacked", path, blobSha: `blob-${path}`, ...(pr ? { pr } : {}), reason, specs: [spec(path)] };
}

export function held(s: GrantSpec, end: Date | undefined = s.window.end): HeldGrant {
  return { provider: s.provider, scope: s.scope, role: s.role, principal: s.principal, key: s.key, ...(end ? { end } : {}) };
}
