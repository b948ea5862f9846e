/**
 * The merge decision as the app records it: what one merge commit granted
 * (or refused) for each request file it carries, verified once at the merge.
 * Written into the `access-pr / grant` check run on the merge commit, which
 * only this app can write, and read back instead of re-deriving approvals,
 * so a later change of team membership cannot silently undo a valid decision.
 * Pure: rendering and parsing only.
 */
import type { GrantSpec, Window } from "../core/grant.js";
import { utc } from "../render/format-time.js";
import { code } from "../render/markdown.js";

export const DECISION_VERSION = 1;
const MARKER = `<!-- access-pr:decision v${DECISION_VERSION} -->`;

export interface RecordedGrant {
  spec: GrantSpec;
  /** The rule that allowed it, and that rule's max_duration when it was judged. */
  rule: string;
  maxDurationMs: number;
  /** The identities.yaml name the principal came from (offboarding looks it up again). */
  principalName: string | null;
}

export interface DecisionRecord {
  path: string;
  /** Blob sha of the version judged: the record backs this version only. */
  blobSha: string;
  outcome: "granted" | "refused";
  /** Why nothing is granted (outcome "refused"), in words for a person. */
  reason?: string;
  /** The pull request that first added the file (its story lives there). */
  pr: number;
  /** The pull request that set this version. */
  versionPr: number;
  requester: string;
  approvers: string[];
  /** The commit whose policies, identities and CODEOWNERS judged it: the merge commit's first parent. */
  policySha: string;
  /** The window's first start: no later version may move it (extensions end at firstStart + max_duration at most). */
  firstStart: Date;
  window: Window;
  grants: RecordedGrant[];
}

/**
 * The check run's `output.text`: words for a person, then the machine-readable block.
 *
 * @example
 *   renderDecisions([record]); // "### Merge decision\n…\n<!-- access-pr:decision v1 -->\n```json\n{…}\n```"
 */
export function renderDecisions(records: DecisionRecord[]): string {
  const human = records.map(describeDecision).join("\n\n");
  // Escaped so requester text (the reason) can neither close the fence nor inject markup.
  const json = JSON.stringify({ version: DECISION_VERSION, decisions: records }, null, 1).replace(/[`<>&@]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return `### Merge decision\n\n${human}\n\n${MARKER}\n\`\`\`json\n${json}\n\`\`\`\n`;
}

/**
 * Reads the block back; undefined when absent or not this version's shape (the app then derives once).
 *
 * @example
 *   parseDecisions(run.output.text)?.find((d) => d.path === path && d.blobSha === sha);
 */
export function parseDecisions(text: string | null | undefined): DecisionRecord[] | undefined {
  if (!text) return undefined;
  const at = text.indexOf(MARKER);
  if (at < 0) return undefined;
  const block = /```json\n([\s\S]*?)\n```/.exec(text.slice(at));
  if (!block?.[1]) return undefined;
  try {
    const data: unknown = JSON.parse(block[1]);
    if (!isObject(data) || data.version !== DECISION_VERSION || !Array.isArray(data.decisions)) return undefined;
    const records = data.decisions.map(toRecord);
    return records.every((r) => r !== undefined) ? records : undefined;
  } catch {
    return undefined;
  }
}

/** One decision read back from JSON (as `renderDecisions` writes it); undefined when it is not this version's shape. */
export function decisionFromJson(value: unknown): DecisionRecord | undefined {
  return toRecord(value);
}

function describeDecision(record: DecisionRecord): string {
  const head = `${code(record.path)} (blob ${record.blobSha.slice(0, 12)}), #${record.versionPr}${record.versionPr === record.pr ? "" : ` extending #${record.pr}`}, judged against policies at ${record.policySha.slice(0, 12)}`;
  if (record.outcome === "refused") return `${head}: nothing granted: ${code(record.reason ?? "refused")}.`;
  const lines = record.grants.map((g) => `- ${g.spec.provider} ${code(g.spec.role)} on ${code(g.spec.scope)} for ${code(g.spec.principal)} (rule ${code(g.rule)}, max ${Math.round(g.maxDurationMs / 60_000)} min)`);
  return `${head}: requested by ${code(record.requester)}, approved by ${record.approvers.map(code).join(", ") || "nobody"}; from ${utc(record.window.start)} until ${utc(record.window.end)} (first start ${utc(record.firstStart)}).\n${lines.join("\n")}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function date(value: unknown): Date | undefined {
  if (typeof value !== "string") return undefined;
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed;
}

function window(value: unknown): Window | undefined {
  if (!isObject(value)) return undefined;
  const start = date(value.start);
  const end = date(value.end);
  return start && end ? { start, end } : undefined;
}

function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === "string") ? value : undefined;
}

function toGrant(value: unknown): RecordedGrant | undefined {
  if (!isObject(value) || !isObject(value.spec) || typeof value.rule !== "string" || typeof value.maxDurationMs !== "number") return undefined;
  const spec = value.spec;
  const specWindow = window(spec.window);
  const fields = ["provider", "scope", "role", "principal", "key"] as const;
  if (!specWindow || !fields.every((f) => typeof spec[f] === "string") || !isObject(spec.origin)) return undefined;
  const principalName = typeof value.principalName === "string" ? value.principalName : null;
  return { spec: { ...(spec as unknown as GrantSpec), window: specWindow }, rule: value.rule, maxDurationMs: value.maxDurationMs, principalName };
}

function toRecord(value: unknown): DecisionRecord | undefined {
  if (!isObject(value)) return undefined;
  const { path, blobSha, outcome, pr, versionPr, requester, policySha } = value;
  const firstStart = date(value.firstStart);
  const approvers = strings(value.approvers);
  const recordWindow = window(value.window);
  if (typeof path !== "string" || typeof blobSha !== "string" || (outcome !== "granted" && outcome !== "refused")) return undefined;
  if (typeof pr !== "number" || typeof versionPr !== "number" || typeof requester !== "string" || typeof policySha !== "string") return undefined;
  if (!firstStart || !approvers || !recordWindow || !Array.isArray(value.grants)) return undefined;
  const grants = value.grants.map(toGrant);
  if (!grants.every((g) => g !== undefined)) return undefined;
  return {
    path,
    blobSha,
    outcome,
    ...(typeof value.reason === "string" ? { reason: value.reason } : {}),
    pr,
    versionPr,
    requester,
    approvers,
    policySha,
    firstStart,
    window: recordWindow,
    grants,
  };
}
