// The ledger's wire form: what is written reads back exactly, in parts that fit a check run, and anything
// incomplete, mixed or altered reads back as no ledger (each file is then derived from its merge commit).
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { DecisionRecord } from "../../src/lifecycle/decision-record.js";
import { decodeLedgers, encodeLedger, entriesDigest, PART_CHARS } from "../../src/lifecycle/ledger-codec.js";
import type { Ledger } from "../../src/lifecycle/ledger-codec.js";

const HOUR = 3_600_000;
const sha = (seed: string) => Buffer.from(seed.padEnd(20, "-")).toString("hex").slice(0, 40);

function record(i: number, noise = ""): DecisionRecord {
  const start = new Date(Date.UTC(2026, 10, 24, 8));
  const window = { start, end: new Date(start.getTime() + 2 * HOUR) };
  const path = `requests/gcp/prod/eng-${i}.yaml`;
  const origin = { repo: "acme/access", requestPath: path, pr: i, requester: `eng-${i}`, approvers: ["bob"], reason: `INC-${i} ${noise}` };
  const spec = { provider: "gcp" as const, scope: "projects/payments-prod", role: "roles/cloudsql.client", principal: `user:eng-${i}@acme.example`, window, key: `k${i}`, origin };
  return { path, blobSha: sha(`blob${i}`), outcome: "granted", pr: i, versionPr: i, requester: `eng-${i}`, approvers: ["bob"], policySha: sha("policy"), firstStart: start, window, grants: [{ spec, rule: "payments-prod-db", maxDurationMs: 4 * HOUR, principalName: `eng-${i}` }] };
}

function ledgerOf(n: number, noise = (_: number) => ""): Ledger {
  return { head: sha("head"), entries: Array.from({ length: n }, (_, i) => ({ record: record(i, noise(i)), mergeCommitSha: sha(`merge${i}`), setBy: sha(`set${i}`) })) };
}

describe("the decision ledger's encoding", () => {
  it("reads back every entry, dates and all, from one part for a thousand requests", () => {
    const ledger = ledgerOf(1000);
    const parts = encodeLedger(ledger);
    expect(parts.length).toBeLessThanOrEqual(3);
    const [read] = decodeLedgers(parts.map((p) => p.text));
    expect(read).toEqual(ledger);
    expect(read?.entries[999]?.record.window.end).toBeInstanceOf(Date);
  });

  it("splits a payload that does not compress into parts within GitHub's 65,535-character output limit", () => {
    // Random reasons defeat gzip, so the payload needs several parts.
    const ledger = ledgerOf(400, () => randomBytes(200).toString("hex"));
    const parts = encodeLedger(ledger);
    expect(parts.length).toBeGreaterThan(2);
    for (const part of parts) {
      expect(part.text.length).toBeLessThanOrEqual(65_535);
      expect(part.summary.length).toBeLessThanOrEqual(65_535);
      expect(part.text.length).toBeLessThanOrEqual(PART_CHARS + 200);
    }
    expect(decodeLedgers(parts.map((p) => p.text).reverse())).toEqual([ledger]);
  });

  it("reads nothing from a ledger missing a part, or with a part from another write, or with an altered part", () => {
    const noise = () => randomBytes(200).toString("hex");
    const first = encodeLedger(ledgerOf(400, noise)).map((p) => p.text);
    const second = encodeLedger(ledgerOf(400, noise)).map((p) => p.text);
    expect(decodeLedgers(first.slice(1))).toEqual([]);
    expect(decodeLedgers([second[0], ...first.slice(1)])).toEqual([]);
    const altered = first.map((text, i) => (i === 1 ? text.replace(/[A-Za-z](?=[^\n]*$)/, (c) => (c === "A" ? "B" : "A")) : text));
    expect(decodeLedgers(altered)).toEqual([]);
    // Both complete writes read back when replicas each wrote every part.
    expect(decodeLedgers([...first, ...second])).toHaveLength(2);
  });

  it.each([
    ["another version", (t: string) => t.replace("ledger v1 ", "ledger v2 ")],
    ["text that is not a ledger", () => "### Merge decision\nsomething else"],
    ["an empty output", () => ""],
  ])("reads nothing from %s", (_name, change) => {
    const parts = encodeLedger(ledgerOf(3)).map((p) => change(p.text));
    expect(decodeLedgers(parts)).toEqual([]);
  });

  it("leaves out an entry that is not of this version's shape and keeps the others", () => {
    const ledger = ledgerOf(2);
    const broken = { head: ledger.head, entries: [...ledger.entries, { record: { path: 3 }, mergeCommitSha: sha("m"), setBy: sha("s") } as never] };
    expect(decodeLedgers(encodeLedger(broken).map((p) => p.text))).toEqual([ledger]);
  });

  it("fingerprints the entries, not their order", () => {
    const ledger = ledgerOf(3);
    expect(entriesDigest([...ledger.entries].reverse())).toBe(entriesDigest(ledger.entries));
    expect(entriesDigest(ledger.entries.slice(1))).not.toBe(entriesDigest(ledger.entries));
  });
});
