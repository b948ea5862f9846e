/**
 * The decision ledger's wire form: every active request file's recorded
 * decision, gzipped, base64 and cut into parts that fit a check run's
 * `output.text` (GitHub refuses more than 65,535 characters). Each part names
 * its index, the part count and the sha-256 of the whole payload, so parts of
 * two writers interleaved, a part missing or a part altered read back as no
 * ledger at all. Pure: encoding and decoding only.
 */
import { createHash } from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";
import { decisionFromJson } from "./decision-record.js";
import type { DecisionRecord } from "./decision-record.js";

export const LEDGER_VERSION = 1;
/** Base64 characters per part: the header and the limit leave room to spare. */
export const PART_CHARS = 60_000;
/** Far above any real ledger (a thousand entries decode to about 1.5 MB), so a bad payload cannot exhaust memory. */
const MAX_DECODED_BYTES = 64 * 1024 * 1024;
const HEADER = /^<!-- access-pr:ledger v(\d+) part (\d+) of (\d+) sha256 ([0-9a-f]{64}) -->\n([A-Za-z0-9+/=]*)$/;
const FULL_SHA = /^[0-9a-f]{40}$/;

/** One active request file's version, as the app derived it: a copy of the record on its merge commit. */
export interface LedgerEntry {
  record: DecisionRecord;
  mergeCommitSha: string;
  /** The newest commit on the default branch that touched the file (where its derivation starts). */
  setBy: string;
}

export interface Ledger {
  /** The default branch's commit whose request files these are. */
  head: string;
  entries: LedgerEntry[];
}

export interface LedgerPart {
  index: number;
  summary: string;
  text: string;
}

/** A stable fingerprint of the entries: equal when a write would change nothing. */
export function entriesDigest(entries: LedgerEntry[]): string {
  const lines = entries.map((e) => `${e.record.path}@${e.record.blobSha} ${e.mergeCommitSha} ${e.setBy} ${e.record.outcome} ${e.record.window.end.toISOString()}`).sort();
  return createHash("sha256").update(lines.join("\n")).digest("hex");
}

/**
 * @example
 *   const parts = encodeLedger({ head, entries }); // [{ index: 0, summary: "…", text: "<!-- access-pr:ledger v1 part 0 of 1 sha256 … -->\nH4sI…" }]
 */
export function encodeLedger(ledger: Ledger): LedgerPart[] {
  const json = JSON.stringify({ version: LEDGER_VERSION, head: ledger.head, entries: ledger.entries });
  const payload = gzipSync(Buffer.from(json, "utf8")).toString("base64");
  const digest = createHash("sha256").update(payload).digest("hex");
  const count = Math.max(1, Math.ceil(payload.length / PART_CHARS));
  return Array.from({ length: count }, (_, index) => ({
    index,
    summary: `The decisions of the ${ledger.entries.length} active request files at ${ledger.head.slice(0, 12)} (part ${index + 1} of ${count}), so a restart reads them here instead of on each merge commit. A copy only: each entry must match the file on the default branch, and each merge commit's \`access-pr / grant\` record stays the source.`,
    text: `<!-- access-pr:ledger v${LEDGER_VERSION} part ${index} of ${count} sha256 ${digest} -->\n${payload.slice(index * PART_CHARS, (index + 1) * PART_CHARS)}`,
  }));
}

/**
 * Every complete ledger among these part texts (several when writers raced), the best first:
 * one whose parts are all there and whose payload has the digest they name.
 *
 * @example
 *   decodeLedgers(runs.map((r) => r.output.text)); // [{ head: "3f0c…", entries: [...] }]
 */
export function decodeLedgers(texts: (string | null | undefined)[]): Ledger[] {
  const byDigest = new Map<string, { count: number; chunks: Map<number, string> }>();
  for (const text of texts) {
    const match = HEADER.exec(text ?? "");
    if (!match || Number(match[1]) !== LEDGER_VERSION) continue;
    const [index, count, digest, chunk] = [Number(match[2]), Number(match[3]), match[4] ?? "", match[5] ?? ""];
    if (!(index < count)) continue;
    const group = byDigest.get(digest) ?? { count, chunks: new Map<number, string>() };
    if (group.count !== count) continue;
    group.chunks.set(index, chunk);
    byDigest.set(digest, group);
  }
  const ledgers: Ledger[] = [];
  for (const [digest, { count, chunks }] of byDigest) {
    if (chunks.size !== count) continue;
    const payload = Array.from({ length: count }, (_, i) => chunks.get(i) ?? "").join("");
    if (createHash("sha256").update(payload).digest("hex") !== digest) continue;
    const ledger = parsePayload(payload);
    if (ledger) ledgers.push(ledger);
  }
  return ledgers;
}

function parsePayload(payload: string): Ledger | undefined {
  try {
    const data: unknown = JSON.parse(gunzipSync(Buffer.from(payload, "base64"), { maxOutputLength: MAX_DECODED_BYTES }).toString("utf8"));
    if (!isObject(data) || data.version !== LEDGER_VERSION || typeof data.head !== "string" || !FULL_SHA.test(data.head) || !Array.isArray(data.entries)) return undefined;
    // An entry not of this shape is left out: its file is derived from its merge commit instead.
    const entries = data.entries.flatMap((value) => {
      const entry = toEntry(value);
      return entry ? [entry] : [];
    });
    return { head: data.head, entries };
  } catch {
    return undefined;
  }
}

function toEntry(value: unknown): LedgerEntry | undefined {
  if (!isObject(value) || typeof value.mergeCommitSha !== "string" || typeof value.setBy !== "string") return undefined;
  if (!FULL_SHA.test(value.mergeCommitSha) || !FULL_SHA.test(value.setBy)) return undefined;
  const record = decisionFromJson(value.record);
  return record ? { record, mergeCommitSha: value.mergeCommitSha, setBy: value.setBy } : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
